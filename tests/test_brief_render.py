"""Briefing formats (brief_render, brief_html, brief_format): md, txt, html, json, overview."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import regex
from lxml import etree
from lxml import html as lxml_html

from tests.brief_helpers import brief_fixture, glossary_fixture, seed_fixture  # noqa: F401 (pytest fixtures)
from tests.conftest import SEED_ID
from tmbrief.brief import rules
from tmbrief.brief.briefing import brief_outputs, make_brief, make_overview
from tmbrief.brief.format import human_date
from tmbrief.brief.render import FORMATS, brief_json, render, render_overview

HAN = regex.compile(r"\p{Han}")


@pytest.mark.parametrize(("month", "name"), list(enumerate(rules.MONTHS, 1)))
def test_month_names(month, name):
    assert human_date(f"2023-{month:02d}-05") == f"5 {name} 2023"


@pytest.mark.parametrize("text", ["", "2023-13-01", "December 2023"])
def test_other_dates_unchanged(text):
    assert human_date(text) == text


def test_json_shape(brief):
    data = json.loads(render(brief, "json"))
    for key in ("headline", "outlet", "date", "byline", "summary", "figures", "speakers"):
        assert key in data
    assert data["date"] == "2023-12-20" and data["outlet"]["en"] == "Hualong Net"
    assert all(set(s) == {"text", "tuids"} for s in data["summary"])  # all translated
    assert all(isinstance(t, str) for s in data["summary"] for t in s["tuids"])
    assert all({"en", "zh", "tuid", "agrees"} <= set(f) for f in data["figures"])
    assert all({"en", "zh", "title", "text", "tuids"} <= set(s) for s in data["speakers"])
    assert data == brief_json(brief)


def test_json_explain_adds_scores(brief):
    data = json.loads(render(brief, "json", explain=True))
    for s in data["summary"]:
        assert set(dict(rules.WEIGHTS)) <= set(s["scores"])
        assert 0 <= s["scores"]["salience"] <= 1


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_explain_prints_each_sentences_scores(brief, fmt):
    plain, explained = render(brief, fmt), render(brief, fmt, explain=True)
    assert "salience=" not in plain
    assert explained.count("salience=") == len(brief.summary)
    assert explained.count("centrality=") == len(brief.summary)


def test_markdown_sections(brief):
    md = render(brief, "md")
    for heading in ("## Summary", "## Key figures", "## Who spoke", "## Full translation memory"):
        assert heading in md
    assert md.count("\n1. ") == 1 and f"[{brief.summary[0].tuids[0]}]" in md
    assert f"exports/{SEED_ID}.tmx" in md and f"exports/{SEED_ID}.po" in md


def test_html_is_well_formed_and_tagged(brief):
    page = render(brief, "html")
    assert page.startswith("<!DOCTYPE html>\n")
    root = etree.fromstring(page.split("\n", 1)[1])  # strict XML parse: well-formed
    assert root.tag == "html" and root.get("lang") == "en"
    doc = lxml_html.document_fromstring(page)
    assert doc.find(".//style") is not None and doc.find(".//h1").text == brief.headline
    assert len(doc.findall(".//ol/li")) == len(brief.summary)
    # Every piece of Chinese sits in an element that says so.
    for element in doc.iter():
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if text and HAN.search(text):
                assert holder.get("lang") == "zh-CN", text


HOSTILE = '<script>alert("x")</script> & <b>bold</b> *star* _under_ | pipe'


def hostile_units(units):
    """The seed with markup in every English target and the Chinese of the title."""
    return tuple(
        replace(
            u,
            target=f"{u.target} {HOSTILE}",
            source=u.source + ("<i>标题</i>" * (u.paragraph == 0)),
        )
        for u in units
    )


def test_html_escapes_text(seed, glossary):
    units, meta, kinds = seed
    b = make_brief(hostile_units(units), meta, paragraph_kinds=kinds, glossary=glossary)
    page = render(b, "html")
    assert "<script>" not in page and "<b>bold" not in page and "<i>标题" not in page
    assert "&lt;script&gt;" in page
    doc = lxml_html.document_fromstring(page)
    assert not doc.findall(".//script") and not doc.findall(".//b")
    assert HOSTILE in doc.find(".//ol/li").text_content()


def test_markdown_escapes_text(seed, glossary):
    units, meta, kinds = seed
    b = make_brief(hostile_units(units), meta, paragraph_kinds=kinds, glossary=glossary)
    md = render(b, "md")
    assert "<script>" not in md and "\\<script\\>" in md and "\\*star\\*" in md


def test_unknown_format(brief):
    with pytest.raises(ValueError, match="unknown briefing format"):
        render(brief, "pdf")


def test_brief_outputs_for_the_build(seed, glossary, brief):
    units, meta, kinds = seed
    files = brief_outputs(units, meta, kinds, glossary)
    assert set(files) == {f"exports/{SEED_ID}.brief.md", f"exports/{SEED_ID}.brief.html"}
    assert files[f"exports/{SEED_ID}.brief.md"].decode() == render(brief, "md")
    assert files[f"exports/{SEED_ID}.brief.html"].decode() == render(brief, "html")


def test_needs_review_units_are_flagged_in_citations(seed, glossary, brief):
    units, meta, kinds = seed
    first = brief.summary[0].tuids[0]
    marked = tuple(replace(u, status="needs-review") if u.tuid == first else u for u in units)
    b = make_brief(marked, meta, paragraph_kinds=kinds, glossary=glossary)
    assert [s.needs_review for s in b.summary] == [True] + [False] * (len(b.summary) - 1)
    assert f"[{first}; needs review]" in render(b, "md")
    assert json.loads(render(b, "json"))["summary"][0]["needs_review"] is True


@pytest.fixture(scope="module")
def overview(seed, glossary, brief):
    units, meta, kinds = seed
    other_id = "fuling-excerpt-20231219"
    moved = tuple(replace(u, doc_id=other_id, tuid=u.tuid.replace(SEED_ID, other_id))
                  for u in units if u.paragraph < 12)  # fmt: skip
    other_meta = replace(meta, doc_id=other_id, date="2023-12-19")
    other = make_brief(moved, other_meta, paragraph_kinds=kinds, glossary=glossary)
    return make_overview([brief, other])


def test_overview_orders_by_date(overview):
    assert [r.doc_id for r in overview.rows] == ["fuling-excerpt-20231219", SEED_ID]
    assert [b.doc_id for b in overview.briefs] == [r.doc_id for r in overview.rows]
    for row, b in zip(overview.rows, overview.briefs, strict=True):
        assert row.lead.scores.rank == 1 and row.lead in b.summary


@pytest.mark.parametrize("fmt", FORMATS)
def test_overview_renders_every_document(overview, fmt):
    out = render_overview(overview, fmt)
    assert out == render_overview(overview, fmt)
    for b in overview.briefs:
        assert b.summary[0].text.split()[0] in out and b.doc_id in out


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize(
    ("count", "title"), [(1, "Briefings: 1 document"), (2, "Briefings: 2 documents")]
)
def test_overview_title_counts_documents(overview, fmt, count, title):
    out = render_overview(make_overview(overview.briefs[:count]), fmt)
    assert (title.upper() if fmt == "txt" else title) in out
    assert f"{title}s".lower() not in out.lower()
    if fmt == "html":
        assert f"<title>{title}</title>" in out


def test_overview_json_and_html(overview):
    data = json.loads(render_overview(overview, "json"))
    assert [r["doc_id"] for r in data["overview"]] == [b.doc_id for b in overview.briefs]
    assert len(data["briefs"]) == 2 and data["briefs"][0]["summary"]
    page = render_overview(overview, "html")
    root = etree.fromstring(page.split("\n", 1)[1])
    assert len(root.findall(".//article")) == 2
    assert [
        a.get("href") for a in root.findall(".//section[@class='overview']//tbody//td[3]/a")
    ] == [f"#{b.doc_id}" for b in overview.briefs]


def _long_brief(brief, copies: int):
    """``brief`` with its article repeated ``copies`` times (distinct unit ids)."""
    rows = tuple(
        replace(row, tuid=f"{row.tuid}-{k}") for k in range(copies) for row in brief.article
    )
    return replace(brief, article=rows)


def test_a_long_side_by_side_is_written_a_block_of_rows_at_a_time(brief, monkeypatch):
    """The side-by-side article (most of a long page) is never held as one tree or string:
    the page comes in pieces, and their bytes do not depend on the block size."""
    from tmbrief.brief import html

    long = _long_brief(brief, 60)
    assert len(long.article) > 3 * html._ROWS_BLOCK
    pieces = list(html.html_pieces(long))
    page = "".join(pieces)
    assert max(len(p) for p in pieces) < len(page) / 3
    monkeypatch.setattr(html, "_ROWS_BLOCK", 10**9)  # the whole article in one tree
    assert render(long, "html") == page
    monkeypatch.setattr(html, "_ROWS_BLOCK", 7)
    assert render(long, "html") == page
    rows = lxml_html.fromstring(page.encode()).xpath("//section[@class='side']/div")
    assert [r.get("id") for r in rows] == [row.tuid for row in long.article]


def test_an_overview_of_long_briefings_gives_each_its_own_rows(brief, monkeypatch):
    from tmbrief.brief import html

    monkeypatch.setattr(html, "_ROWS_BLOCK", 5)
    first = _long_brief(brief, 3)
    second = replace(_long_brief(brief, 2), doc_id="zz-second", date="2099-01-01")
    page = render_overview(make_overview([second, first]), "html")
    doc = lxml_html.fromstring(page.encode())
    for b in (first, second):
        ids = doc.xpath(f"//article[@id='{b.doc_id}']//section[@class='side']/div/@id")
        assert ids == [row.tuid for row in b.article]
    monkeypatch.setattr(html, "_ROWS_BLOCK", 10**9)
    assert render_overview(make_overview([second, first]), "html") == page

"""Briefings: extractive and cited, budgets honoured, facts cross-checked, every format sound.

The units are real: the seed's cleaned Chinese paragraphs and its human English
translation, split by the segmenter and paired within each paragraph (one unit
per sentence when the counts agree, else one unit for the paragraph), so the
tests do not depend on the aligner's current quality.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from tests.conftest import DATA, SEED_ID, SEEDS
from tmbrief import brief_rules as rules
from tmbrief.brief import brief_outputs, make_brief, make_overview, meta_from_json
from tmbrief.brief_facts import _attributions, en_context, figures, is_key_figure, zh_context
from tmbrief.brief_format import human_date
from tmbrief.brief_model import Passage
from tmbrief.brief_render import FORMATS, brief_json, render, render_overview
from tmbrief.brief_select import candidates, form_factor, passages
from tmbrief.brief_text import content_words, lexrank
from tmbrief.cli import main
from tmbrief.glossary import load_glossary
from tmbrief.model import DocMeta, Unit
from tmbrief.numbers import extract_numbers
from tmbrief.pipeline import read_translation
from tmbrief.segment import split_sentences
from tmbrief.textio import read_text

HAN = regex.compile(r"\p{Han}")

# --- fixtures ------------------------------------------------------------------------


def pair_units(doc_id, zh_paragraphs, en_paragraphs):
    """Units of real text: sentences paired 1-1 within a paragraph when the counts agree."""
    units = []
    for p, (zh, en) in enumerate(zip(zh_paragraphs, en_paragraphs, strict=True)):
        zs = [zh[a:b] for a, b in split_sentences(zh, "zh-CN")]
        es = [en[a:b] for a, b in split_sentences(en, "en")]
        pairs = [([z], [e]) for z, e in zip(zs, es, strict=True)] if len(zs) == len(es) else []
        for z, e in pairs or [(zs, es)]:
            n = len(units)
            units.append(
                Unit(f"{doc_id}:{n}", doc_id, p, (n,), (n,), "".join(z), " ".join(e),
                     f"{len(z)}-{len(e)}", 1.0, "translated")
            )  # fmt: skip
    return tuple(units)


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(SEEDS / "glossary.tsv")


@pytest.fixture(scope="module")
def seed(seed_doc):
    en = read_translation(read_text(SEEDS / f"{SEED_ID}.en.txt"))
    units = pair_units(SEED_ID, [p.text for p in seed_doc.paragraphs], en)
    kinds = tuple(p.kind for p in seed_doc.paragraphs)
    return units, seed_doc.meta, kinds


@pytest.fixture(scope="module")
def brief(seed, glossary):
    units, meta, kinds = seed
    return make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary)


def by_tuid(units):
    return {u.tuid: u for u in units}


# --- the summary ---------------------------------------------------------------------


def test_summary_is_extractive_whole_targets_cited(seed, brief):
    units = by_tuid(seed[0])
    assert len(brief.summary) == 5
    for s in brief.summary:
        cited = [units[t] for t in s.tuids]  # KeyError = a citation that resolves to nothing
        assert s.text == " ".join(u.target for u in cited)
        assert all(u.status != "untranslated" for u in cited)
        assert s.source == "".join(u.source for u in cited)


def test_summary_in_article_order_and_from_body(seed, brief):
    kinds = seed[2]
    paragraphs = [s.paragraph for s in brief.summary]
    assert paragraphs == sorted(paragraphs)
    assert all(kinds[p] == "body" for p in paragraphs)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_sentences_honoured(seed, glossary, n):
    units, meta, kinds = seed
    b = make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary, sentences=n)
    assert len(b.summary) == n
    assert sorted(s.scores.rank for s in b.summary) == list(range(1, n + 1))


@pytest.mark.parametrize("words", [20, 60, 120, 250])
def test_words_honoured(seed, glossary, words):
    units, meta, kinds = seed
    b = make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary, words=words)
    used = sum(len(s.text.split()) for s in b.summary)
    assert 0 < used <= words
    # Greedy fill: nothing left out would still have fitted.
    cands = candidates(passages(units, kinds))
    chosen = {s.tuids for s in b.summary}
    assert all(p.words > words - used for p in cands if p.tuids not in chosen)


def test_words_budget_too_small_gives_empty_summary(seed, glossary):
    units, meta, kinds = seed
    b = make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary, words=3)
    assert b.summary == ()
    assert "fits the budget" in render(b, "md")


@pytest.mark.parametrize("bad", [{"sentences": 0}, {"words": 0}, {"words": -5}])
def test_bad_budget_is_rejected(seed, bad):
    units, meta, kinds = seed
    with pytest.raises(ValueError):
        make_brief(units, meta, paragraph_kinds=kinds, **bad)


def test_untranslated_units_are_never_used(seed, glossary, brief):
    units, meta, kinds = seed
    chosen = {t for s in brief.summary for t in s.tuids}
    marked = tuple(replace(u, status="untranslated") if u.tuid in chosen else u for u in units)
    b = make_brief(marked, meta, paragraph_kinds=kinds, glossary=glossary)
    assert len(b.summary) == 5
    assert not chosen & {t for s in b.summary for t in s.tuids}
    assert not chosen & {t for s in b.speakers for t in s.tuids}
    assert b.translated == len(units) - len(chosen)


def test_empty_target_is_never_used(seed, glossary, brief):
    units, meta, kinds = seed
    first = brief.summary[0].tuids[0]
    blanked = tuple(replace(u, target="") if u.tuid == first else u for u in units)
    b = make_brief(blanked, meta, paragraph_kinds=kinds, glossary=glossary)
    assert first not in {t for s in b.summary for t in s.tuids}


def test_composite_units_are_ignored(seed, glossary, brief):
    units, meta, kinds = seed
    para = replace(units[2], tuid=f"{SEED_ID}:p2", segtype="paragraph")
    b = make_brief(units + (para,), meta, paragraph_kinds=kinds, glossary=glossary)
    assert b == brief


def test_deterministic(seed, glossary):
    units, meta, kinds = seed
    outputs = [
        [
            render(make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary), f, explain=e)
            for f in FORMATS
            for e in (False, True)
        ]
        for _ in range(2)
    ]
    assert outputs[0] == outputs[1]
    assert brief_outputs(units, meta, kinds, glossary) == brief_outputs(
        units, meta, kinds, glossary
    )


# --- candidates and passages ----------------------------------------------------------


def unit(n, paragraph, source, target, status="translated"):
    return Unit(f"d:{n}", "d", paragraph, (n,), (n,), source, target, "1-1", 1.0, status)


def test_passage_joins_a_target_that_stops_mid_sentence():
    units = [
        unit(0, 0, "甲。", "First half of one sentence,"),
        unit(1, 0, "乙。", "and its end."),
        unit(2, 0, "丙。", "Another."),
        unit(3, 1, "丁", "Heading without stop"),
    ]
    got = [p.tuids for p in passages(units, ["body", "heading"])]
    assert got == [("d:0", "d:1"), ("d:2",), ("d:3",)]


@pytest.mark.parametrize("kind", ["title", "standfirst", "heading", "caption"])
def test_only_body_passages_are_candidates(kind):
    units = [unit(0, 0, "甲是乙。", "A is B."), unit(1, 1, "丙是丁。", "C is D.")]
    cands = candidates(passages(units, [kind, "body"]))
    assert [p.tuids for p in cands] == [("d:1",)]
    assert rules.SUMMARY_KINDS == ("body",)


def test_repeated_body_sentence_is_one_candidate(seed):
    units, _, kinds = seed
    cands = candidates(passages(units, kinds))
    sources = [p.source for p in cands]
    assert len(sources) == len(set(sources))
    # The standfirst repeats a body sentence: the body's copy is the candidate.
    standfirst = next(u for u in units if kinds[u.paragraph] == "standfirst")
    owner = [p for p in cands if p.source == standfirst.source]
    assert len(owner) == 1 and kinds[owner[0].paragraph] == "body"


# --- rule tables: one row per entry ---------------------------------------------------


@pytest.mark.parametrize(("name", "factor", "example"), rules.FORM_RULES)
def test_form_rule(name, factor, example):
    p = Passage((unit(0, 0, "例句", example),), "body")
    assert form_factor(p) == pytest.approx(factor)


def test_ordinary_sentence_has_no_form_discount(brief):
    long = Passage((unit(0, 0, "例", " ".join(["word"] * (rules.FRAGMENT_MAX_WORDS + 1))),), "body")
    assert form_factor(long) == 1.0


@pytest.mark.parametrize("entry", rules.ZH_STOPWORDS)
def test_stopword(entry):
    assert entry.value in entry.example
    assert entry.value not in content_words(entry.example)


@pytest.mark.parametrize("entry", rules.SPEECH_VERBS)
def test_speech_verb_attributes_a_quote(entry):
    name = next(n for n in ("刘忠", "傅云", "夏涵", "易先勇") if n in entry.example)
    assert _attributions(entry.example, name) == [entry.example.index(name)]


def test_speech_verb_must_follow_within_the_sentence():
    assert _attributions("刘忠出席。他表示支持", "刘忠") == []
    assert _attributions("现场观众向区长刘忠提问。", "刘忠") == []


@pytest.mark.parametrize(("month", "name"), list(enumerate(rules.MONTHS, 1)))
def test_month_names(month, name):
    assert human_date(f"2023-{month:02d}-05") == f"5 {name} 2023"


@pytest.mark.parametrize("text", ["", "2023-13-01", "December 2023"])
def test_other_dates_unchanged(text):
    assert human_date(text) == text


@pytest.mark.parametrize(("field", "label"), rules.BYLINE_ROLES)
def test_byline_roles(glossary, field, label):
    meta = DocMeta("d", **{field: ("李黎",)})
    b = make_brief((), meta, paragraph_kinds=(), glossary=glossary)
    assert b.byline == ((label, (b.byline[0][1][0],)),)
    assert b.byline[0][1][0].en == "Li Li"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("打造2000亿级产业", True),  # money-sized
        ("近六成", True),  # percentage
        ("规上企业76户", True),  # a count in digits
        ("“33618”现代制造业集群体系", False),  # a name in quotes
        ("2022年", False),  # a year
        ("四大方面", False),  # a spelled small number is wording
        ("第1", False),  # an ordinal
        ("1个国家级材料产业集群", False),  # 1: English often says "a"
    ],
)
def test_key_figure(text, key):
    number = extract_numbers(text, "zh-CN")[0]
    assert is_key_figure(number, text) is key


# --- figures, speakers, headline ------------------------------------------------------


def test_key_figures_of_the_seed_agree_in_both_languages(seed, brief):
    units = by_tuid(seed[0])
    values = {f.value for f in brief.figures}
    assert {2e11, 76.0, 60.0} <= values
    assert any(abs(v - 5.378e10) < 1 for v in values)
    assert len(brief.figures) <= rules.MAX_FIGURES
    for f in brief.figures:
        u = units[f.tuid]
        assert f.agrees and f.en in u.target and f.zh in u.source
        assert f.en_context.strip("…") in u.target and f.en in f.en_context
        assert f.zh_context.strip("…") in u.source and f.zh in f.zh_context
    order = [int(f.tuid.rsplit(":", 1)[1]) for f in brief.figures]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("zh", "en", "problem", "shown"),
    [
        ("涪陵现有规上企业76户。", "Fuling now has 67 enterprises.", "not in the English", "76"),
        ("涪陵现有规上企业76户。", "Fuling now has 67 enterprises.", "not in the Chinese", "67"),
        ("实现工业总产值537.8亿元。", "Output reached 5.378 billion yuan.", "not in the English",
         "537.8亿"),
    ],
)  # fmt: skip
def test_disagreeing_figures_are_flagged_not_listed(zh, en, problem, shown):
    key, check = figures([unit(0, 0, zh, en)])
    assert key == ()
    flagged = [f for f in check if f.problem == problem]
    assert [f.en or f.zh for f in flagged] == [shown]
    assert not flagged[0].agrees


def test_flagged_figures_are_rendered(seed, glossary):
    units, meta, kinds = seed
    broken = tuple(
        replace(u, target=u.target.replace("76", "67")) if "76" in u.target else u for u in units
    )
    b = make_brief(broken, meta, paragraph_kinds=kinds, glossary=glossary)
    assert 76.0 not in {f.value for f in b.figures}
    assert {("76", "not in the English"), ("67", "not in the Chinese")} <= {
        (f.en or f.zh, f.problem) for f in b.figures_to_check
    }
    for fmt in ("md", "txt", "html"):
        assert "67" in render(b, fmt) and "not in the English" in render(b, fmt)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("In 2022, it had 18 enterprises, including two", "en", "it had 18 enterprises"),
        ("a gross industrial output value of 53.78 billion yuan.", "en",
         "a gross industrial output value of 53.78 billion yuan"),
        ("实现工业总产值537.8亿元。", "zh-CN", "实现工业总产值537.8亿元"),
        ("涪陵现有规上企业1,000户,其中", "zh-CN", "涪陵现有规上企业1,000户"),
    ],
)  # fmt: skip
def test_figure_context_is_the_clause(text, lang, expected):
    number = next(n for n in extract_numbers(text, lang) if n.kind != "year")
    context = en_context if lang == "en" else zh_context
    assert context(text, number) == expected


def test_speakers_of_the_seed(seed, brief):
    units = by_tuid(seed[0])
    names = [s.name.en for s in brief.speakers]
    # Wu Hui attended and was not quoted; the audience's question is not Liu Zhong's.
    assert names == ["Liu Zhong", "Fu Yun", "Xia Han", "Yi Xianyong"]
    for s in brief.speakers:
        assert s.name.title and s.name.zh
        cited = [units[t] for t in s.tuids]
        assert s.text == " ".join(u.target for u in cited)
        assert any("“" in u.source for u in cited)
    assert "76" in brief.speakers[2].text


def test_headline_outlet_byline(brief):
    assert brief.headline.startswith("Spokespersons Are Here")
    assert brief.headline_zh.startswith("发言人来了")
    assert brief.outlet.en == "Hualong Net" and brief.outlet.zh == "华龙网"
    assert brief.date == "2023-12-20"
    roles = {label: [n.en for n in names] for label, names in brief.byline}
    assert roles == {"Reporter": ["Li Li"], "Intern": ["Chen Hongying"], "Photos": ["Sun Feng"]}
    assert brief.exports == (f"exports/{SEED_ID}.tmx", f"exports/{SEED_ID}.po")


def test_without_glossary_names_stay_chinese(seed):
    units, meta, kinds = seed
    b = make_brief(units, meta, paragraph_kinds=kinds)
    assert b.outlet.en == "" and b.outlet.zh == "华龙网"
    assert b.byline[0][1][0].zh == "李黎" and b.byline[0][1][0].en == ""
    html = render(b, "html")
    assert '<span lang="zh-CN">华龙网</span>' in html


def test_untranslated_title_falls_back_to_chinese(seed, glossary):
    units, meta, kinds = seed
    units = tuple(replace(u, target="", status="untranslated") if u.paragraph == 0 else u
                  for u in units)  # fmt: skip
    b = make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary)
    assert b.headline == "" and b.headline_zh == meta.title
    assert "发言人来了" in render(b, "md").splitlines()[0]


# --- formats -------------------------------------------------------------------------


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


# --- overview ------------------------------------------------------------------------


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


def test_overview_json_and_html(overview):
    data = json.loads(render_overview(overview, "json"))
    assert [r["doc_id"] for r in data["overview"]] == [b.doc_id for b in overview.briefs]
    assert len(data["briefs"]) == 2 and data["briefs"][0]["summary"]
    page = render_overview(overview, "html")
    root = etree.fromstring(page.split("\n", 1)[1])
    assert len(root.findall(".//article")) == 2
    assert [a.get("href") for a in root.findall(".//tbody//a")] == [
        f"#{b.doc_id}" for b in overview.briefs
    ]


# --- helpers -------------------------------------------------------------------------


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.lists(
    st.lists(st.floats(0, 1), min_size=n, max_size=n), min_size=n, max_size=n)))  # fmt: skip
def test_lexrank_is_a_distribution(matrix):
    n = len(matrix)
    sym = [[(matrix[i][j] + matrix[j][i]) / 2 for j in range(n)] for i in range(n)]
    rank = lexrank(sym)
    assert len(rank) == n and all(r > 0 for r in rank)
    assert sum(rank) == pytest.approx(1.0)


def test_meta_from_json(seed_doc):
    obj = json.loads((DATA.parent.parent / "segments" / f"{SEED_ID}.meta.json").read_text())
    meta, kinds = meta_from_json(obj)
    assert meta == seed_doc.meta
    assert kinds == tuple(p.kind for p in seed_doc.paragraphs)


@pytest.mark.parametrize("obj", [{}, {"doc_id": "x"}, {"doc_id": 3, "paragraph_kinds": []}])
def test_meta_from_json_rejects_bad_metadata(obj):
    with pytest.raises((KeyError, TypeError)):
        meta_from_json(obj)


# --- command line --------------------------------------------------------------------


@pytest.fixture
def built(tmp_path, seed):
    """A project root with tm/, segments/ and seeds/ as a build leaves them."""
    from tmbrief.model import TMHeader
    from tmbrief.tm import write_tm

    units, meta, kinds = seed
    (tmp_path / "tm").mkdir()
    (tmp_path / "segments").mkdir()
    (tmp_path / "seeds").mkdir()
    with open(tmp_path / "tm" / f"{SEED_ID}.tsv", "w", encoding="utf-8", newline="") as fh:
        write_tm(units, TMHeader(SEED_ID, date=meta.date, title=meta.title), fh)
    obj = {
        "doc_id": SEED_ID, "title": meta.title, "outlet": meta.outlet, "date": meta.date,
        "reporters": list(meta.reporters), "interns": list(meta.interns),
        "photographers": list(meta.photographers), "paragraph_kinds": list(kinds),
    }  # fmt: skip
    (tmp_path / "segments" / f"{SEED_ID}.meta.json").write_text(
        json.dumps(obj, ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "seeds" / "glossary.tsv").write_bytes((SEEDS / "glossary.tsv").read_bytes())
    return tmp_path


def test_cli_prints_the_briefing(built, capsys, brief):
    assert main(["brief", "--root", str(built)]) == 0
    assert capsys.readouterr().out == render(brief, "md")


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["--sentences", "2", "--format", "json"], lambda d: len(d["summary"]) == 2),
        (["--words", "60", "--format", "json"],
         lambda d: 0 < sum(len(s["text"].split()) for s in d["summary"]) <= 60),
        (["--doc", SEED_ID, "--format", "json", "--explain"],
         lambda d: all("scores" in s for s in d["summary"])),
        (["--all", "--format", "json"], lambda d: d["overview"][0]["doc_id"] == SEED_ID),
    ],
)  # fmt: skip
def test_cli_options(built, capsys, args, check):
    assert main(["brief", "--root", str(built), *args]) == 0
    assert check(json.loads(capsys.readouterr().out))


def test_cli_writes_output_file(built, capsys):
    out = built / "brief.html"
    assert main(["brief", "--root", str(built), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    etree.fromstring(out.read_text(encoding="utf-8").split("\n", 1)[1])


@pytest.mark.parametrize(
    ("setup", "args", "expected"),
    [
        (lambda root: None, ["--doc", "nope"], "no such document"),
        (lambda root: (root / "tm" / f"{SEED_ID}.tsv").unlink(), [], "no TM"),
        (lambda root: (root / "segments" / f"{SEED_ID}.meta.json").write_text("{\n  oops"),
         [], f"{SEED_ID}.meta.json:2: not valid JSON"),
        (lambda root: (root / "segments" / f"{SEED_ID}.meta.json").write_text("{}"),
         [], "not a tmbrief meta.json"),
        (lambda root: (root / "tm" / "second.tsv").write_bytes(
            (root / "tm" / f"{SEED_ID}.tsv").read_bytes()), [], "choose one with --doc"),
    ],
)  # fmt: skip
def test_cli_bad_input_is_one_line_and_exit_2(built, capsys, setup, args, expected):
    setup(built)
    assert main(["brief", "--root", str(built), *args]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and expected in err and "Traceback" not in err


BAD_OPTIONS = (
    ["--sentences", "0"],
    ["--words", "x"],
    ["--sentences", "2", "--words", "9"],
    ["--doc", "a", "--all"],
)


@pytest.mark.parametrize("args", BAD_OPTIONS)
def test_cli_rejects_bad_options(built, args):
    with pytest.raises(SystemExit) as info:
        main(["brief", "--root", str(built), *args])
    assert info.value.code == 2


# --- the benchmark's data ------------------------------------------------------------


def test_reference_briefing_and_key_facts_are_well_formed():
    reference = (DATA / f"{SEED_ID}.reference-brief.txt").read_text(encoding="utf-8")
    assert len(reference.strip().splitlines()) == 5
    rows = (DATA / f"{SEED_ID}.key-facts.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == ["fact", "description", "keywords"]
    ids = [r.split("\t")[0] for r in rows[1:]]
    assert len(ids) == len(set(ids)) >= 15
    for row in rows[1:]:
        fid, desc, keys = row.split("\t")
        assert desc and all(alt.strip() for k in keys.split(";") for alt in k.split("|"))


def test_needs_review_units_are_flagged_in_citations(seed, glossary, brief):
    units, meta, kinds = seed
    first = brief.summary[0].tuids[0]
    marked = tuple(replace(u, status="needs-review") if u.tuid == first else u for u in units)
    b = make_brief(marked, meta, paragraph_kinds=kinds, glossary=glossary)
    assert [s.needs_review for s in b.summary] == [True] + [False] * 4
    assert f"[{first}; needs review]" in render(b, "md")
    assert json.loads(render(b, "json"))["summary"][0]["needs_review"] is True

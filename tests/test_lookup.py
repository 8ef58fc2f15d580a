"""Reuse the memory on a new article: analysis bands, pre-translation, round trip (real text).

The new article is the seed's cleaned paragraphs with real edits: the title's
2000亿 made 3000亿 (a number-only match, adapted), 核心 made 重要 in one sentence
(a 90 % fuzzy match), and a sentence of another real article (WMT22 news dev)
added twice (no match, then a repetition inside a later paragraph). Expected bands follow from the
edits and from the unedited article's own analysis: an unedited segment keeps
its band, except that a context match becomes a plain 100 % match when a
neighbour changed.
"""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from tests.conftest import ROOT, SEED_ID, SHARED
from tmbrief.cli import main
from tmbrief.lookup.analyze import match_segments, read_article
from tmbrief.lookup.index import CorpusIndex
from tmbrief.lookup.pretranslate import pretranslate
from tmbrief.tm.memory import read_tm

PARAGRAPHS = ROOT / "segments" / f"{SEED_ID}.zh.paragraphs.txt"
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
TITLE_OLD, TITLE_NEW = "涪陵聚力打造2000亿级", "涪陵聚力打造3000亿级"
FUZZY_OLD = "平台是产业发展的核心载体,是承接产业转移的基础。"
FUZZY_NEW = "平台是产业发展的重要载体,是承接产业转移的基础。"


def news_sentence() -> str:
    """A real Chinese news sentence from another article (WMT22 dev), not about Fuling."""
    doc = json.loads((SHARED / "bench" / "news" / "wmt22-zh-en-news-dev.jsonl").read_text(
        encoding="utf-8").splitlines()[0])  # fmt: skip
    return doc["zh"][1]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tm = tmp_path_factory.mktemp("tm")
    (tm / f"{SEED_ID}.tsv").write_bytes((ROOT / "tm" / f"{SEED_ID}.tsv").read_bytes())
    ix = CorpusIndex(tm, tmp_path_factory.mktemp("ix") / "index.sqlite")
    yield ix
    ix.close()


def write_new_article(path):
    """The new article of this module (see its docstring) as paragraphs in ``path``."""
    paragraphs = PARAGRAPHS.read_text(encoding="utf-8").splitlines()
    assert TITLE_OLD in paragraphs[0] and any(FUZZY_OLD in p for p in paragraphs)
    edited = [p.replace(TITLE_OLD, TITLE_NEW).replace(FUZZY_OLD, FUZZY_NEW) for p in paragraphs]
    new = news_sentence()
    edited.insert(12, new)
    # The cleaner drops a repeated paragraph (page furniture): repeat it inside one.
    later = next(i for i in range(20, len(edited)) if edited[i].endswith("。"))
    edited[later] += new
    path.write_text("\n\n".join(edited) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def article_path(tmp_path_factory):
    return write_new_article(tmp_path_factory.mktemp("new") / "new-article.zh.txt")


def bands_by_text(index, path) -> list[tuple[str, str]]:
    article = read_article(path)
    return [(s.segment.text, s.band) for s in match_segments(index.sync(), article.segments)]


def expected_bands(index, article_path) -> list[str]:
    import difflib

    before = bands_by_text(index, PARAGRAPHS)
    texts = [t for t, _ in bands_by_text(index, article_path)]
    old_texts = [t for t, _ in before]
    origin: dict[int, int] = {}  # new segment -> the same segment in the seed
    matcher = difflib.SequenceMatcher(None, old_texts, texts, autojunk=False)
    for block in matcher.get_matching_blocks():
        origin.update({block.b + k: block.a + k for k in range(block.size)})

    def around(seq, i):
        return (seq[i - 1] if i else None, seq[i + 1] if i + 1 < len(seq) else None)

    out = []
    for i, t in enumerate(texts):
        if t == news_sentence():
            out.append("no-match" if texts.index(t) == i else "repetitions")
        elif TITLE_NEW in t:
            out.append("95-99")
        elif t == FUZZY_NEW:
            out.append("85-94")
        else:
            band = before[origin[i]][1]
            if band == "context" and around(texts, i) != around(old_texts, origin[i]):
                band = "100"  # a neighbour changed
            out.append(band)
    return out


def test_the_article_gets_the_expected_bands(index, article_path):
    got = [b for _, b in bands_by_text(index, article_path)]
    assert got == expected_bands(index, article_path)
    # What the edits did, in numbers: 38 seed segments + 2 added.
    assert len(got) == 40
    assert got.count("repetitions") == 1 and got.count("95-99") == 1 and got.count("85-94") == 1


def test_analyze_json_counts_segments_and_characters(index, article_path, capsys):
    assert main(["analyze", str(article_path), "--format", "json", "--tm", str(index.tm_dir),
                 "--index", str(index.path)]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert [b["band"] for b in data["bands"]] == [
        "context", "100", "repetitions", "95-99", "85-94", "75-84", "50-74", "no-match",
    ]  # fmt: skip
    assert data["segments"] == 40 == sum(b["segments"] for b in data["bands"])
    text = article_path.read_text(encoding="utf-8")
    assert data["characters"] == sum(1 for ch in text if not ch.isspace())
    rep = next(b for b in data["bands"] if b["band"] == "repetitions")
    assert rep["characters"] == sum(1 for ch in news_sentence() if not ch.isspace())


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_analyze_md_and_csv(index, article_path, capsys, fmt):
    assert main(["analyze", str(article_path), "--format", fmt, "--tm", str(index.tm_dir),
                 "--index", str(index.path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "repetitions" in out and "no-match" in out
    if fmt == "csv":
        assert out.splitlines()[0] == "band,segments,characters"
        assert out.splitlines()[-1].startswith("total,40,")


@pytest.fixture(scope="module")
def inserted(index, article_path):
    article = read_article(article_path)
    return pretranslate(article, match_segments(index.sync(), article.segments))


def test_pretranslation_inserts_what_the_bands_promise(inserted):
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    tm = {u.source: u for u in units}
    by_source = {i.unit.source: i for i in inserted}
    title = next(i for i in inserted if TITLE_NEW in i.unit.source)
    assert title.kind == "adapted" and title.unit.status == "needs-review"
    old_title = next(u for u in units if TITLE_OLD in u.source)
    assert title.unit.target == re.sub(r"\b200\b", "300", old_title.target)
    assert "200" in old_title.target
    assert title.adapted == (("200", "300"),)
    assert any("numbers adapted: 200 -> 300" in n for n in title.unit.notes)
    fuzzy = by_source[FUZZY_NEW]
    assert (fuzzy.kind, fuzzy.score, fuzzy.unit.status) == ("fuzzy", 90, "needs-review")
    assert fuzzy.unit.target == tm[FUZZY_OLD].target
    assert fuzzy.unit.notes == (f"TM match 90% ({tm[FUZZY_OLD].tuid})",)
    new = [i for i in inserted if i.unit.source == news_sentence()]
    assert [(i.kind, i.unit.target, i.unit.status) for i in new] == [
        ("none", "", "untranslated")
    ] * 2
    for i in inserted:
        if i.kind in ("exact", "context"):
            assert i.unit.status == "translated" and i.unit.target == tm[i.unit.source].target
    # Below the 70 % insertion threshold nothing is inserted.
    assert all(i.score is None or i.score >= 70 for i in inserted)


@pytest.fixture(scope="module")
def xliff(index, article_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "new-article.xlf"
    assert main(["pretranslate", str(article_path), "-o", str(out), "--tm", str(index.tm_dir),
                 "--index", str(index.path)]) == 0  # fmt: skip
    return out


def test_pretranslated_xliff_validates_and_flags_fuzzy_matches(xliff):
    from tmbrief.formats.xliff import read

    root = etree.parse(str(xliff)).getroot()
    units = root.findall(".//x:trans-unit", XLIFF_NS)
    assert len(units) == 40
    by_source = {u.find("x:source", XLIFF_NS).text: u for u in units}
    fuzzy = by_source[FUZZY_NEW]
    assert fuzzy.find("x:target", XLIFF_NS).get("state") == "needs-review-translation"
    alt = fuzzy.find("x:alt-trans", XLIFF_NS)
    assert alt.get("match-quality") == "90"
    assert alt.find("x:source", XLIFF_NS).text == FUZZY_OLD
    empty = by_source[news_sentence()]
    assert empty.find("x:target", XLIFF_NS).get("state") == "new"
    # Our reader and translate-toolkit's read it back.
    header, read_units = read(xliff)
    assert header.doc_id == "new-article" and len(read_units) == 40
    from translate.storage import factory

    store = factory.getobject(str(xliff))
    assert len([u for u in store.units if not u.isheader()]) == 40


def test_pretranslated_po_marks_fuzzy_with_the_score(index, article_path, tmp_path):
    import polib

    out = tmp_path / "new-article.po"
    assert main(["pretranslate", str(article_path), "-o", str(out), "--tm", str(index.tm_dir),
                 "--index", str(index.path)]) == 0  # fmt: skip
    entry = next(e for e in polib.pofile(str(out)) if e.msgid == FUZZY_NEW)
    assert entry.fuzzy and "TM match 90%" in entry.tcomment


def translated(xliff, edited):
    """The pre-translated XLIFF, its new sentence (no match: empty) translated, as ``edited``."""
    tree = etree.parse(str(xliff))
    target = next(
        u.find("x:target", XLIFF_NS)
        for u in tree.getroot().iterfind(".//x:trans-unit", XLIFF_NS)
        if u.find("x:source", XLIFF_NS).text == news_sentence()
    )
    assert not target.text  # no match: left empty for the translator
    target.text = "Yesterday the municipal education commission said so."
    target.set("state", "translated")
    tree.write(str(edited), encoding="UTF-8", xml_declaration=True)
    return edited


def test_the_translated_file_comes_back_through_tmbrief_import(xliff, tmp_path, monkeypatch,
                                                               capsys):  # fmt: skip
    """The issue's round trip: `tmbrief import` of a translated pre-translation (no TM of its
    own) grows the memory, through the corpus index of tm/."""
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / f"{SEED_ID}.tsv").write_bytes((ROOT / "tm" / f"{SEED_ID}.tsv").read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMBRIEF_INDEX", str(tmp_path / "index.sqlite"))
    edited = translated(xliff, tmp_path / "new-article.xlf")
    assert main(["import", str(edited), "--dry-run"]) == 0
    assert "nothing written" in capsys.readouterr().out
    assert main(["lookup", news_sentence(), "--format", "json"]) == 1  # not in the memory yet
    capsys.readouterr()
    assert main(["import", str(edited)]) == 0
    out = capsys.readouterr().out
    assert "pre-translated new article (32 of 40 with a target)" in out
    assert "added 40 units to the corpus index of tm/" in out
    assert main(["lookup", news_sentence(), "--format", "json"]) == 0
    best = json.loads(capsys.readouterr().out)[0]
    assert (best["score"], best["doc_id"]) == (100, "new-article")
    assert best["target"].startswith("Yesterday")
    assert sorted(p.name for p in (tmp_path / "tm").iterdir()) == [f"{SEED_ID}.tsv"]  # no TM made


def test_a_pretranslated_file_without_a_tm_directory_is_refused_even_in_a_dry_run(
    xliff, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMBRIEF_INDEX", str(tmp_path / "index.sqlite"))
    for dry in (["--dry-run"], []):
        assert main(["import", str(xliff), *dry]) == 2
        assert "tm: TM directory does not exist" in capsys.readouterr().err
    assert not (tmp_path / "index.sqlite").exists()


def test_a_file_of_a_document_without_a_tm_is_refused_with_the_way_in(tmp_path, monkeypatch,
                                                                       capsys):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "other.po"
    po.write_bytes((ROOT / "exports" / f"{SEED_ID}.po").read_bytes())
    assert main(["import", str(po)]) == 2
    err = capsys.readouterr().err
    assert f"has no TM (tm/{SEED_ID}.tsv)" in err and f"tmbrief index add {po}" in err


def test_the_translated_file_comes_back_through_index_add(index, article_path, xliff, tmp_path,
                                                          capsys):  # fmt: skip
    edited = translated(xliff, tmp_path / "new-article.xlf")
    args = ["--tm", str(index.tm_dir), "--index", str(index.path)]
    assert main(["index", "add", str(edited), *args]) == 0
    assert "added 40 units" in capsys.readouterr().out
    assert main(["lookup", news_sentence(), "--format", "json", *args]) == 0
    best = json.loads(capsys.readouterr().out)[0]
    assert best["score"] == 100 and best["target"].startswith("Yesterday")
    assert best["doc_id"] == "new-article"
    # The added file is followed: edited again, the index changes with it.
    edited.write_text(edited.read_text(encoding="utf-8").replace("Yesterday", "Last week"),
                      encoding="utf-8")  # fmt: skip
    assert main(["lookup", news_sentence(), "--format", "json", *args]) == 0
    assert json.loads(capsys.readouterr().out)[0]["target"].startswith("Last week")
    index.close()


def test_the_walkthrough_in_docs_shows_real_output(index, article_path, capsys, tmp_path):
    """docs/reuse.md quotes these commands' output on this very article."""
    doc = (ROOT / "docs" / "reuse.md").read_text(encoding="utf-8")
    # A fresh index: the round-trip test may have added a file to the module's.
    args = ["--tm", str(index.tm_dir), "--index", str(tmp_path / "fresh.sqlite")]
    assert main(["analyze", str(article_path), "--format", "md", *args]) == 0
    assert capsys.readouterr().out in doc
    out = tmp_path / "new-article.xlf"
    assert main(["pretranslate", str(article_path), "-o", str(out), *args]) == 0
    printed = capsys.readouterr().out.replace(str(out), "new-article.xlf")
    assert printed in doc


def test_the_readme_example_article_is_this_modules_new_article(tmp_path):
    """README analyses tests/data/new-article.zh.txt: the article these tests build."""
    built = write_new_article(tmp_path / "new-article.zh.txt").read_bytes()
    assert (ROOT / "tests" / "data" / "new-article.zh.txt").read_bytes() == built

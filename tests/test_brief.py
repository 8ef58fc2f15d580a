"""Briefings (brief, brief_select, brief_text, cli/brief): extractive, cited, budgets honoured.

Units are the seed's real sentences (see tests/brief_helpers.py).
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.brief_helpers import (  # noqa: F401 (the *_fixture names are pytest fixtures)
    brief_fixture,
    by_tuid,
    glossary_fixture,
    seed_fixture,
    unit,
)
from tests.conftest import DATA, SEED_GLOSSARY, SEED_ID
from tmbrief.brief import rules
from tmbrief.brief.briefing import brief_outputs, make_brief, meta_from_json
from tmbrief.brief.facts import figures
from tmbrief.brief.model import Passage, quotable
from tmbrief.brief.render import FORMATS, render
from tmbrief.brief.select import agreeing_figures, candidates, form_factor, passages, select
from tmbrief.brief.text import content_words, lexrank
from tmbrief.cli import main
from tmbrief.core.model import DocMeta
from tmbrief.segment.splitter import split_sentences

HAN = regex.compile(r"\p{Han}")


def test_summary_is_extractive_sentences_of_targets_cited(seed, brief):
    units = by_tuid(seed[0])
    words = sum(len(s.text.split()) for s in brief.summary)
    assert 100 <= words <= 150  # the default: a desk brief of about 120-150 words
    for s in brief.summary:
        cited = [units[t] for t in s.tuids]  # KeyError = a citation that resolves to nothing
        full = " ".join(u.target for u in cited)
        assert s.text in full  # verbatim: the whole target or one sentence of it
        assert [full[a:b] for a, b in split_sentences(full, "en")].count(s.text) or s.text == full
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


def test_word_budget_counts_each_candidate_once(seed, glossary, monkeypatch):
    """MMR asks for word counts every round; each passage's English is split once."""
    units, meta, kinds = seed
    cands = candidates(passages(units, kinds))
    calls = []
    counted = Passage.words.fget
    monkeypatch.setattr(Passage, "words", property(lambda p: calls.append(p) or counted(p)))
    chosen = select(cands, title=meta.title, glossary=glossary, words=250)
    assert len(chosen) > 3
    # once for the form factor, once for the budget
    assert len(calls) <= 2 * len(cands)


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
    assert 100 <= sum(len(s.text.split()) for s in b.summary) <= 150
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


QUOTABLE_CASES = [
    # (target, status, quotable)
    ("A is B.", "translated", True),
    ("A is B.", "needs-review", True),
    ("A is B.", "untranslated", False),  # the TM's word wins over a leftover target
    ("", "untranslated", False),
    ("   ", "translated", False),  # blank is no English
]


@pytest.mark.parametrize(("target", "status", "expected"), QUOTABLE_CASES)
def test_one_usable_target_rule_for_the_whole_briefing(target, status, expected):
    """Candidates, headline and the translated count all ask :func:`quotable`."""
    units = [unit(0, 0, "甲是乙。", target, status), unit(1, 1, "丙是丁。", "C is D.")]
    assert quotable(units[0]) is expected
    title, body = passages(units, ["title", "body"])
    assert title.quotable is expected
    b = make_brief(units, DocMeta("d", title="甲是乙。"), paragraph_kinds=("title", "body"))
    assert b.translated == 1 + expected
    assert b.headline == (target if expected else "")
    units[0] = replace(units[0], paragraph=1)
    assert [p.tuids for p in candidates(passages(units, ["title", "body"]))] == (
        [("d:0",), ("d:1",)] if expected else [("d:1",)]
    )


AGREEING_CASES = [
    # (zh, en, agreeing key figures): one English number carries one Chinese figure
    ("规上企业76户", "76 enterprises above designated size", 1),
    ("新增76户，累计76户", "76 new enterprises", 1),
    ("新增76户，累计76户", "76 new, 76 in all", 2),
    ("实现产值537.8亿元，增长30%", "output of 53.78 billion yuan, up 30%", 2),
    ("2022年，规上企业76户", "In 2022 there were 76", 1),  # a year is no key figure
    ("规上企业76户", "seventy-six enterprises", 1),
    ("规上企业76户", "many enterprises", 0),
]


@pytest.mark.parametrize(("zh", "en", "count"), AGREEING_CASES)
def test_figures_feature_counts_the_figures_table_pairs(zh, en, count):
    assert agreeing_figures(zh, en) == count
    key, _ = figures([unit(0, 0, zh, en)])
    assert bool(key) == (count > 0)  # the table lists a figure exactly when one pairs


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
    # one passage per Chinese text (its English sentences are separate candidates)
    sources = {p.tuids: p.source for p in cands}
    assert len(sources) == len(set(sources.values()))
    # The standfirst repeats a body sentence: the body's copy is the candidate.
    standfirst = next(u for u in units if kinds[u.paragraph] == "standfirst")
    owner = [p for p in cands if p.source == standfirst.source]
    assert len(owner) == 1 and kinds[owner[0].paragraph] == "body"


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


@pytest.fixture
def built(tmp_path, seed):
    """A project root with tm/, segments/ and seeds/ as a build leaves them."""
    from tmbrief.core.model import TMHeader
    from tmbrief.tm.memory import write_tm

    units, meta, kinds = seed
    (tmp_path / "tm").mkdir()
    (tmp_path / "segments").mkdir()
    (tmp_path / "seeds").mkdir()
    with open(tmp_path / "tm" / f"{SEED_ID}.tsv", "w", encoding="utf-8", newline="") as fh:
        write_tm(units, TMHeader(SEED_ID, date=meta.date, title=meta.title), fh)
    obj = {
        "doc_id": SEED_ID, "title": meta.title, "outlet": meta.outlet, "date": meta.date,
        "reporters": list(meta.reporters), "interns": list(meta.interns),
        "photographers": list(meta.photographers), "editors": list(meta.editors),
        "correspondents": list(meta.correspondents), "paragraph_kinds": list(kinds),
    }  # fmt: skip
    (tmp_path / "segments" / f"{SEED_ID}.meta.json").write_text(
        json.dumps(obj, ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "seeds" / "glossary.tsv").write_bytes(SEED_GLOSSARY.read_bytes())
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


@pytest.mark.parametrize(
    ("salience", "limit", "kept"),
    [
        ([0.1, 0.9, 0.5, 0.7], 2, [1, 3]),  # best two, back in article order
        ([0.5, 0.5, 0.5], 2, [0, 1]),  # ties go to the earlier passage
        ([0.3, 0.2], 5, [0, 1]),  # under the limit: all kept
    ],
)
def test_shortlist_keeps_the_most_salient_in_article_order(salience, limit, kept):
    from tmbrief.brief.select import shortlist

    cands = [Passage((unit(i, 0, "甲。", f"S{i}."),), "body") for i in range(len(salience))]
    assert shortlist(cands, salience, limit) == [cands[i] for i in kept]


def test_very_long_document_is_shortlisted_and_still_briefed(seed, glossary, monkeypatch):
    from tmbrief.brief import select as brief_select

    units, meta, kinds = seed
    calls = []
    real = brief_select.shortlist

    def spy(cands, salience, limit):
        calls.append((len(cands), limit))
        return real(cands, salience, limit)

    monkeypatch.setattr(brief_select, "MAX_CANDIDATES", 6)
    monkeypatch.setattr(brief_select, "shortlist", spy)
    small = make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary, sentences=5)
    assert calls and calls[0][0] > 6 and calls[0][1] == 6
    assert len(small.summary) == 5

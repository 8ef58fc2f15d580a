"""Quality floor of the corpus index: its best match is the exhaustive best (bench/lookup_bench.py
measures the same at a million units; this runs it small, in the default suite).

The TM is made of real Chinese sentences (the seed TM's and those of the test articles
in tests/data/news/), each varied by random edits as translators' TMs hold near
repeats: characters changed, numbers changed, clauses swapped, two sentences spliced.
The English side is the real English of the same articles, not aligned (only the
Chinese side is searched here). The index is built with small chunks and segments, so
that the bulk reader, several postings rows and the counting shortcut all run.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tests.conftest import ROOT, SEED_ID
from tmbrief.core.model import TMHeader, Unit
from tmbrief.lookup import sqlite as sqlite_backend
from tmbrief.lookup.grams import key, query_grams
from tmbrief.lookup.index import CorpusIndex
from tmbrief.lookup.match import find_matches
from tmbrief.lookup.score import score
from tmbrief.tm.memory import read_tm
from tmbrief.tm.store import write

NEWS = ROOT / "tests" / "data" / "news"
UNITS, QUERIES, DOC_SIZE = 3000, 60, 400
_DIGITS = re.compile(r"\d+")


def real_sentences() -> tuple[list[str], list[str]]:
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    zh = [u.source for u in units if u.segtype == "sentence"]
    en = [u.target for u in units if u.segtype == "sentence" and u.target]
    for path in sorted(NEWS.glob("*.zh.txt")):
        zh += re.findall(r"[^。！？\n]+[。！？]", path.read_text(encoding="utf-8"))
    for path in sorted(NEWS.glob("*.en.txt")):
        en += re.findall(r"[^.!?\n]+[.!?]", path.read_text(encoding="utf-8"))
    return [s.strip() for s in zh if len(s.strip()) >= 8], [s.strip() for s in en if s.strip()]


def vary(rng: random.Random, sentences: list[str], chars: list[str]) -> str:
    text = rng.choice(sentences)
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(("edit", "edit", "number", "swap", "splice"))
        if op == "edit":
            i = rng.randrange(len(text))
            text = text[:i] + rng.choice(["", rng.choice(chars)]) + text[i + rng.randint(0, 1) :]
        elif op == "number":
            text = _DIGITS.sub(lambda m: str(rng.randint(1, 9999)), text)
        elif op == "swap" and text.count("，") >= 2:
            parts = text.split("，")
            i = rng.randrange(len(parts) - 1)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
            text = "，".join(parts)
        elif op == "splice":
            other = rng.choice(sentences)
            text = text[: len(text) // 2] + other[len(other) // 2 :]
    return text.replace("\t", " ")


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    zh, en = real_sentences()
    chars = sorted({c for s in zh for c in s if c.isalpha()})
    rng = random.Random(16)
    sources = [vary(rng, zh, chars) for _ in range(UNITS)]
    queries = [vary(random.Random(1600 + i), zh, chars) for i in range(QUERIES)]
    work = tmp_path_factory.mktemp("quality")
    (work / "tm").mkdir()
    units = (
        Unit(f"q-{i // DOC_SIZE}:{i % DOC_SIZE}", f"q-{i // DOC_SIZE}", 0, (i % DOC_SIZE,),
             (i % DOC_SIZE,), s, en[i % len(en)], "1-1", 1.0, "translated")
        for i, s in enumerate(sources)
    )  # fmt: skip
    with open(work / "tm" / "q.tsv", "w", encoding="utf-8", newline="\n") as fh:
        write(units, TMHeader("q", "zh-CN", "en", "2023-12-20", "quality"), fh)
    mp = pytest.MonkeyPatch()
    mp.setattr(sqlite_backend, "CHUNK", 500)  # 6 chunks, 3 postings rows per language
    mp.setattr(sqlite_backend, "SEGMENT", 1000)
    index = CorpusIndex(work / "tm", work / "index.sqlite")
    backend = index.sync()
    mp.undo()
    yield sources, queries, backend
    index.close()


def exhaustive_best(query: str, sources: list[str], keys: list[str]) -> int:
    """The best score over every unit: the score is at most the keys' similarity, so the
    units of the 50 most similar keys, and of every key within 5 points, hold the best."""
    row = process.cdist([key(query, "zh")], keys, scorer=Levenshtein.normalized_similarity)[0]
    ids = set(np.argsort(-row)[:50].tolist()) | set(np.flatnonzero(row >= row.max() - 0.05))
    return max(score(query, sources[i], "zh").score for i in ids)


def test_the_best_match_is_the_exhaustive_best(bench):
    sources, queries, backend = bench
    assert backend.unit_count() == UNITS
    keys = [key(s, "zh") for s in sources]
    judged = agree = 0
    for q in queries:
        truth = exhaustive_best(q, sources, keys)
        if truth < 70:
            continue
        judged += 1
        found = find_matches(backend, q, "zh-CN", min_score=0, limit=1)
        agree += bool(found) and found[0].score == truth
    assert judged >= QUERIES // 2
    assert agree >= 0.99 * judged


def test_counting_the_long_posting_lists_for_some_units_only_changes_no_ranking(bench, monkeypatch):
    _, queries, backend = bench
    shortcut = [backend.candidates(query_grams(q, "zh"), 64) for q in queries]
    monkeypatch.setattr(sqlite_backend, "SHORTCUT", False)  # count every posting
    full = [backend.candidates(query_grams(q, "zh"), 64) for q in queries]
    for mine, every in zip(shortcut, full, strict=True):
        # The same Dice coefficients, best first; units of equal Dice may differ at the cut.
        assert [round(d, 9) for _, d in mine] == [round(d, 9) for _, d in every]
        cut = min(d for _, d in every) if every else 0
        assert {i for i, d in mine if d > cut} == {i for i, d in every if d > cut}


@pytest.mark.parametrize(("min_score", "limit"), [(0, 1), (0, 5), (70, 5), (90, 3)])
def test_scoring_only_units_that_can_still_make_the_best_changes_no_result(
    bench, monkeypatch, min_score, limit
):
    from tmbrief.lookup import match

    _, queries, backend = bench
    # Newlines and a query of one unit's exact text: the paths without a bound.
    queries = [*queries, queries[0][:5] + "\n" + queries[0][5:], bench[0][7]]
    bounded = [find_matches(backend, q, "zh-CN", min_score=min_score, limit=limit) for q in queries]
    monkeypatch.setattr(match, "_by_bound", lambda scorer, key, units: [(100, u) for u in units])
    every = [find_matches(backend, q, "zh-CN", min_score=min_score, limit=limit) for q in queries]
    assert bounded == every
    assert sum(len(m) for m in every) >= len(queries) // 2  # there are matches to compare

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

import math
import random
import re

import numpy as np
import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tests.conftest import ROOT, SEED_ID
from tmbrief.core.model import TMHeader, Unit
from tmbrief.lookup import sqlite as sqlite_backend
from tmbrief.lookup.grams import family, key, query_grams
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


class _EveryUnit:
    """The backend with no posting lists, whose candidates are all its units, and whose
    keys are made from each unit's text as it is read (not the keys stored)."""

    def __init__(self, backend):
        self.backend = backend

    def __getattr__(self, name):
        if name == "posting_lists":
            raise AttributeError(name)
        return getattr(self.backend, name)

    def candidates(self, query, limit):
        return [(i, 0.0) for i in range(self.backend.unit_count())]

    def texts_by_ids(self, ids):
        fields = ("id", "source", "target", "segtype", "status", "confidence", "tuid")
        units = sorted(self.backend.units_by_ids(ids), key=lambda u: u.id)
        return [tuple(getattr(u, f) for f in fields) for u in units]

    def keys_by_ids(self, ids, lang):
        units = {u.id: u for u in self.backend.units_by_ids(ids)}
        side = "source" if family(lang) == "zh" else "target"
        return [key(getattr(units[i], side), lang) for i in ids]


@pytest.mark.parametrize(("min_score", "limit"), [(0, 1), (0, 5), (70, 5), (90, 3)])
def test_the_count_filter_changes_no_result_of_scoring_every_unit(bench, min_score, limit):
    _, queries, backend = bench
    # Newlines and a query of one unit's exact text: the paths without the count filter.
    queries = [*queries[::2], queries[0][:5] + "\n" + queries[0][5:], bench[0][7]]
    found = [find_matches(backend, q, "zh-CN", min_score=min_score, limit=limit) for q in queries]
    every = _EveryUnit(backend)
    exhaustive = [
        find_matches(every, q, "zh-CN", min_score=min_score, limit=limit, pool=UNITS)
        for q in queries
    ]
    assert found == exhaustive
    assert sum(len(m) for m in exhaustive) >= len(queries) // 2  # there are matches to compare


def test_the_bounds_hold_for_every_unit(bench):
    """The score never exceeds the key similarity (the bound scoring stops at), nor the
    count filter's bound from shared grams; one edit loses at most two query bigrams."""
    from tmbrief.lookup.countfilter import count_bound, max_edits
    from tmbrief.lookup.grams import grams_of, parts_of
    from tmbrief.lookup.match import _bounds
    from tmbrief.lookup.score import QueryScorer

    sources, queries, _ = bench
    keys = [key(s, "zh") for s in sources]
    unit_grams = [set(grams_of(k, "zh")) for k in keys]
    checked = 0
    for q in queries[:6]:
        scorer, qk = QueryScorer(q, "zh"), key(q, "zh")
        qg = set(grams_of(qk, "zh"))
        bounds = _bounds(scorer, [p[0] for p in parts_of(sources, "zh")])
        for i, (bound, s) in enumerate(zip(bounds, sources, strict=True)):
            sim = Levenshtein.normalized_similarity(qk, keys[i])
            edits = Levenshtein.distance(qk, keys[i])
            assert score(q, s, "zh").score <= bound
            shared = len(qg & unit_grams[i])
            assert len(qg) - shared <= 2 * edits
            limit = count_bound(np.array([shared]), np.array([len(unit_grams[i])]), len(qg),
                                len(qk), 2)[0]  # fmt: skip
            assert math.floor(100 * sim + 1e-9) <= limit
            if sim >= 0.01:
                assert edits <= max_edits(math.floor(100 * sim + 1e-9), len(qk))
            checked += 1
    assert checked == 6 * UNITS


def vary_english(rng: random.Random, sentences: list[str], words: list[str]) -> str:
    tokens = rng.choice(sentences).split()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(tokens))
        op = rng.choice(("drop", "word", "swap", "number"))
        if op == "drop" and len(tokens) > 2:
            del tokens[i]
        elif op == "word":
            tokens[i] = rng.choice(words)
        elif op == "swap" and i + 1 < len(tokens):
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
        else:
            tokens = [_DIGITS.sub(str(rng.randint(1, 999)), t) for t in tokens]
    return " ".join(tokens)


@pytest.mark.parametrize(("min_score", "limit"), [(0, 3), (70, 5)])
def test_english_lookups_equal_scoring_every_unit(bench, min_score, limit):
    """The count filter on English words (one edit loses at most one query word)."""
    _, en = real_sentences()
    _, _, backend = bench
    words = sorted({w for s in en for w in s.split() if w.isalpha()})
    queries = [vary_english(random.Random(1700 + i), en[:UNITS], words) for i in range(12)]
    found = [find_matches(backend, q, "en", min_score=min_score, limit=limit) for q in queries]
    every = _EveryUnit(backend)
    exhaustive = [
        find_matches(every, q, "en", min_score=min_score, limit=limit, pool=UNITS) for q in queries
    ]
    assert found == exhaustive
    assert sum(1 for m in exhaustive if m and m[0].score >= 70) >= len(queries) // 2


def test_the_stored_keys_are_the_keys_the_score_compares(bench):
    from tmbrief.lookup.grams import parts_of

    _, _, backend = bench
    ids = list(range(backend.unit_count()))
    units = backend.units_by_ids(ids)
    for lang, side in (("zh", "source"), ("en", "target")):
        texts = [getattr(u, side) for u in units]
        assert backend.keys_by_ids(ids, lang) == [
            p[0] if lang == "zh" else " ".join(p[0]) for p in parts_of(texts, lang)
        ]


def test_counting_posting_lists_in_place_equals_counting_them_joined():
    from tmbrief.lookup.countfilter import count_ids, count_lists

    rng = np.random.default_rng(16)
    size = 5_000
    for n_lists in (1, 2, 7, 40):  # many postings: the per-thread counters
        lists = [np.sort(rng.choice(size, rng.integers(0, 3_000), replace=False)).astype(np.int32)
                 for _ in range(n_lists)]  # fmt: skip
        want = count_ids(np.concatenate(lists), size)
        for _ in range(2):  # and the same again
            got = count_lists(lists, size)
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    few = [np.array([3, 9], np.int32), np.array([9], np.int32)]  # few postings: sorted
    assert [a.tolist() for a in count_lists(few, size)] == [[3, 9], [1, 2]]
    beyond = [np.arange(size - 10, size + 5, dtype=np.int32)] * 2  # an id past size
    ids, shared = count_lists(beyond, 20)
    assert ids.tolist() == list(range(size - 10, size + 5)) and set(shared.tolist()) == {2}


def test_posting_lists_in_pieces_count_and_search_as_the_joined_lists():
    from tmbrief.lookup.countfilter import Postings, count_ids, count_lists, hits

    rng = np.random.default_rng(19)
    size = 4_000
    lists = [np.sort(rng.choice(size, rng.integers(1, 2_500), replace=False)).astype(np.int32)
             for _ in range(12)]  # fmt: skip
    # Each list cut where the index's rows of postings would cut it (ids below 1,000, ...).
    pieces = [Postings([a[(a >= lo) & (a < lo + 1_000)] for lo in range(0, size, 1_000)])
              for a in lists]  # fmt: skip
    assert [len(p) for p in pieces] == [len(a) for a in lists]
    assert all(np.array_equal(p.joined(), a) for p, a in zip(pieces, lists, strict=True))
    want = count_ids(np.concatenate(lists), size)
    for few in (pieces, pieces[:1]):  # the counters, and a count small enough to sort
        got = count_lists(few, size)
        joined = count_ids(np.concatenate([p.joined() for p in few]), size)
        assert np.array_equal(got[0], joined[0]) and np.array_equal(got[1], joined[1])
    assert np.array_equal(count_lists(pieces, size)[1], want[1])
    probe = rng.permutation(size)[:300]  # unsorted ids, as the Dice shortcut asks
    assert hits(pieces, probe).tolist() == hits(lists, probe).tolist()
    assert len(Postings([])) == 0 and Postings([]).joined().tolist() == []
    assert [a.tolist() for a in count_lists([Postings([])], size)] == [[], []]

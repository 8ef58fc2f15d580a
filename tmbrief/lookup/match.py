"""Fuzzy lookup: the best TM matches for a sentence, scored as CAT tools score them.

The backend proposes candidates by gram overlap (a cheap filter that keeps the
edit-distance best, see bench/lookup_bench.py); each is scored with score.py
and the best are returned. The query is searched in the units' Chinese side
(``lang`` zh-CN) or English side (``en``); ``Match.source`` is always the text in
the query's language and ``Match.target`` the other one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tmbrief.core.errors import InputError
from tmbrief.core.langid import han_share
from tmbrief.lookup.backend import IndexBackend, IndexUnit
from tmbrief.lookup.countfilter import survivors
from tmbrief.lookup.grams import SEPARATOR, complete, family, parts_of, query_grams
from tmbrief.lookup.score import QueryScorer, diff

# Candidates scored per query. In a TM of many near-copies (a million units varied from
# 1,710 real pairs) the unit of the best score is not always among the 64 sharing most
# grams: the pool sweep in bench/RESULTS.md ("Lookup") picks the smallest pool whose
# best match equals the exhaustive best for at least 99 % of queries.
POOL = 256
# A sentence may hold many Latin letters (names, products): only a query with (almost)
# no Han is refused as Chinese, only one mostly Han as English.
MIN_HAN_SHARE_ZH = 0.1
MAX_HAN_SHARE_EN = 0.5
_SEGTYPE_ORDER = {"sentence": 0, "block": 1, "paragraph": 2}
_STATUS_ORDER = {"translated": 0, "needs-review": 1, "untranslated": 2}


@dataclass(frozen=True)
class Match:
    """One TM match: score 0-100, the unit, the diff and the numbers that differ."""

    score: int
    unit: IndexUnit
    source: str  # the unit's text in the query's language
    target: str  # its text in the other language
    diff: str
    numbers: tuple[tuple[str, str], ...] = ()  # (query number, TM number)
    only_numbers: bool = False

    def as_dict(self) -> dict:
        """The JSON form: score, source, target, tuid, doc_id, status, diff (and numbers)."""
        return {
            "score": self.score,
            "source": self.source,
            "target": self.target,
            "tuid": self.unit.tuid,
            "doc_id": self.unit.doc_id,
            "status": self.unit.status,
            "diff": self.diff,
            "numbers": [{"query": q, "tm": t} for q, t in self.numbers],
        }


def requested_family(lang: str, text: str, what: str = "query") -> str:
    """``zh`` or ``en`` for ``lang``; InputError for another language or an empty ``text``."""
    try:
        fam = family(lang)
    except ValueError as exc:
        raise InputError("--lang", str(exc)) from None
    if not text.strip():
        raise InputError(what, f"empty {what}")
    return fam


def check_query(text: str, lang: str) -> str:
    """The language family of a query, or InputError when the text is plainly not in it."""
    fam = requested_family(lang, text)
    share = han_share(text)
    if fam == "zh" and share < MIN_HAN_SHARE_ZH:
        raise InputError(
            "query", f"not Chinese ({share:.0%} Han letters); for English use --lang en"
        )
    if fam == "en" and share > MAX_HAN_SHARE_EN:
        raise InputError(
            "query", f"not English ({share:.0%} Han letters); for Chinese use --lang zh-CN"
        )
    return fam


def rank_key(m: Match):
    """Best first: score, then sentence before block/paragraph, translated first, tuid."""
    u = m.unit
    return _rank(m.score, u.segtype, u.status, u.confidence, u.tuid)


def _rank(score: int, segtype: str, status: str, confidence: float, tuid: str) -> tuple:
    return (
        -score,
        _SEGTYPE_ORDER.get(segtype, 3),
        _STATUS_ORDER.get(status, 3),
        -confidence,
        tuid,
    )


def _bounds(scorer: QueryScorer, contents: list) -> list[int]:
    """An upper bound of the score of each candidate, from its content tokens
    (:func:`parts_of`): the score before its penalties, i.e. the Levenshtein
    similarity of the contents, in whole percent (for Chinese one rapidfuzz
    ``cdist``)."""
    query = scorer.query_tokens()[0]
    if scorer.fam == "zh":
        sims = process.cdist(
            [query], contents, scorer=Levenshtein.normalized_similarity, dtype=np.float64
        )[0].tolist()
    else:
        sims = [Levenshtein.normalized_similarity(query, c) for c in contents]
    return [
        100 if s >= 1.0 or not c else math.floor(100.0 * s + 1e-6)
        for s, c in zip(sims, contents, strict=True)
    ]


def find_matches(
    backend: IndexBackend,
    text: str,
    lang: str = "zh-CN",
    *,
    min_score: int = 70,
    limit: int = 5,
    pool: int = POOL,
    translated_only: bool = True,
) -> list[Match]:
    """The best ``limit`` matches scoring at least ``min_score``, best first.

    One match per distinct (source, target) pair; with ``translated_only`` units
    without a translation are left out (they have nothing to insert). Units with
    the query's exact key are scored first; then, where the backend gives its
    posting lists, the count filter (countfilter.py) hands over only the units
    that can still make the best ``limit``, else the ``pool`` units of best gram
    overlap are scored.
    """
    fam = check_query(text, lang)
    query = query_grams(text, fam)
    if not query.grams:
        return []
    run = _Run(backend, QueryScorer(text, fam), min_score, limit, translated_only)
    run.evaluate(backend.exact(query)[:pool])
    posting_lists = getattr(backend, "posting_lists", None)
    if posting_lists is not None and SEPARATOR not in text:
        lists, gram_counts = posting_lists(query)
        length = len(query.key) if fam == "zh" else len(query.key.split())
        per_edit = 2 if fam == "zh" else 1  # grams one edit can destroy: bigrams, words
        survivors(lists, len(query.grams), length, per_edit, min_score, run.evaluate, pool,
                  gram_counts)  # fmt: skip
    else:
        run.evaluate([i for i, _ in backend.candidates(query, pool)])
    return run.best(text)


class _Run:
    """The units scored so far for one lookup, and the score the last wanted match has."""

    def __init__(self, backend, scorer: QueryScorer, min_score: int, limit: int, only: bool):
        self.backend, self.scorer = backend, scorer
        self.min_score, self.limit, self.translated_only = min_score, limit, only
        self.seen: set[int] = set()
        self.scored: list = []
        self.kept: dict[tuple[str, str], int] = {}  # best score of each distinct pair scored
        self._threshold: int | None = None  # threshold() of ``kept`` (None: to compute)

    def threshold(self) -> int:
        """The score a unit needs to be among the best ``limit`` pairs (ties included)."""
        if self._threshold is None:
            if len(self.kept) < self.limit:
                self._threshold = self.min_score
            else:
                best = sorted(self.kept.values(), reverse=True)
                self._threshold = max(self.min_score, best[self.limit - 1])
        return self._threshold

    def evaluate(self, ids) -> int:
        """Score the units of ``ids`` not scored before that can still make the best;
        the threshold after them."""
        fresh = [i for i in (int(x) for x in ids) if i not in self.seen]
        self.seen.update(fresh)
        if not fresh:
            return self.threshold()
        # The keys the index holds bound the score before any text is read.
        contents = self.backend.keys_by_ids(fresh, self.scorer.fam)
        if self.scorer.fam == "en":
            contents = [tuple(c.split()) for c in contents]
        bounds = _bounds(self.scorer, contents)
        order = sorted(range(len(fresh)), key=lambda i: -bounds[i])
        cut = self.threshold()
        wanted = [fresh[i] for i in order if bounds[i] >= cut]
        rows = {c[0][0]: c for c in self._eligible(self.backend.texts_by_ids(wanted))}
        cands = [(bounds[i], rows[fresh[i]]) for i in order if fresh[i] in rows]
        parts = parts_of([mine for _, (_, mine, _) in cands], self.scorer.fam)
        ranked = [(b, p, c) for (b, c), p in zip(cands, parts, strict=True)]
        for bound, parts, (row, mine, other) in ranked:
            if bound < self.threshold():
                break  # no unit left can reach the best ``limit`` pairs (ties still scored)
            result = self.scorer.score(mine, complete(parts))
            if result.score >= self.min_score:
                self.scored.append((_rank(result.score, *row[3:]), result, row[0], mine, other))
                pair = (mine, other)
                if result.score > self.kept.get(pair, -1):
                    self.kept[pair] = result.score
                    self._threshold = None
        return self.threshold()

    def _eligible(self, rows) -> list[tuple]:
        """``(row, mine, other)`` of the rows with a text in the query's language (and a
        translation, where only translated units are wanted)."""
        zh = self.scorer.fam == "zh"
        out = []
        for row in rows:
            mine, other = (row[1], row[2]) if zh else (row[2], row[1])
            if mine and (other or not self.translated_only):
                out.append((row, mine, other))
        return out

    def best(self, text: str) -> list[Match]:
        """The best ``limit`` distinct pairs scored, best first, with their diffs."""
        self.scored.sort(key=lambda s: s[0])
        seen: set[tuple[str, str]] = set()
        chosen = []
        for _, result, uid, mine, other in self.scored:
            if (mine, other) not in seen:
                seen.add((mine, other))
                chosen.append((result, uid, mine, other))
                if len(chosen) == self.limit:
                    break
        units = {u.id: u for u in self.backend.units_by_ids([c[1] for c in chosen])}
        fam = self.scorer.fam
        # Only the matches returned get their diff (a diff costs about a score).
        return [
            Match(result.score, units[uid], mine, other, diff(text, mine, fam), result.numbers,
                  result.only_numbers)
            for result, uid, mine, other in chosen
        ]  # fmt: skip

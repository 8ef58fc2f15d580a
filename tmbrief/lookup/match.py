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
from tmbrief.lookup.grams import SEPARATOR, family, keys_of, query_grams
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
    return (
        -m.score,
        _SEGTYPE_ORDER.get(m.unit.segtype, 3),
        _STATUS_ORDER.get(m.unit.status, 3),
        -m.unit.confidence,
        m.unit.tuid,
    )


def _by_bound(scorer: QueryScorer, query_key: str, units: list) -> list:
    """``(upper bound of the score, unit)`` pairs, highest bound first (stable).

    For Chinese the bound is the score before its penalties: the Levenshtein
    similarity of the comparison keys, computed for every candidate in one pass
    (:func:`keys_of`, rapidfuzz ``cdist``), so only the units that can still
    make the best are scored in full. English candidates all get 100 (no bound).
    """
    if scorer.fam != "zh" or not units or SEPARATOR in scorer.query:
        return [(100, u) for u in units]
    keys = keys_of([mine for _, mine, _ in units], "zh")
    sims = process.cdist(
        [query_key], keys, scorer=Levenshtein.normalized_similarity, dtype=np.float64
    )[0]
    # A text holding SEPARATOR keys differently one by one (keys_of blanks it): no bound.
    bounds = [
        100 if s >= 1.0 or SEPARATOR in unit[1] else math.floor(100.0 * float(s) + 1e-6)
        for s, unit in zip(sims, units, strict=True)
    ]
    order = sorted(range(len(units)), key=lambda i: -bounds[i])
    return [(bounds[i], units[i]) for i in order]


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
    without a translation are left out (they have nothing to insert).
    """
    fam = check_query(text, lang)
    query = query_grams(text, fam)
    if not query.grams:
        return []
    ids = [i for i, _ in backend.candidates(query, pool)]
    ids += [i for i in backend.exact(query)[:pool] if i not in set(ids)]
    scorer = QueryScorer(text, fam)
    units = []
    for unit in backend.units_by_ids(ids):
        mine, other = (unit.source, unit.target) if fam == "zh" else (unit.target, unit.source)
        if mine and (other or not translated_only):
            units.append((unit, mine, other))
    scored = []
    kept: dict[tuple[str, str], int] = {}  # best score of each distinct pair scored
    for bound, (unit, mine, other) in _by_bound(scorer, query.key, units):
        if bound < min_score:
            break
        if len(kept) >= limit and bound < sorted(kept.values(), reverse=True)[limit - 1]:
            break  # no unit left can reach the best ``limit`` pairs (ties still scored)
        result = scorer.score(mine)
        if result.score >= min_score:
            scored.append((result, unit, mine, other))
            pair = (mine, other)
            kept[pair] = max(kept.get(pair, 0), result.score)
    # Rank with an empty diff; only the matches returned get theirs (a diff costs a score).
    scored.sort(key=lambda s: rank_key(Match(s[0].score, s[1], s[2], s[3], "")))
    seen: set[tuple[str, str]] = set()
    best = []
    for result, unit, mine, other in scored:
        if (mine, other) in seen:
            continue
        seen.add((mine, other))
        best.append(
            Match(result.score, unit, mine, other, diff(text, mine, fam), result.numbers,
                  result.only_numbers)
        )  # fmt: skip
        if len(best) == limit:
            break
    return best

"""Which units can still score a threshold: the q-gram count filter, driven by the best so far.

A unit whose comparison key has Levenshtein similarity ``s`` to the query key
(``L`` tokens: characters for Chinese, words for English) is at most
``k = floor((1 - s) * L / s)`` edits away from it (a longer unit is at most
``L / s`` long). One edit destroys at most ``per_edit`` of the query's gram
occurrences (2 bigrams for a character, 1 word for a word), so such a unit holds
all but at most ``per_edit * k`` of the query's distinct grams (Ukkonen's q-gram
lemma). The score is at most ``100 * s`` (see match.py), so a unit that can make
score ``T`` misses at most ``miss(T)`` of the grams, and therefore

* it is in at least one of any ``miss(T) + 1`` of the query's posting lists
  (the shortest are used), and
* among any ``m`` lists it is in at least ``m - miss(T)``.

:func:`survivors` counts the shortest lists first, asks ``evaluate`` to score
the units counted most often (which raises ``T`` to the best score found), and
keeps only the units that pass the filter at that ``T``; the long lists (common
grams: most of the postings) are read only for the units still in the running,
or not at all. Nothing that can reach ``T`` is dropped, so when no more than
``pool`` units pass, the best match found is the exhaustive best; beyond that
the ``pool`` units sharing most grams (Dice) are scored, as without the filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

SEED = 16  # units scored first, to learn a threshold before filtering
BATCH = 32  # units scored at once after filtering (the threshold rises between batches)
# The first count reads the shortest lists up to this share of the units in postings (at
# least one list): enough rare grams to find near matches to score first. A share of the
# index, not of the query's postings: English word lists are far more skewed than Chinese
# bigram lists (a query's 4-6 million postings against about one million), and a fixed
# share of them counted 3-4 times the postings (dev: bench/RESULTS.md "Lookup").
FIRST_UNITS = 0.1


def max_edits(threshold: int, length: int) -> int | None:
    """The most edits a unit can be from a query of ``length`` tokens and still have a
    key similarity of ``threshold`` percent; None when any unit can (threshold <= 0)."""
    if threshold <= 0:
        return None
    return (100 - min(threshold, 100)) * length // threshold


def survivors(
    lists: Sequence[np.ndarray],
    n_grams: int,
    length: int,
    per_edit: int,
    threshold: int,
    evaluate: Callable[[np.ndarray], int],
    pool: int,
    gram_counts: np.ndarray,
) -> None:
    """Feed ``evaluate`` every unit that can still reach the threshold.

    ``lists`` are the query's posting lists (sorted unit ids, one per distinct
    gram found in the index); ``n_grams`` the query's distinct grams (found or
    not); ``evaluate(ids)`` scores those units and returns the threshold now
    (the score the last of the wanted matches has, or the minimum asked).
    ``gram_counts`` holds each unit's distinct grams (for the Dice order when
    more than ``pool`` units pass). Where the filter cannot prune at the
    threshold (a unit holding none of the indexed grams could reach it), every
    list is counted and the ``pool`` units of best Dice are the candidates, as
    without the filter. Units are scored in batches, best count bound first.
    """
    lists = sorted(lists, key=len)
    if not lists:
        return
    m = _first_lists(lists, len(gram_counts))
    ids, shared = count_lists(lists[:m], len(gram_counts))
    if len(ids) > SEED:
        seed = ids[np.argpartition(-shared, SEED - 1)[:SEED]]
    else:
        seed = ids
    threshold = max(threshold, evaluate(np.sort(seed)))
    done = set(seed.tolist())
    miss = _miss(threshold, length, per_edit)
    if miss is not None:
        miss -= n_grams - len(lists)  # grams no unit has are missed by every unit
        if miss < 0:
            return  # no unit can reach the threshold
    if miss is None or miss >= len(lists):  # a unit in none of the lists could make it:
        miss = len(lists)  # no pruning; the pool of best Dice is scored, best bound first
        m = len(lists)
        ids, shared = count_lists(lists, len(gram_counts))
    elif m <= miss:  # a qualifying unit may be in none of the lists counted so far
        m = miss + 1
        ids, shared = count_lists(lists[:m], len(gram_counts))
    keep = shared >= m - miss
    ids, shared = ids[keep], shared[keep]
    for extra in lists[m:]:  # the long lists, for the units still in the running
        if len(ids) <= pool:
            break
        m += 1
        shared = shared + hits([extra], ids)
        keep = shared >= m - miss
        ids, shared = ids[keep], shared[keep]
    if len(ids) > pool:  # every list counted: the pool of best Dice, as without the filter
        dice = 2.0 * shared / (n_grams + gram_counts[ids])
        top = np.argpartition(-dice, pool - 1)[:pool]
        ids, shared = ids[top], shared[top]
    # Scored in batches, best bound first, until no unit left can reach the threshold.
    bound = count_bound(shared + (len(lists) - m), gram_counts[ids], n_grams, length, per_edit)
    order = np.lexsort((ids, -shared, -bound))
    ids, bound = ids[order], bound[order]
    for start in range(0, len(ids), BATCH):
        if bound[start] < threshold:
            break
        batch = [i for i in ids[start : start + BATCH].tolist() if i not in done]
        if batch:
            threshold = max(threshold, evaluate(np.array(batch, dtype=np.int64)))


def count_bound(
    shared: np.ndarray, unit_grams: np.ndarray, n_grams: int, length: int, per_edit: int
) -> np.ndarray:
    """The highest key similarity, in whole percent, of a unit holding at most ``shared``
    of the query's ``n_grams`` distinct grams and ``unit_grams`` distinct grams of its own.

    It is at least ``d`` edits away: one edit destroys at most ``per_edit`` of the
    query's grams and makes at most ``per_edit`` of the unit's, and a unit of more
    distinct grams than the query has tokens is longer by the difference at
    least; ``length / (length + d)`` is the best similarity at ``d`` edits,
    whatever the unit's length.
    """
    edits = np.maximum(
        _ceil_div(n_grams - shared, per_edit), _ceil_div(unit_grams - shared, per_edit)
    )
    if per_edit == 2:  # characters: a key of g distinct bigrams has at least g + 1 characters
        edits = np.maximum(edits, unit_grams + 1 - length)
    edits = np.maximum(edits, 0)
    return np.floor(100.0 * length / (length + edits) + 1e-6).astype(np.int64)


def _ceil_div(a, b: int):
    return -(-a // b)


def _miss(threshold: int, length: int, per_edit: int) -> int | None:
    edits = max_edits(threshold, length)
    return None if edits is None else per_edit * edits


def _first_lists(lists: Sequence[np.ndarray], units: int) -> int:
    """How many of the shortest lists the first count takes (at least one)."""
    budget, running = FIRST_UNITS * units, 0
    for m, each in enumerate(lists):
        running += len(each)
        if running > budget:
            return max(1, m)
    return len(lists)


def count_ids(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids (sorted) and how often each occurs; ``size`` bounds the ids."""
    if len(ids) * 8 < size:
        return np.unique(ids, return_counts=True)
    counts = np.bincount(ids, minlength=size)
    uniq = np.flatnonzero(counts)
    return uniq, counts[uniq]


_NONE = np.zeros(0, np.int32)  # no postings


class Postings:
    """One gram's posting list in the sorted pieces the index stores it in (one per row of
    postings, ids growing from piece to piece), joined only when it is searched: the
    count filter counts the short lists piece by piece and often never searches the
    long ones (an English query's common words: millions of postings)."""

    __slots__ = ("pieces", "_size", "_joined")

    def __init__(self, pieces: Sequence[np.ndarray]):
        self.pieces = tuple(pieces)
        self._size = sum(map(len, self.pieces))
        self._joined: np.ndarray | None = None

    def __len__(self) -> int:
        return self._size

    def joined(self) -> np.ndarray:
        """The whole list as one sorted array (made once)."""
        if self._joined is None:
            if len(self.pieces) == 1:
                self._joined = self.pieces[0]
            else:
                self._joined = np.concatenate(self.pieces or (_NONE,))
        return self._joined


PostingList = np.ndarray | Postings


def _arrays(lists: Sequence[PostingList]) -> list[np.ndarray]:
    """The sorted arrays of ``lists``, a :class:`Postings` as its pieces (disjoint)."""
    out: list[np.ndarray] = []
    for each in lists:
        out.extend(each.pieces if isinstance(each, Postings) else (each,))
    return out


def _whole(each: PostingList) -> np.ndarray:
    return each.joined() if isinstance(each, Postings) else each


def hits(sorted_lists: Sequence[PostingList], ids: np.ndarray) -> np.ndarray:
    """How many of the sorted id lists hold each of ``ids``."""
    found = np.zeros(len(ids), dtype=np.int64)
    ids = ids.astype(np.int32, copy=False)  # the lists' type: searchsorted would convert them
    for each in map(_whole, sorted_lists):
        if len(each):
            at = np.minimum(np.searchsorted(each, ids), len(each) - 1)
            found += each[at] == ids
    return found


def count_lists(lists: Sequence[PostingList], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids in the sorted posting ``lists`` (sorted) and how many lists hold
    each; ids are below ``size`` and in a list at most once (a unit has a gram once).

    Many postings (as English queries' common words have) are counted in an array of
    ``size`` counters, a list at a time, without joining them (an 8 MB bincount of the
    joined lists and its scan at a million units took 2-3 times as long); few are
    sorted (:func:`count_ids`)."""
    arrays = _arrays(lists)  # a gram's pieces hold distinct ids: counted apart, same counts
    total = sum(map(len, arrays))
    if (
        total * 8 < size
        or len(lists) > _COUNTER_MAX
        or any(len(each) and each[-1] >= size for each in arrays)
    ):
        joined = np.concatenate(arrays) if len(arrays) > 1 else (arrays[0] if arrays else _NONE)
        return count_ids(joined, size)
    counter = np.zeros(size, np.uint16)  # calloc'd: as fast as a kept array, and no state
    for each in arrays:
        counter[each] += 1
    ids = np.flatnonzero(counter)
    return ids, counter[ids].astype(np.int64)


_COUNTER_MAX = np.iinfo(np.uint16).max  # lists a uint16 counter can count

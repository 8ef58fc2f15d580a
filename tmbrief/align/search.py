"""The aligner's search: coarse-to-fine banded DP, then a second pass with refitted parameters.

First pass: the length ratio is fitted to the document pair; the path is
searched in a band around the path of the coarser level (units of two
sentences, recursively, down to a level small enough to search in full).
Second pass: the length variance is refitted from the first path's beads, a
translation table is learned from them (:mod:`tmbrief.align.learn`), and the
path is searched again in a band around the first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tmbrief.align.dp import (
    BEAD_TYPES,
    COARSE_TYPES,
    Band,
    Span,
    best_path,
    posteriors,
    project,
)
from tmbrief.align.features import (
    Features,
    KeyCounts,
    coarsen,
    pack,
    unpack,
    with_chance_rates,
    with_rates,
)
from tmbrief.align.learn import apply_table, learn_table
from tmbrief.align.score import BandCosts, ScoreParams, fit_ratio, fit_variance

log = logging.getLogger(__name__)

# A level with at most this many grid cells is searched in full.
FULL_SEARCH_CELLS = 2500
# Sentences given their learned keys at once while the Chinese side's keys are counted.
COUNT_CHUNK = 1024


@dataclass(frozen=True)
class Alignment:
    """A path and what it was found with: the final features and fitted parameters."""

    spans: tuple[Span, ...]
    src: tuple[Features, ...]
    tgt: tuple[Features, ...]
    params: ScoreParams
    learned: int  # entries in the learned translation table
    posteriors: tuple[float, ...] = ()  # per span: its share of all paths' probability


def search(
    src: Sequence[Features],
    tgt: Sequence[Features],
    params: ScoreParams,
    types: Sequence[tuple[int, int]] = BEAD_TYPES,
) -> list[Span]:
    """The best path, searched coarse to fine (chance rates of ``src``/``tgt`` must be set)."""
    return best_path(band_for(src, tgt, params), types, BandCosts(src, tgt, params))


def band_for(src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams) -> Band:
    """The band to search: all cells if few, else around the path of the coarser level."""
    n, m = len(src), len(tgt)
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return Band.full(n, m)
    coarse_src, coarse_tgt = coarsen(src, tgt)
    coarse = search(coarse_src, coarse_tgt, params, COARSE_TYPES)
    band = Band.around(project(coarse, n, m, 2), n, m, params.band)
    log.debug("level %d x %d: %d cells", n, m, band.cells())
    return band


def align_fixed(
    src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams
) -> tuple[list[Span], list[float]]:
    """One pass with fixed parameters: the best path and each bead's posterior."""
    band = band_for(src, tgt, params)
    costs = BandCosts(src, tgt, params)
    spans = best_path(band, BEAD_TYPES, costs)
    return spans, posteriors(band, BEAD_TYPES, costs, spans)


@dataclass(frozen=True)
class FirstPass:
    """The first pass of :func:`align_units`: its path, and the features and parameters it used."""

    spans: tuple[Span, ...]
    src: Sequence[Features]  # a list, or Units (a long document's, made on demand)
    tgt: Sequence[Features]
    params: ScoreParams


def align_units(
    src: Sequence[Features],
    tgt: Sequence[Features],
    params: ScoreParams | None = None,
    *,
    learn: bool = True,
) -> Alignment:
    """Align two lists of sentence (or paragraph) features in two passes."""
    return second_pass(first_pass(src, tgt, params), learn=learn)


def first_pass(
    src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams | None = None
) -> FirstPass:
    """Chance rates set, the length ratio fitted, the path searched coarse to fine."""
    src, tgt = with_chance_rates(src, tgt)
    params = params or ScoreParams()
    params = replace(params, ratio=fit_ratio(src, tgt, params.ratio))
    spans = search(src, tgt, params) if src and tgt else []
    return FirstPass(tuple(spans), src, tgt, params)


def second_pass(first: FirstPass, *, learn: bool = True) -> Alignment:
    """The variance refitted, a table learned from the first path, and the path searched again.

    Pass the first pass as a temporary (``second_pass(first_pass(...))``) to let its
    features go as the learned ones replace them: on a long document two copies
    of every Chinese sentence's keys would be most of the aligner's memory.
    """
    src, tgt, params, spans = first.src, first.tgt, first.params, first.spans
    del first  # the caller's temporary: its tables are freed as src is rebuilt below
    if not src or not tgt:
        spans, chances = align_fixed(src, tgt, params)
        return Alignment(tuple(spans), src, tgt, params, 0, tuple(chances))
    params = fit_variance(src, tgt, spans, params)
    table = learn_table(src, tgt, spans) if learn else {}
    if table:
        src, tgt = with_chance_rates(apply_table(src, table), tgt)
    # The word maps were only for learning (a third of a Chinese sentence's features).
    src = [replace(f, words={}) if f.words else f for f in src]
    band = Band.around(spans, len(src), len(tgt), params.band)
    costs = BandCosts(src, tgt, params)
    spans = best_path(band, BEAD_TYPES, costs)
    chances = posteriors(band, BEAD_TYPES, costs, spans)
    log.info(
        "aligned %d x %d sentences: ratio %.2f, variance %.1f, %d learned words",
        len(src),
        len(tgt),
        params.ratio,
        params.variance,
        len(table),
    )
    return Alignment(tuple(spans), tuple(src), tuple(tgt), params, len(table), tuple(chances))


@dataclass(frozen=True)
class Refit:
    """The second pass's model without its search: the refitted parameters and learned table.

    The second pass's features of any run of sentences (:meth:`src_features`,
    :meth:`tgt_features`) are made on demand from the first pass's, the same
    ones :func:`second_pass` makes for the whole document. A caller that aligns
    block by block so never holds the learned key tables of a whole long
    document (issue 19: most of the aligner's memory on a 10 MB article), and
    the first pass's features wait packed (:func:`pack`), a third of their size.
    """

    src: tuple[bytes, ...]  # each Chinese sentence's first-pass features, packed
    tgt: tuple[bytes, ...]
    params: ScoreParams
    table: dict[str, frozenset[str]]
    src_counts: KeyCounts  # the Chinese side's keys (with the learned ones): English rates
    tgt_counts: KeyCounts  # the English side's keys: Chinese rates

    def src_features(self, i0: int, i1: int, chance: bool = True) -> list[Features]:
        """Second-pass features of Chinese sentences ``i0 .. i1 - 1`` (``chance``: with rates)."""
        part = [unpack(data) for data in self.src[i0:i1]]
        if self.table:
            part = apply_table(part, self.table)
        if chance:
            part = with_rates(part, self.tgt_counts)
        return [replace(f, words={}) if f.words else f for f in part]

    def tgt_features(self, j0: int, j1: int, chance: bool = True) -> list[Features]:
        """Second-pass features of English sentences ``j0 .. j1 - 1`` (``chance``: with rates)."""
        part = [unpack(data) for data in self.tgt[j0:j1]]
        return with_rates(part, self.src_counts) if chance else part


def refit(first: FirstPass) -> Refit:
    """What :func:`second_pass` fits and learns from ``first``, without searching again.

    Pass the first pass as a temporary (``refit(first_pass(...))``): its features
    go as they are packed (chance tables are made again per run of sentences, and
    only the words the table knows are kept of the Chinese sentences).
    """
    src, tgt, params, spans = first.src, first.tgt, first.params, first.spans
    del first  # the caller's temporary
    table: dict[str, frozenset[str]] = {}
    if src and tgt:
        params = fit_variance(src, tgt, spans, params)
        table = learn_table(src, tgt, spans)
        log.info(
            "refitted %d x %d sentences: ratio %.2f, variance %.1f, %d learned words",
            len(src),
            len(tgt),
            params.ratio,
            params.variance,
            len(table),
        )
    src_counts = KeyCounts({}, 0)
    for k in range(0, len(src), COUNT_CHUNK):
        src_counts.add(
            apply_table(src[k : k + COUNT_CHUNK], table) if table else src[k : k + COUNT_CHUNK]
        )
    tgt_counts = KeyCounts.of(tgt)
    src = tuple(pack(f, table) for f in src)
    tgt = tuple(pack(f) for f in tgt)
    return Refit(src, tgt, params, table, src_counts, tgt_counts)

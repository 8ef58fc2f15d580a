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
from tmbrief.align.features import Features, coarsen, with_chance_rates
from tmbrief.align.learn import apply_table, learn_table
from tmbrief.align.score import BandCosts, ScoreParams, fit_ratio, fit_variance

log = logging.getLogger(__name__)

# A level with at most this many grid cells is searched in full.
FULL_SEARCH_CELLS = 2500


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
    src: tuple[Features, ...]
    tgt: tuple[Features, ...]
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
    return FirstPass(tuple(spans), tuple(src), tuple(tgt), params)


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

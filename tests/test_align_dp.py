"""The aligner's DP: bands, best path, posteriors, coarse-to-fine search, cost parts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.conftest import run_cached
from tmbrief.align.aligner import sentence_features
from tmbrief.align.dp import BEAD_TYPES, Band, best_path, posteriors, project
from tmbrief.align.features import with_chance_rates
from tmbrief.align.score import BandCosts, ScoreParams, bead_cost, fit_variance, length_cost
from tmbrief.align.search import FULL_SEARCH_CELLS, align_units, band_for, search

TYPES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


def table_costs(table):
    """A cost function from {(i0, i1, j0, j1): cost}; other beads cost 10 per sentence."""

    def costs(types, band, start, end):
        out = np.full((len(types), end - start, band.max_width), np.inf)
        for t, (a, b) in enumerate(types):
            for i in range(start, end):
                for k in range(int(band.width[i])):
                    j = int(band.lo[i]) + k
                    if i >= a and j >= b:
                        out[t, i - start, k] = table.get((i - a, i, j - b, j), 10.0 * (a + b))
        return out

    return costs


@pytest.mark.parametrize(
    ("n", "m", "cheap", "expected"),
    [
        (2, 2, {(0, 1, 0, 1): 0.0, (1, 2, 1, 2): 0.0}, [(0, 1, 0, 1), (1, 2, 1, 2)]),
        (1, 2, {(0, 1, 0, 2): 1.0}, [(0, 1, 0, 2)]),
        (2, 1, {(0, 2, 0, 1): 1.0}, [(0, 2, 0, 1)]),
        (2, 1, {(0, 1, 0, 1): 0.0}, [(0, 1, 0, 1), (1, 2, 1, 1)]),
        (1, 2, {(0, 1, 1, 2): 0.0}, [(0, 0, 0, 1), (0, 1, 1, 2)]),
        (0, 2, {}, [(0, 0, 0, 1), (0, 0, 1, 2)]),
        (2, 0, {}, [(0, 1, 0, 0), (1, 2, 0, 0)]),
        (0, 0, {}, []),
    ],
)
def test_best_path_takes_the_cheapest_beads(n, m, cheap, expected):
    assert best_path(Band.full(n, m), TYPES, table_costs(cheap)) == expected


def test_posteriors_share_the_probability_of_the_paths():
    """Two cheap paths: 1-1 + 1-1 (cost 0) and 1-2 + 1-0 (cost log 3)."""
    table = {(0, 1, 0, 1): 0.0, (1, 2, 1, 2): 0.0, (0, 1, 0, 2): math.log(3), (1, 2, 2, 2): 0.0}
    costs = table_costs(table)
    band = Band.full(2, 2)
    spans = best_path(band, TYPES, costs)
    assert spans == [(0, 1, 0, 1), (1, 2, 1, 2)]
    chances = posteriors(band, TYPES, costs, spans)
    # Other paths cost >= 10 (e^-10 ~ 0): P = 1 / (1 + 1/3) = 0.75.
    assert chances == pytest.approx([0.75, 0.75], abs=1e-3)


def test_band_around_a_path_holds_it_and_overlaps_row_to_row():
    spans = [(0, 1, 0, 2), (1, 3, 2, 3), (3, 3, 3, 4), (3, 4, 4, 4)]
    band = Band.around(spans, 4, 4, 1)
    for i0, i1, j0, j1 in spans:
        assert band.lo[i0] <= j0 <= band.hi[i0] and band.lo[i1] <= j1 <= band.hi[i1]
    assert all(band.lo[i + 1] <= band.hi[i] for i in range(4))
    assert band.lo[0] == 0 and band.hi[4] == 4


# Band rows: 0 -> target 0..2, 1 -> 1..4, 2 -> 5..6.
OVERLAP_CASES = [
    # (row, other row, dj, (shift, k0, k1))
    (1, 0, -1, (0, 0, 3)),  # row 1 targets 1..3 come from row 0 targets 0..2
    (1, 0, 0, (1, 0, 2)),  # row 1 targets 1..2 are row 0 targets 1..2
    (0, 1, 1, (0, 0, 3)),  # row 0 targets 0..2, one on, are row 1 targets 1..3
    (2, 1, -2, (2, 0, 2)),  # row 2 targets 5..6 come from row 1 targets 3..4
    (2, 0, 0, (5, 0, -2)),  # no overlap: k1 <= k0
]


@pytest.mark.parametrize(("i", "other", "dj", "expected"), OVERLAP_CASES)
def test_band_overlap_maps_columns_between_rows(i, other, dj, expected):
    band = Band([0, 1, 5], [2, 4, 6], 6)
    assert band.overlap(i, other, dj) == expected
    shift, k0, k1 = expected
    for k in range(k0, k1):  # the same target prefix, dj apart
        assert band.lo[other] + k + shift == band.lo[i] + k + dj


def test_project_scales_a_coarse_path_and_clips_at_the_ends():
    assert project([(0, 1, 0, 1), (1, 2, 1, 3)], 3, 5, 2) == [(0, 2, 0, 2), (2, 3, 2, 5)]


def test_coarse_to_fine_search_equals_the_full_search():
    """On a pair long enough to be searched through coarser levels, the band finds
    the same path as searching every cell."""
    zh = [f"第{k}号工厂今年生产了{k * 7}吨新材料，工人有{k * 3}名。" for k in range(1, 61)]
    en = []
    for k in range(1, 61):
        en.append(f"Factory No. {k} produced {k * 7} tonnes of new materials this year.")
        if k % 3 == 0:
            en.append(f"It employs {k * 3} workers.")
        else:
            en[-1] = en[-1][:-1] + f" and employs {k * 3} workers."
    src, tgt = with_chance_rates(*sentence_features(zh, en))
    assert (len(src) + 1) * (len(tgt) + 1) > FULL_SEARCH_CELLS
    params = ScoreParams(ratio=2.5)
    band = band_for(src, tgt, params)
    assert band.cells() < (len(src) + 1) * (len(tgt) + 1) / 2
    banded = search(src, tgt, params)
    full = best_path(Band.full(len(src), len(tgt)), BEAD_TYPES, BandCosts(src, tgt, params))
    assert banded == full
    assert sum(1 for i0, i1, j0, j1 in banded if (i1 - i0, j1 - j0) == (1, 2)) == 20


def test_vectorised_costs_equal_the_one_bead_cost():
    zh = ["涪陵区位于长江和乌江交汇处。", "去年工业总产值超过一千亿元。", "天黑了。"]
    en = ["Fuling lies where the Yangtze and Wu meet.", "Output exceeded", "100 billion yuan."]
    src, tgt = with_chance_rates(*sentence_features(zh, en))
    params = ScoreParams(orphan_cost=1.5)
    band = Band.full(3, 3)
    table = BandCosts(src, tgt, params)(BEAD_TYPES, band, 0, 4)
    for t, (a, b) in enumerate(BEAD_TYPES):
        for i in range(a, 4):
            for j in range(b, 4):
                one = bead_cost(src[i - a : i], tgt[j - b : j], params)
                assert table[t, i, j] == pytest.approx(one), (a, b, i, j)


def test_length_cost_is_gale_church_and_finite_far_out():
    assert length_cost(np.array([0.0]))[0] == pytest.approx(0.0)
    assert length_cost(np.array([1.96]))[0] == pytest.approx(-math.log(0.05), abs=1e-3)
    far = length_cost(np.array([100.0, 1000.0]))
    assert np.all(np.isfinite(far)) and far[1] > far[0] > 4000


def test_fitted_variance_needs_enough_beads_and_stays_in_bounds():
    src, tgt = sentence_features(["天黑了。"] * 3, ["It was dark."] * 3)
    params = ScoreParams()
    spans = [(k, k + 1, k, k + 1) for k in range(3)]
    assert fit_variance(src, tgt, spans, params) == params
    src, tgt = sentence_features(["天黑了。"] * 10, ["It was dark indeed, very dark."] * 10)
    fitted = fit_variance(src, tgt, [(k, k + 1, k, k + 1) for k in range(10)], params)
    assert 4.0 <= fitted.variance <= 80.0 and fitted.ratio > params.ratio


def test_alignment_reports_what_it_fitted():
    zh = ["今天早上下雨了。", "许多市民撑着雨伞去上班。"]
    en = ["It rained this morning.", "Many residents went to work holding umbrellas."]
    result = align_units(*sentence_features(zh, en))
    assert result.spans == ((0, 1, 0, 1), (1, 2, 1, 2))
    assert len(result.posteriors) == 2 and all(0.0 <= p <= 1.0 for p in result.posteriors)


def test_the_tail_table_comes_back_from_the_cache_bit_for_bit(tmp_path):
    code = (
        "import math, sys; from tmbrief.align.score import _tail_table\n"
        "x, v = _tail_table()\n"
        "fresh = [-math.log(math.erfc(t)) for t in x]\n"
        "print(v.tobytes() == __import__('numpy').array(fresh).tobytes(), len(v))"
    )
    runs = run_cached(code, tmp_path / "c")
    assert [r.stdout.strip() for r in runs] == ["True 26001"] * 2, runs[0].stderr
    assert list((tmp_path / "c").rglob("tail-table-*.bin"))  # the second run read it

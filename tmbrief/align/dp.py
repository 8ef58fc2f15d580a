"""The aligner's dynamic programme: the cheapest monotone bead path inside a band.

A path through the (source prefix, target prefix) grid from (0, 0) to (n, m),
made of bead steps ``(a, b)`` (a source and b target sentences), is an
alignment; its cost is the sum of its beads' costs. The search is restricted
to a band: for every source prefix ``i`` a range ``lo[i]..hi[i]`` of target
prefixes. As in vecalign (Thompson & Koehn 2019), the band comes from the
path found on a coarser version of the same texts (each unit two consecutive
sentences), so time and memory grow linearly with length.

Rows are computed one at a time, every cell of a row at once with numpy; the
costs of a block of rows come from a cost function, one array per bead type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

# (source sentences, target sentences) per bead type; ties go to the earlier type.
BEAD_TYPES = (
    (1, 1),
    (1, 2),
    (2, 1),
    (1, 3),
    (3, 1),
    (2, 2),
    (1, 4),
    (2, 3),
    (3, 2),
    (1, 0),
    (0, 1),
)
# Bead types on the coarse levels, where a unit is already a run of sentences.
COARSE_TYPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))

# Rows of cost arrays computed at once: bounds memory whatever the length.
ROW_BLOCK = 2048

Span = tuple[int, int, int, int]
# costs(types, band, first_row, end_row) -> array (types, rows, band width) of bead
# costs: [t, r, k] is bead type t ending at source prefix first_row + r and target
# prefix band.lo[first_row + r] + k (np.inf where there is no such bead).
CostFn = Callable[[Sequence[tuple[int, int]], "Band", int, int], np.ndarray]


class Band:
    """Allowed target prefixes ``lo[i]..hi[i]`` (inclusive) for each source prefix i in 0..n.

    A usable band holds (0, 0) and (n, m), its bounds never decrease, and
    neighbouring rows overlap (``lo[i + 1] <= hi[i]``), so a path exists.
    """

    def __init__(self, lo: Sequence[int], hi: Sequence[int], m: int):
        self.lo = np.asarray(lo, dtype=np.int64)
        self.hi = np.asarray(hi, dtype=np.int64)
        self.n = len(self.lo) - 1
        self.m = m
        self.width = self.hi - self.lo + 1
        self.max_width = int(self.width.max())

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        """The band that allows every cell."""
        return cls([0] * (n + 1), [m] * (n + 1), m)

    @classmethod
    def around(cls, spans: Sequence[Span], n: int, m: int, width: int) -> Band:
        """``width`` target units either side of the cells a path visits in each row.

        A bead from (i0, j0) to (i1, j1) visits target prefixes j0..j1 in rows i0..i1.
        """
        path_lo = np.full(n + 1, m, dtype=np.int64)
        path_hi = np.zeros(n + 1, dtype=np.int64)
        for i0, i1, j0, j1 in spans:
            path_lo[i0 : i1 + 1] = np.minimum(path_lo[i0 : i1 + 1], j0)
            path_hi[i0 : i1 + 1] = np.maximum(path_hi[i0 : i1 + 1], j1)
        lo = np.maximum(0, path_lo - width)
        hi = np.minimum(m, path_hi + width)
        return cls(lo, hi, m)

    def overlap(self, i: int, other: int, dj: int) -> tuple[int, int, int]:
        """Where row ``i`` meets the cells ``dj`` target units on in row ``other``: (shift, k0, k1).

        Column k of row i, for k0 <= k < k1, is column k + shift of row ``other``
        (target prefix lo[i] + k there is lo[i] + k + dj); k1 <= k0 when they do not meet.
        """
        shift = int(self.lo[i] + dj - self.lo[other])
        return shift, max(0, -shift), min(int(self.width[i]), int(self.width[other]) - shift)

    def cells(self) -> int:
        """Number of cells in the band."""
        return int(self.width.sum())


def best_path(band: Band, types: Sequence[tuple[int, int]], costs: CostFn) -> list[Span]:
    """The cheapest bead path from (0, 0) to (n, m) inside ``band``, as (i0, i1, j0, j1) spans.

    ``types`` must include (0, 1) and (1, 0), so that every cell of a usable
    band is reachable. Source-advancing types are relaxed from earlier rows;
    the (0, 1) beads within a row are a running minimum over the row (a cell's
    best is either its own best entry or the cell to its left plus one more
    inserted target unit).
    """
    n, width = band.n, band.max_width
    lo, widths = band.lo, band.width
    insert = types.index((0, 1))
    inf = np.inf
    total = np.full((n + 1, width), inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    rows = _CostRows(costs, types, band)
    columns = np.arange(width)
    for i in range(n + 1):
        row_costs = rows(i)
        best = np.full(width, inf)
        best_type = np.full(width, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or a > i:
                continue
            prev = i - a
            shift, k0, k1 = band.overlap(i, prev, -b)
            if k1 <= k0:
                continue
            candidate = total[prev, k0 + shift : k1 + shift] + row_costs[t, k0:k1]
            better = candidate < best[k0:k1]
            best[k0:k1] = np.where(better, candidate, best[k0:k1])
            best_type[k0:k1][better] = t
        # (0, 1) beads: total[k] = min over k' <= k of best[k'] + steps[k'+1..k].
        steps = row_costs[insert].copy()
        steps[0] = 0.0
        steps[~np.isfinite(steps)] = 0.0
        ramp = np.cumsum(steps)
        own = best - ramp
        running = np.minimum.accumulate(own)
        from_left = running < own
        row_total = running + ramp
        row_total[columns >= widths[i]] = inf
        total[i] = row_total
        back[i] = np.where(from_left, insert, best_type)
    spans: list[Span] = []
    i, j = n, band.m
    while i or j:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise ValueError(f"no path reaches ({i}, {j}): the band is not usable")
        a, b = types[t]
        spans.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    spans.reverse()
    return spans


class _CostRows:
    """Cost rows fetched from a cost function block by block (the last two blocks kept)."""

    def __init__(self, costs: CostFn, types, band: Band):
        self.costs, self.types, self.band = costs, types, band
        self.blocks: dict[int, np.ndarray] = {}

    def __call__(self, i: int) -> np.ndarray:
        key = i // ROW_BLOCK
        if key not in self.blocks:
            if len(self.blocks) >= 2:
                del self.blocks[max(self.blocks, key=lambda k: abs(k - key))]
            start = key * ROW_BLOCK
            self.blocks[key] = self.costs(
                self.types, self.band, start, min(self.band.n + 1, start + ROW_BLOCK)
            )
        return self.blocks[key][:, i - key * ROW_BLOCK]


def posteriors(
    band: Band,
    types: Sequence[tuple[int, int]],
    costs: CostFn,
    spans: Sequence[Span],
    temperature: float = 1.0,
) -> list[float]:
    """Posterior probability of each bead of ``spans`` among all paths in the band.

    Costs are read as negative log-probabilities (divided by ``temperature``);
    forward and backward sums over paths (log-sum-exp instead of the search's
    min) give, for a bead from (i0, j0) to (i1, j1) of type t,
    ``exp(alpha(i0, j0) - cost_t(i1, j1) + beta(i1, j1) - alpha(n, m))``: the
    share of the probability of all paths that go through that bead.
    """
    n, width = band.n, band.max_width
    lo, widths = band.lo, band.width
    insert = types.index((0, 1))
    rows = _CostRows(costs, types, band)
    columns = np.arange(width)
    outside = columns[None, :] >= widths[:, None]
    alpha = np.full((n + 1, width), -np.inf)
    for i in range(n + 1):
        row = -rows(i) / temperature
        own = np.full(width, -np.inf)
        if i == 0:
            own[0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or a > i:
                continue
            prev = i - a
            shift, k0, k1 = band.overlap(i, prev, -b)
            if k1 > k0:
                own[k0:k1] = np.logaddexp(
                    own[k0:k1], alpha[prev, k0 + shift : k1 + shift] + row[t, k0:k1]
                )
        ramp = _ramp(row[insert])
        alpha[i] = np.where(outside[i], -np.inf, np.logaddexp.accumulate(own - ramp) + ramp)
    beta = np.full((n + 1, width), -np.inf)
    for i in range(n, -1, -1):
        own = np.full(width, -np.inf)
        if i == n:
            own[int(band.m - lo[n])] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or i + a > n:
                continue
            nxt = i + a
            row = -rows(nxt)[t] / temperature
            shift, k0, k1 = band.overlap(i, nxt, b)
            if k1 > k0:
                own[k0:k1] = np.logaddexp(
                    own[k0:k1], beta[nxt, k0 + shift : k1 + shift] + row[k0 + shift : k1 + shift]
                )
        ramp = _ramp(-rows(i)[insert] / temperature)
        tail = np.logaddexp.accumulate((own + ramp)[::-1])[::-1] - ramp
        beta[i] = np.where(outside[i], -np.inf, tail)
    total = alpha[n, int(band.m - lo[n])]
    out = []
    for i0, i1, j0, j1 in spans:
        t = types.index((i1 - i0, j1 - j0))
        k1 = j1 - int(lo[i1])
        log_p = alpha[i0, j0 - int(lo[i0])] - rows(i1)[t, k1] / temperature + beta[i1, k1] - total
        out.append(float(np.exp(min(0.0, log_p))))
    return out


def _ramp(steps: np.ndarray) -> np.ndarray:
    """Running sum of the (0, 1) steps' log-probabilities along a row (first step none)."""
    steps = np.where(np.isfinite(steps), steps, 0.0)
    steps[0] = 0.0
    return np.cumsum(steps)


def project(spans: Sequence[Span], n: int, m: int, factor: int) -> list[Span]:
    """Spans of a coarse path (units of ``factor`` sentences) in sentence coordinates."""
    return [
        (min(n, i0 * factor), min(n, i1 * factor), min(m, j0 * factor), min(m, j1 * factor))
        for i0, i1, j0, j1 in spans
    ]

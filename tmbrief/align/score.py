"""The cost of a bead: bead-type prior + calibrated length cost - lexical evidence.

For a bead of source sentences I and target sentences J:

* prior: ``-log P(type) / P(1-1)``, so a 1-1 bead costs nothing and merges
  must earn their keep (without it everything would merge into big beads, as
  a bigger bead can only find more lexical partners). A null bead costs its
  prior per sentence it leaves out;
* length: Gale & Church's ``-log P(|delta|)``, ``delta = (l_t - c l_s) /
  sqrt(s2 (l_s + l_t / c) / 2)``, with ratio ``c`` and variance ``s2`` fitted
  to the document pair (:func:`fit_ratio`, :func:`fit_variance`);
* lexical evidence: the tokens on either side that find a partner (a shared
  key) on the other side of the bead, minus the number expected by chance
  given how common their keys are in the other document
  (:func:`tmbrief.align.features.with_chance_rates`).

:class:`BandCosts` computes these for every cell of a band at once (numpy);
:func:`evidence` for one bead (the confidence score's input).
"""

from __future__ import annotations

import functools
import math
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from tmbrief.align.dp import Band
from tmbrief.align.features import CHANCE_GRID, Features, add_chances, chance_matches
from tmbrief.core.cache import cache_name, cached
from tmbrief.core.version import __version__

# Bead-type priors as costs (natural log odds against 1-1). The shape follows
# what zh->en translation does: English splits long Chinese sentences (1-2,
# 1-3 common), joins short ones less often (2-1), omits rarely (1-0, 0-1).
# Values tuned on the mac-dev benchmark (bench/align_bench.py).
DEFAULT_PRIORS = {
    (1, 1): 0.0,
    (1, 2): 1.2,
    (2, 1): 1.9,
    (1, 3): 3.1,
    (3, 1): 4.5,
    (2, 2): 4.1,
    (1, 4): 3.4,
    (2, 3): 4.2,
    (3, 2): 4.8,
    (1, 0): 5.0,
    (0, 1): 5.0,
}

_GRID_ARRAY = np.array(CHANCE_GRID, dtype=float)

# Weight, in source characters, of the prior ratio when fitting a document's ratio.
RATIO_PRIOR_WEIGHT = 200

# Token bit masks wider than this many 64-bit words are folded (bits OR-ed
# together), which can only lose matches; sentences never get near it.
MAX_WORDS = 16
_WORD = (1 << 64) - 1
# Cost blocks a BandCosts keeps for the next caller (memory: KEPT_BLOCKS * ROW_BLOCK rows).
KEPT_BLOCKS = 2
# Band cells x chance-grid points costed at once (bead types batched up to this).
TYPE_BATCH_CELLS = 1 << 18
# Source rows whose pair masks are gathered in Python lists before going to numpy.
PAIR_CHUNK = 512


@dataclass(frozen=True)
class ScoreParams:
    """Weights of the bead cost; ratio and variance describe the document pair's lengths."""

    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    length_weight: float = 0.5
    lexical_weight: float = 0.5
    # Cost of each orphan of a bead: 0 between sentences (in novels a sentence
    # with no dictionary partner still usually belongs to its neighbour's bead),
    # higher between paragraphs (AlignSettings.paragraph_orphan_cost).
    orphan_cost: float = 0.0
    ratio: float = 3.5  # target letters per source character (the prior before fitting)
    variance: float = 20.0  # Gale-Church s2 for that ratio
    band: int = 6  # half-width of the search band around the coarse path, in sentences


@dataclass(frozen=True)
class BeadEvidence:
    """What the cost of one bead is made of (also the input of the confidence score)."""

    matched: int  # token bits on both sides that found a partner across the bead
    expected: float  # the number expected by chance
    size: int  # token bits on both sides
    delta: float  # Gale-Church length deviation, in standard deviations
    # Units (on a side with two or more) sharing no key with the other side.
    orphans: int = 0


def pair_masks(src: Features, tgt: Features) -> tuple[int, int]:
    """Bit masks of the tokens of ``src`` and of ``tgt`` that share a key."""
    src_keys, tgt_keys = src.keys, tgt.keys
    src_mask = tgt_mask = 0
    for key in src_keys.keys() & tgt_keys.keys():
        src_mask |= src_keys[key]
        tgt_mask |= tgt_keys[key]
    return src_mask, tgt_mask


def evidence(src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams) -> BeadEvidence:
    """Lexical and length evidence of one bead made of the sentences ``src`` and ``tgt``."""
    src_size = sum(f.size for f in src)
    tgt_size = sum(f.size for f in tgt)
    matched = orphans = 0
    if src and tgt:
        tgt_masks = [0] * len(tgt)
        for s in src:
            src_mask = 0
            for k, t in enumerate(tgt):
                s_mask, t_mask = pair_masks(s, t)
                src_mask |= s_mask
                tgt_masks[k] |= t_mask
            matched += src_mask.bit_count()
            orphans += len(src) > 1 and s.size > 0 and not src_mask
        matched += sum(t.bit_count() for t in tgt_masks)
        orphans += sum(
            len(tgt) > 1 and t.size > 0 and not mask for t, mask in zip(tgt, tgt_masks, strict=True)
        )
    expected = chance_matches(add_chances([f.chance for f in src]), tgt_size) + chance_matches(
        add_chances([f.chance for f in tgt]), src_size
    )
    src_len = sum(f.length for f in src)
    tgt_len = sum(f.length for f in tgt)
    mean = (src_len + tgt_len / params.ratio) / 2
    delta = (tgt_len - params.ratio * src_len) / math.sqrt(params.variance * mean) if mean else 0.0
    return BeadEvidence(matched, expected, src_size + tgt_size, delta, orphans)


def bead_cost(src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams) -> float:
    """Cost of one bead, as the search adds it up (see the module docstring)."""
    prior = params.priors[(len(src), len(tgt))]
    if not src or not tgt:
        return prior * sum(f.count for f in (src or tgt))
    ev = evidence(src, tgt, params)
    return (
        prior
        + params.length_weight * float(length_cost(np.array([ev.delta]))[0])
        - params.lexical_weight * (ev.matched - ev.expected)
        + params.orphan_cost * ev.orphans
    )


def _columns(units: Sequence[Features]) -> tuple[np.ndarray, ...]:
    """Prefix sums over ``units`` (reading each once) of their lengths, sizes, counts and
    chance tables ((units + 1, len(CHANCE_GRID))), and the highest token bit of any."""
    lengths, sizes, counts = [], [], []
    table = np.zeros((len(units) + 1, len(CHANCE_GRID)))
    highest = 0
    for k, f in enumerate(units):
        lengths.append(f.length)
        sizes.append(f.size)
        counts.append(f.count)
        if f.chance is not None:
            table[k + 1] = f.chance
        highest = max(highest, _highest_bit(f))
    return (
        _prefix(lengths),
        _prefix(sizes),
        _prefix(counts),
        np.cumsum(table, axis=0),
        highest,
    )


def _prefix(values: Sequence[int]) -> np.ndarray:
    out = np.zeros(len(values) + 1)
    np.cumsum(values, out=out[1:])
    return out


def _clip(values: np.ndarray, low, high) -> np.ndarray:
    """``np.clip`` (no NaN here) without its per-call overhead, which the small arrays of a
    paragraph block pay thousands of times."""
    return np.minimum(np.maximum(values, low), high)


def _interpolate(prefix: np.ndarray, hi: np.ndarray, lo: np.ndarray, size) -> np.ndarray:
    """The chance table of units ``lo .. hi - 1`` (``prefix[hi] - prefix[lo]``, prefix sums of
    tables) read at ``size`` tokens, elementwise (``hi``, ``lo``, ``size`` broadcast).

    Only the two grid points around each size are read and subtracted: the whole tables of
    a block's cells (a grid axis of 28) would be ~14 MB an array at 2048 rows x 30 cells.
    """
    grid = _GRID_ARRAY
    hi, lo, size = np.broadcast_arrays(hi, lo, size)
    k = _clip(np.searchsorted(grid, size, side="right") - 1, 0, len(grid) - 2)
    low, high = grid[k], grid[k + 1]
    frac = _clip((size - low) / (high - low), 0.0, 1.0)
    below = prefix[hi, k] - prefix[lo, k]
    above = prefix[hi, k + 1] - prefix[lo, k + 1]
    return below + frac * (above - below)


_TAIL_STEPS = 26001  # -log erfc on [0, 26], step 0.001


@functools.lru_cache(maxsize=1)
def _tail_table() -> tuple[np.ndarray, np.ndarray]:
    """The grid and ``-log erfc`` on it: 26,001 erfc calls (25-35 ms), so kept in the cache."""
    x = np.linspace(0.0, 26.0, _TAIL_STEPS)

    def build() -> np.ndarray:
        return np.array([-math.log(math.erfc(v)) for v in x])

    def load(payload: bytes) -> np.ndarray:
        values = np.frombuffer(payload, dtype=np.float64)
        if values.shape != x.shape:
            raise ValueError("a -log erfc table of another size")
        return values

    name = cache_name("tail-table", __version__, sys.byteorder, 0.0, 26.0, _TAIL_STEPS)
    return x, cached(name, build, lambda values: values.tobytes(), load)


def length_cost(delta: np.ndarray) -> np.ndarray:
    """Gale & Church's ``-log P(|d| or more)`` for standard normal deviations ``delta``.

    From a table of ``-log erfc`` (step 0.001), and its asymptote
    ``z^2 + log(z sqrt(pi))`` past z = 26, where erfc underflows.
    """
    z = np.abs(delta) / math.sqrt(2)
    grid, values = _tail_table()
    near = np.interp(np.minimum(z, 26.0), grid, values)
    with np.errstate(divide="ignore"):
        far = z * z + np.log(np.maximum(z, 1.0) * math.sqrt(math.pi))
    return np.where(z < 26.0, near, far)


class BandCosts:
    """Bead costs for every cell of a band, the cost function of :func:`best_path`.

    Bit masks of the tokens each source-target sentence pair shares are
    computed once per pair near the band (a Python loop over pairs), as
    arrays of 64-bit words; the costs of every bead type are then numpy
    arithmetic over the band: ORs over the bead's sentences, popcounts, sums.
    """

    def __init__(self, src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams):
        self.src, self.tgt, self.params = src, tgt, params
        # One pass over each side: its units may be made on demand (features.Units).
        self.src_len, self.src_size, self.src_count, self.src_chance, src_bits = _columns(src)
        self.tgt_len, self.tgt_size, self.tgt_count, self.tgt_chance, tgt_bits = _columns(tgt)
        biggest = max(src_bits, tgt_bits)
        self.words = min(MAX_WORDS, max(1, -(-biggest // 64)))
        self._band: Band | None = None
        # The last cost blocks computed: best_path and then posteriors ask for the same
        # ones (an article of up to 2 * dp.ROW_BLOCK sentences is costed once, not twice).
        self._blocks: dict[tuple, np.ndarray] = {}

    def _split(self, mask: int) -> list[int]:
        words = []
        for _ in range(self.words - 1):
            words.append(mask & _WORD)
            mask >>= 64
        while mask >> 64:  # fold what does not fit
            mask = (mask & _WORD) | (mask >> 64)
        words.append(mask)
        return words

    def _pairs(self, band: Band, max_a: int, max_b: int) -> None:
        """Where the pair masks of each source sentence start, and how many there are at most."""
        n, m = len(self.src), len(self.tgt)
        rows = np.arange(max(n, 1))
        first = np.maximum(0, band.lo[np.minimum(n, rows + 1)] - max_b)
        last = np.minimum(m - 1, band.hi[np.minimum(n, rows + max_a)] - 1)
        self.pair_first = first
        self.pair_last = last
        self.pair_width = max(1, int((last - first + 1).max(initial=1)))

    def _pair_rows(self, row0: int, row1: int) -> None:
        """Pair masks of source sentences ``row0 .. row1 - 1`` with every target sentence some
        bead inside the band can put with them (the rows one cost block reads: a long
        document's pairs are never all held at once)."""
        n, width, first, last = len(self.src), self.pair_width, self.pair_first, self.pair_last
        rows = max(1, row1 - row0)
        self.pair_row0 = row0
        self.src_pairs = np.zeros((rows, width, self.words), dtype=np.uint64)
        self.tgt_pairs = np.zeros((rows, width, self.words), dtype=np.uint64)
        for chunk in range(row0, min(n, row1), PAIR_CHUNK):
            # Python lists only for a chunk of rows at a time: they cost ~40 bytes an int.
            index, src_words, tgt_words = [], [], []
            end = min(n, row1, chunk + PAIR_CHUNK)
            # The chunk's sentences, each read once (units made on demand: features.Units).
            src_keys = [f.keys for f in self.src[chunk:end]]
            j_first, j_last = int(first[chunk:end].min()), int(last[chunk:end].max())
            tgt_keys = [f.keys for f in self.tgt[j_first : j_last + 1]]
            for i in range(chunk, end):
                skeys = src_keys[i - chunk]
                base = ((i - row0) * width - int(first[i])) * self.words
                for j in range(int(first[i]), int(last[i]) + 1):
                    tkeys = tgt_keys[j - j_first]
                    common = skeys.keys() & tkeys.keys()
                    if not common:
                        continue
                    src_mask = tgt_mask = 0
                    for key in common:
                        src_mask |= skeys[key]
                        tgt_mask |= tkeys[key]
                    index.append(base + j * self.words)
                    src_words.extend(self._split(src_mask))
                    tgt_words.extend(self._split(tgt_mask))
            if index:
                flat = (np.asarray(index)[:, None] + np.arange(self.words)[None, :]).ravel()
                self.src_pairs.reshape(-1)[flat] = np.array(src_words, dtype=np.uint64)
                self.tgt_pairs.reshape(-1)[flat] = np.array(tgt_words, dtype=np.uint64)

    def __call__(self, types, band: Band, start: int, end: int) -> np.ndarray:
        if self._band is not band:
            self._band = band
            self._blocks.clear()
            self._pairs(band, max(a for a, _ in types), max(b for _, b in types))
        key = (tuple(types), start, end)
        known = self._blocks.get(key)
        if known is None:
            # A bead ending in rows start..end-1 holds source sentences from start - max_a on.
            self._pair_rows(max(0, start - max(a for a, _ in types)), end)
            known = self._costs(types, band, start, end)
            self.src_pairs = self.tgt_pairs = None  # this block's only
            known.flags.writeable = False  # shared by every caller of this block
            if len(self._blocks) >= KEPT_BLOCKS:
                del self._blocks[next(iter(self._blocks))]
            self._blocks[key] = known
        return known

    def _costs(self, types, band: Band, start: int, end: int) -> np.ndarray:
        params = self.params
        rows = np.arange(start, end)
        cols = np.arange(band.max_width)
        j = band.lo[rows][:, None] + cols[None, :]
        inside = cols[None, :] < band.width[rows][:, None]
        out = np.full((len(types), len(rows), band.max_width), np.inf)
        self._offsets = _Offsets(self, np.broadcast_to(rows[:, None], j.shape), j, types)
        i1 = rows[:, None]
        jj = np.minimum(j, len(self.tgt))  # cells past the band's end are masked below
        lexical = []
        for t, (a, b) in enumerate(types):
            valid = inside & (rows[:, None] >= a) & (j >= b)
            if a and b:
                lexical.append((t, a, b, valid))
                continue
            i0 = np.maximum(i1 - a, 0)
            j0 = _clip(j - b, 0, len(self.tgt))
            prior = params.priors[(a, b)]
            if a == 0:
                cost = prior * (self.tgt_count[jj] - self.tgt_count[j0])
            else:
                cost = prior * (self.src_count[i1] - self.src_count[i0]) + 0 * j
            out[t] = np.where(valid, cost, np.inf)
        # Bead types with both sides, several at once along a leading type axis (the
        # same arithmetic cell by cell), as many as keep the chance tables small.
        per_type = max(1, len(rows) * band.max_width * len(CHANCE_GRID))
        batch = max(1, TYPE_BATCH_CELLS // per_type)
        for k in range(0, len(lexical), batch):
            group = lexical[k : k + batch]
            costs = self._cost(group, i1, j, jj)
            for (t, _, _, valid), cost in zip(group, costs, strict=True):
                out[t] = np.where(valid, cost, np.inf)
        self._offsets = None  # its counts were for this block only
        return out

    def _cost(self, group, i1, j, j1) -> np.ndarray:
        """Costs of the bead types of ``group`` ((t, a, b, valid) each): (types, rows, cols)."""
        params = self.params
        shape = (len(group), 1, 1)
        a = np.array([g[1] for g in group]).reshape(shape)
        b = np.array([g[2] for g in group]).reshape(shape)
        prior = np.array([params.priors[(g[1], g[2])] for g in group]).reshape(shape)
        i0 = np.maximum(i1 - a, 0)  # (types, rows, 1)
        j0 = _clip(j - b, 0, len(self.tgt))  # (types, rows, cols)
        src_len = self.src_len[i1] - self.src_len[i0]
        tgt_len = self.tgt_len[j1] - self.tgt_len[j0]
        mean = (src_len + tgt_len / params.ratio) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.where(
                mean > 0, (tgt_len - params.ratio * src_len) / np.sqrt(params.variance * mean), 0
            )
        src_size = self.src_size[i1] - self.src_size[i0]
        tgt_size = self.tgt_size[j1] - self.tgt_size[j0]
        expected = _interpolate(self.src_chance, i1, i0, tgt_size) + _interpolate(
            self.tgt_chance, j1, j0, src_size
        )
        counts = [self._matched(g[1], g[2], g[3]) for g in group]
        matched = np.stack([m for m, _ in counts])
        orphans = np.stack([o for _, o in counts])
        return (
            prior
            + params.length_weight * length_cost(delta)
            - params.lexical_weight * (matched - expected)
            + params.orphan_cost * orphans
        )

    def _matched(self, a, b, valid) -> tuple[np.ndarray, np.ndarray]:
        """Token bits of the bead (i0..i0+a-1, j0..j0+b-1) that find a partner across it,
        and its orphans (see :class:`BeadEvidence`).

        A bead of type (a, b) ending at cell (i, j) holds the sentence pairs
        (i - dr, j - dc) for dr in 1..a, dc in 1..b: the pair masks at each offset,
        their ORs and popcounts are shared by every bead type of the block
        (:class:`_Offsets`). Integer counts, so the order of the sums changes nothing.
        """
        offsets = self._offsets
        matched = np.zeros(valid.shape)
        orphans = np.zeros(valid.shape)
        for dr in range(1, a + 1):
            found = offsets.src_found(dr, b)
            matched += found
            if a > 1:
                orphans += (found == 0) & offsets.src_nonempty(dr)
        for dc in range(1, b + 1):
            found = offsets.tgt_found(dc, a)
            matched += found
            if b > 1:
                orphans += (found == 0) & offsets.tgt_nonempty(dc)
        return matched, orphans


class _Offsets:
    """Matched-bit counts of one block of band cells, per (source, target) offset run.

    Cell (i, j) of the block (rows ``i`` and targets ``j``, arrays of one shape) at
    offset (dr, dc) is the sentence pair (i - dr, j - dc). ``src_found(dr, b)`` counts
    the bits of source sentence i - dr that find a partner among targets j - b .. j - 1
    (an OR of the pair masks at dc = 1..b); ``tgt_found(dc, a)`` likewise for target
    j - dc among sources i - a .. i - 1. Each offset's masks are gathered once, ORed
    into a running mask and counted for every run length the bead types need, then
    dropped: only the counts (no word axis) are kept. Offsets that fall outside the
    document or the stored pairs give no bits; the cells where a bead type does not
    fit are masked by the caller.
    """

    def __init__(self, costs: BandCosts, i: np.ndarray, j: np.ndarray, types):
        self.costs, self.i, self.j = costs, i, j
        pairs = [(a, b) for a, b in types if a and b]
        # The longest target run each source offset needs, and the reverse.
        self._runs_b = {dr: max((b for a, b in pairs if a >= dr), default=0) for dr in range(1, 4)}
        self._runs_a = {dc: max((a for a, b in pairs if b >= dc), default=0) for dc in range(1, 5)}
        self._src: dict[int, list[np.ndarray]] = {}
        self._tgt: dict[int, list[np.ndarray]] = {}

    def _gather(self, side: int, dr: int, dc: int) -> np.ndarray:
        """Source (side 0) or target (side 1) pair masks at offset (dr, dc)."""
        c = self.costs
        row = _clip(self.i - dr, 0, max(len(c.src), 1) - 1)
        col = self.j - dc - c.pair_first[row]
        ok = (col >= 0) & (col < c.pair_width) & (self.i - dr >= 0)
        col = np.where(ok, col, 0)
        pairs = c.src_pairs if side == 0 else c.tgt_pairs
        return np.where(ok[..., None], pairs[row - c.pair_row0, col], 0)

    def _found(self, side: int, offset: int, n: int) -> np.ndarray:
        """Tokens found by the OR of the pair masks of ``n`` sentences of the other side,
        against sentence ``offset`` back on ``side`` (counts cached per offset)."""
        cache = self._src if side == 0 else self._tgt
        if offset not in cache:
            runs = (self._runs_b if side == 0 else self._runs_a)[offset]
            counts, mask = [], None
            for other in range(1, runs + 1):
                dr, dc = (offset, other) if side == 0 else (other, offset)
                part = self._gather(side, dr, dc)
                mask = part if mask is None else mask | part
                counts.append(np.bitwise_count(mask).sum(axis=-1))
            cache[offset] = counts
        return cache[offset][n - 1]

    def src_found(self, dr: int, b: int) -> np.ndarray:
        return self._found(0, dr, b)

    def tgt_found(self, dc: int, a: int) -> np.ndarray:
        return self._found(1, dc, a)

    def src_nonempty(self, dr: int) -> np.ndarray:
        """Whether source sentence i - dr has tokens."""
        size, n = self.costs.src_size, len(self.costs.src)
        row = _clip(self.i - dr, 0, max(n - 1, 0))
        return size[np.minimum(row + 1, n)] > size[row]  # no sentence (n = 0): False

    def tgt_nonempty(self, dc: int) -> np.ndarray:
        """Whether target sentence j - dc has tokens."""
        size, m = self.costs.tgt_size, len(self.costs.tgt)
        col = _clip(self.j - dc, 0, max(m - 1, 0))
        return size[np.minimum(col + 1, m)] > size[col]  # no sentence (m = 0): False


def _highest_bit(f: Features) -> int:
    used = 0
    for mask in f.keys.values():
        used |= mask
    return used.bit_length()


def fit_ratio(src: Sequence[Features], tgt: Sequence[Features], prior: float) -> float:
    """Target letters per source character over the whole document pair.

    Shrunk towards ``prior`` as if RATIO_PRIOR_WEIGHT more source characters
    had been seen at that ratio: on a pair of a few sentences, one untranslated
    sentence would otherwise skew the ratio towards merging it.
    """
    return _shrunk_ratio(sum(f.length for f in src), sum(f.length for f in tgt), prior)


def _shrunk_ratio(src_total: float, tgt_total: float, prior: float) -> float:
    return (tgt_total + RATIO_PRIOR_WEIGHT * prior) / (src_total + RATIO_PRIOR_WEIGHT)


def fit_variance(
    src: Sequence[Features],
    tgt: Sequence[Features],
    spans: Sequence[tuple[int, int, int, int]],
    params: ScoreParams,
) -> ScoreParams:
    """Refit ratio and variance from the non-null beads of a first alignment (robustly).

    Variance: the median of ``(l_t - c l_s)^2 / mean`` over the beads divided
    by 0.455, the median of a chi-square with one degree of freedom, so a few
    wrong beads do not inflate it. Needs 8 beads; fewer leave ``params`` as is.
    """
    pairs = []
    for i0, i1, j0, j1 in spans:
        if i0 < i1 and j0 < j1:
            pairs.append((sum(f.length for f in src[i0:i1]), sum(f.length for f in tgt[j0:j1])))
    if len(pairs) < 8:
        return params
    ratio = _shrunk_ratio(sum(s for s, _ in pairs), sum(t for _, t in pairs), params.ratio)
    spreads = [(t - ratio * s) ** 2 / ((s + t / ratio) / 2) for s, t in pairs if s + t / ratio > 0]
    variance = statistics.median(spreads) / 0.455 if spreads else params.variance
    variance = min(max(variance, 4.0), 80.0)
    return replace(params, ratio=ratio, variance=variance)

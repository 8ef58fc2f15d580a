"""What the aligner knows about one sentence: its length and its lexical keys, token by token.

A sentence becomes :class:`Features`: a length in characters (letters and
digits only, so punctuation and spaces do not count) and a map from each
lexical key to a bit mask of the content tokens that carry it. Bit masks make
"which tokens of these sentences find a partner in those" a few integer ORs
and a popcount, so that many candidate beads can be scored quickly.

Anchor tokens (numbers, Latin-script words, romanised names) count double:
they take two bits each.
"""

from __future__ import annotations

import functools
import marshal
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import regex

from tmbrief.align.lexicon import (
    NAME_PREFIX,
    NUMBER_PREFIX,
    cut,
    english_tokens,
    english_word_keys,
    number_key,
    pinyin_keys,
    zh_word_keys,
)
from tmbrief.align.rules import ZH_STOPWORDS
from tmbrief.core.langs import SRC_LANG
from tmbrief.numbers.extract import extract_numbers

# How many bits (token weight) an anchor token takes; ordinary tokens take one.
ANCHOR_BITS = 2
# Keys kept per unit on the coarse levels of the search (see coarsen()).
COARSE_KEYS = 16
# Sizes of the other side (token bits) at which chance matches are tabulated
# (see with_chance_rates()); between them linear, past the last one constant.
CHANCE_GRID = (0, 1, 2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256, 362, 512)
CHANCE_GRID += (724, 1024, 1448, 2048, 4096, 8192, 16384, 32768, 65536)
_GRID = np.array(CHANCE_GRID, dtype=float)

_COUNTED = regex.compile(r"[\p{L}\p{N}]")
# Punctuation that survives translation: each occurrence is a token with this key.
# An English quote opens at the start or after a space, dash or colon, and
# closes after sentence punctuation, before a space or the end.
_ZH_CUES = (
    (regex.compile(r"[?？]"), "?"),
    (regex.compile(r"[!！]"), "!"),
    (regex.compile(r"[“「『]"), '"'),
    (regex.compile(r"[”」』]"), '/"'),
)
_EN_CUES = (
    (regex.compile(r"\?"), "?"),
    (regex.compile(r"!"), "!"),
    (regex.compile(r"(?:^|(?<=[\s:(—-]))[\"'“‘]"), '"'),
    (regex.compile(r"(?<=[.!?,;—…-])[\"'”’](?=\s|$)"), '/"'),
)
_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"^\p{Latin}[\p{Latin}\p{N}.+'’-]*$")


@dataclass(frozen=True, slots=True)
class Features:
    """Length and lexical keys of one sentence (or of a run of sentences, merged).

    ``length``: letters and digits; ``size``: token bits (anchors count
    ``ANCHOR_BITS``); ``keys``: key -> bit mask of the tokens carrying it;
    ``chance``: how many of its tokens would find a partner by chance among
    ``CHANCE_GRID[k]`` random tokens of the other document, for each k (set
    per document by :func:`with_chance_rates`; None means none).
    """

    length: int
    size: int
    keys: dict[str, int]
    # A numpy array (compact: a unit's table is 28 floats); None means no chance at all.
    chance: np.ndarray | None = field(default=None, compare=False)
    count: int = 1  # sentences merged into this one (coarse levels)
    words: dict[str, int] = field(default_factory=dict)  # Chinese word -> bit mask


def analysis_form(text: str) -> str:
    """The text matched against the dictionary: NFKC (full-width Ｇ５ -> G5), for analysis only."""
    return unicodedata.normalize("NFKC", text)


def _count(text: str) -> int:
    return len(_COUNTED.findall(text))


class _Builder:
    """Collects tokens (each a set of keys and a bit width) into a Features.

    With a ``vocabulary`` (the keys the other document has), keys outside it
    are dropped, as they can never match; the token still counts.
    """

    def __init__(self, vocabulary: Collection[str] | None = None) -> None:
        self.keys: dict[str, int] = {}
        self.words: dict[str, int] = {}
        self.size = 0
        self.vocabulary = vocabulary

    def add(self, keys, anchor: bool = False, word: str = "") -> None:
        if not keys and not word:
            return
        width = ANCHOR_BITS if anchor else 1
        mask = _token_mask(width, self.size)
        self.size += width
        vocabulary = self.vocabulary
        # Sorted: key sets iterate in an order that changes with the hash seed, and
        # the order of a dict's keys decides the order of float sums later.
        # Interned: jieba's words and the number keys are new strings at every
        # occurrence (~1.5 KB per Chinese sentence of copies on a long document).
        for key in sorted(keys):
            if vocabulary is None or key in vocabulary:
                key = sys.intern(key)
                self.keys[key] = _add_bits(self.keys.get(key), mask)
        if word:
            word = sys.intern(word)
            self.words[word] = _add_bits(self.words.get(word), mask)

    def build(self, length: int) -> Features:
        return Features(length, self.size, self.keys, words=self.words)


@functools.lru_cache(maxsize=4096)
def _token_mask(width: int, position: int) -> int:
    """The bits of one token, as one shared int object per value.

    Most keys of a sentence have one token: without sharing, a long document's
    masks are ~1 KB of separate int objects per sentence.
    """
    return ((1 << width) - 1) << position


def _add_bits(mask: int | None, bits: int) -> int:
    """``mask`` with ``bits`` set; ``bits`` itself (the shared object) for a new key."""
    return bits if mask is None else mask | bits


def zh_features(text: str, vocabulary: Collection[str] | None = None) -> Features:
    """Features of one Chinese sentence: jieba words -> CC-CEDICT keys, names, numbers.

    ``vocabulary``: if given, only these keys are kept (the English side's keys).
    """
    form = analysis_form(text)
    builder = _Builder(vocabulary)
    covered = set()
    for number in extract_numbers(form, SRC_LANG):
        builder.add({number_key(number.value)}, anchor=True)
        covered.update(range(number.start, number.end))
    pos = 0
    for word in cut(form):
        start, pos = pos, pos + len(word)
        if covered:
            # Whatever the numbers above did not take: 十六岁 leaves 岁.
            word = "".join(ch for i, ch in enumerate(word, start) if i not in covered)
        if not word:
            continue
        if _HAN.search(word):
            if word in ZH_STOPWORDS:
                continue
            builder.add(_han_keys(word), word=word)
        elif _LATIN.match(word):
            # Latin script in Chinese text: a brand, an acronym, a name (GDP, iPhone).
            builder.add(set(english_word_keys(word)) | {NAME_PREFIX + word.lower()}, True)
    _add_cues(builder, form, _ZH_CUES)
    return builder.build(_count(form))


def _add_cues(builder: _Builder, form: str, cues) -> None:
    for pattern, key in cues:
        for _ in pattern.finditer(form):
            builder.add({key})


@functools.lru_cache(maxsize=200_000)
def _han_keys(word: str) -> frozenset[str]:
    return zh_word_keys(word) | _name_keys(word)


def _name_keys(word: str) -> set[str]:
    """Pinyin name keys of a Han word that may be a name, as English writes names.

    汪淼 -> @wang, @miao, @wangmiao ("Wang Miao"); 韦小宝 -> @wei, @xiaobao,
    @weixiaobao ("Wei Xiaobao"); a single character gives its readings.
    """
    keys: set[str] = set()
    if len(word) <= 3:
        keys.update(pinyin_keys(word[:1]))
        keys.update(pinyin_keys(word[1:]))
    if len(word) in (2, 3):
        keys.update(pinyin_keys(word))
    return keys


def en_features(text: str) -> Features:
    """Features of one English sentence: stems, number values, capitalised names."""
    form = analysis_form(text)
    builder = _Builder()
    for keys in english_tokens(form):
        anchor = any(k[0] in (NUMBER_PREFIX, NAME_PREFIX) for k in keys)
        builder.add(keys, anchor)
    _add_cues(builder, form, _EN_CUES)
    return builder.build(_count(form))


def with_chance_rates(
    src: Sequence[Features], tgt: Sequence[Features]
) -> tuple[list[Features], list[Features]]:
    """Set each unit's ``chance``: its tokens' expected chance partners, tabulated.

    A token meets a partner in one random token of the other document with
    probability ``p``, the share of that document's tokens carrying one of
    its keys; among ``T`` tokens, with ``1 - (1 - p)^T ~ 1 - exp(-p T)``.
    Summed over a unit's tokens for each ``T`` of CHANCE_GRID (a sum of
    per-token curves, not one curve of the average ``p``: tokens without any
    partner in the document must not count, however big the bead).
    """
    return _rates(src, tgt), _rates(tgt, src)


def chance_matches(chance: np.ndarray | None, other_size: float) -> float:
    """Expected chance matches of a unit (its ``chance`` table) among ``other_size`` tokens."""
    if chance is None:
        return 0.0
    return float(np.interp(other_size, _GRID, chance))


def add_chances(tables: Sequence[np.ndarray | None]) -> np.ndarray | None:
    """The ``chance`` table of units taken together (tables add up, None is zero)."""
    tables = [t for t in tables if t is not None]
    if not tables:
        return None
    return np.sum(tables, axis=0)


def _rates(side: Sequence[Features], other: Sequence[Features]) -> list[Features]:
    return with_rates(side, KeyCounts.of(other))


@dataclass
class KeyCounts:
    """How many token bits of a document carry each key, and its token bits in all.

    What :func:`with_rates` needs of the other document: counted once, the
    chance rates of any run of units can then be set without that document.
    """

    frequency: dict[str, int]
    total: int

    @classmethod
    def of(cls, units: Iterable[Features]) -> KeyCounts:
        counts = cls({}, 0)
        counts.add(units)
        return counts

    def add(self, units: Iterable[Features]) -> None:
        """Count ``units`` too (the document read in parts)."""
        frequency = self.frequency
        for f in units:
            self.total += f.size
            for key, mask in f.keys.items():
                frequency[key] = frequency.get(key, 0) + mask.bit_count()


def with_rates(side: Sequence[Features], other: KeyCounts) -> Sequence[Features]:
    """``side`` with each unit's ``chance`` set against the other document's ``KeyCounts``.

    The same tables :func:`with_chance_rates` sets, for any run of units of a side.
    A list gives a list; :class:`Units` give Units (made on demand, the tables in one array).
    """
    if isinstance(side, Units):
        tables = np.zeros((len(side), len(CHANCE_GRID)))
        rows = [k for k, f in enumerate(side) if _chance_into(f, other, tables[k])]
        return side.with_chance(tables, rows)
    return [replace(f, chance=_chance(f, other)) for f in side]


def _chance(f: Features, other: KeyCounts) -> np.ndarray | None:
    """The ``chance`` table of ``f`` against ``other`` (None: none of its keys is there)."""
    table = np.empty(len(CHANCE_GRID))
    return table if _chance_into(f, other, table) else None


def _chance_into(f: Features, other: KeyCounts, table: np.ndarray) -> bool:
    """Write the ``chance`` table of ``f`` into ``table``; False if it has none."""
    total, frequency = other.total, other.frequency
    if total == 0:
        return False
    per_bit: dict[int, int] = {}
    for key, mask in f.keys.items():
        hits = frequency.get(key, 0)
        if not hits:
            continue
        while mask:
            low = mask & -mask
            per_bit[low] = per_bit.get(low, 0) + hits
            mask ^= low
    if not per_bit:
        return False
    p = np.minimum(1.0, np.fromiter(per_bit.values(), float) / total)
    table[:] = -np.expm1(-np.outer(p, _GRID)).sum(axis=0)
    return True


class Units(Sequence[Features]):
    """A document's units (sentences, paragraphs, coarse units) made on demand.

    ``make(k)`` gives unit ``k`` (its ``chance`` unset); the chance tables, set by
    :func:`with_rates` as for a list, are rows of one array. Held live, a long
    document's units are most of the aligner's memory (issue 19: a 10 MB article);
    kept packed (:func:`tmbrief.align.search.pack`), or made from what is kept anyway
    (a paragraph from its sentences), only those the search is looking at are alive.
    Each access makes the unit again: read a unit once per pass.
    """

    def __init__(
        self,
        make: Callable[[int], Features],
        n: int,
        chance: np.ndarray | None = None,
        has_chance: np.ndarray | None = None,
    ) -> None:
        self._make, self._n = make, n
        self._chance, self._has_chance = chance, has_chance

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._unit(i) for i in range(*k.indices(self._n))]
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(k)
        return self._unit(k)

    def __iter__(self) -> Iterator[Features]:
        return map(self._unit, range(self._n))

    def _unit(self, k: int) -> Features:
        f = self._make(k)
        if self._chance is None or not self._has_chance[k]:
            return f
        return Features(f.length, f.size, f.keys, self._chance[k], f.count, f.words)

    @classmethod
    def packed(cls, data: Sequence[bytes]) -> Units:
        """Units kept as :func:`pack` packed them."""
        return cls(lambda k: unpack(data[k]), len(data))

    def with_chance(self, tables: np.ndarray, rows: Sequence[int]) -> Units:
        """The same units with ``tables[k]`` as the chance table of each unit k of ``rows``."""
        has_chance = np.zeros(self._n, dtype=bool)
        has_chance[list(rows)] = True
        return Units(self._make, self._n, tables, has_chance)


def pack(f: Features, words: Collection[str] = ()) -> bytes:
    """A unit's features as bytes (keys, and the ``words`` of its word map), without chance.

    Live, a sentence's key and word tables are ~2 KB of dicts and ints; packed, a
    few hundred bytes. :func:`unpack` gives back equal tables, in the same order.
    """
    kept = {w: mask for w, mask in f.words.items() if w in words}
    return marshal.dumps((f.length, f.size, f.keys, kept, f.count))


def unpack(data: bytes) -> Features:
    """The Features :func:`pack` packed (``chance`` not set)."""
    length, size, keys, words, count = marshal.loads(data)
    return Features(length, size, keys, count=count, words=words)


def merge(parts: Sequence[Features]) -> Features:
    """One Features for a run of sentences: lengths, sizes and counts add up, keys unite."""
    keys: dict[str, int] = {}
    # One int object per distinct mask: a paragraph's keys share few masks (the learned
    # keys of a word all carry its tokens), and a shifted mask is a new object each time.
    masks: dict[int, int] = {}
    size = length = count = 0
    for f in parts:
        count += f.count
        for key, mask in f.keys.items():
            mask = keys.get(key, 0) | (mask << size)
            keys[key] = masks.setdefault(mask, mask)
        size += f.size
        length += f.length
    return Features(length, size, keys, add_chances([f.chance for f in parts]), count)


def coarsen(
    src: Sequence[Features], tgt: Sequence[Features], keep: int = COARSE_KEYS
) -> tuple[list[Features], list[Features]]:
    """The next coarser level: every two consecutive units become one.

    Each coarse unit keeps only its ``keep`` keys that are rarest in the
    other document (the informative ones; common keys meet partners
    everywhere, and keeping them all would make memory grow with every
    level), with its token bits renumbered to the tokens still carrying a
    key; chance rates are recomputed for what is kept.
    """
    # Rarity is counted on the finer level (close enough, and no merged unit has to
    # be kept whole: each is pruned as soon as it is made).
    src_df = _unit_frequency(src)
    tgt_df = _unit_frequency(tgt)
    coarse_src = (_keep_rarest(merge(src[k : k + 2]), tgt_df, keep) for k in range(0, len(src), 2))
    coarse_tgt = (_keep_rarest(merge(tgt[k : k + 2]), src_df, keep) for k in range(0, len(tgt), 2))
    # Units give Units (the coarse levels of a long document wait packed, as its sentences).
    return with_chance_rates(_like(src, coarse_src), _like(tgt, coarse_tgt))


def _like(side: Sequence[Features], units: Iterable[Features]) -> Sequence[Features]:
    """``units`` as a list, or packed as :class:`Units` if ``side`` is Units."""
    if isinstance(side, Units):
        return Units.packed([pack(f) for f in units])
    return list(units)


def _unit_frequency(units: Sequence[Features]) -> dict[str, int]:
    frequency: dict[str, int] = {}
    for f in units:
        for key in f.keys:
            frequency[key] = frequency.get(key, 0) + 1
    return frequency


def _keep_rarest(f: Features, other_df: dict[str, int], keep: int) -> Features:
    keys = f.keys
    if len(keys) > keep:
        # Keys absent from the other side cannot match: rarest means fewest units there, > 0.
        ranked = sorted(keys, key=lambda k: (other_df.get(k, 0) or 1 << 30, k))
        keys = {k: keys[k] for k in ranked[:keep]}
    used = 0
    for mask in keys.values():
        used |= mask
    if used.bit_length() <= used.bit_count() + 64:
        return replace(f, keys=keys)
    # Renumber the bits of the tokens still carrying a key to 0, 1, 2, ...
    positions = {}
    bit = 0
    while used:
        low = used & -used
        positions[low] = 1 << bit
        bit += 1
        used ^= low
    compact = {}
    for key, mask in keys.items():
        new = 0
        while mask:
            low = mask & -mask
            new |= positions[low]
            mask ^= low
        compact[key] = new
    return replace(f, keys=compact)


def add_anchors(f: Features, keys: Sequence[str]) -> Features:
    """``f`` with one more anchor token per key (glossary terms, heading marks)."""
    new = dict(f.keys)
    size = f.size
    for key in keys:
        new[key] = new.get(key, 0) | (((1 << ANCHOR_BITS) - 1) << size)
        size += ANCHOR_BITS
    return replace(f, keys=new, size=size)

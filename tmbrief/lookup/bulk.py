"""Comparison keys and grams of many texts at once: the index build's hot loop.

:func:`bulk_keys` gives what :func:`tmbrief.lookup.grams.key` gives text by
text, computed over the code points of all texts joined: folding (NFKC +
casefold) through a table of each code point's fold, numbers found and marked
by comparing neighbours, punctuation dropped by a table of character classes.
Folding one code point at a time is NFKC of the whole text when no character
interacts with its neighbour: a character whose compatibility decomposition
starts with a combining mark or a Hangul vowel or trailing jamo (the only
characters that compose with what precedes them, see :func:`_is_simple`) is
not folded here; a text holding one is keyed by :func:`key` itself.

:func:`bulk_grams` files each key under its grams, as :func:`grams_of` does,
and :func:`bulk_key_hashes` gives :func:`key_hash` of each key. Tests check all
three against the one-text functions.

The per-character work is written twice: as whole-array numpy steps here, and
as compiled loops in :mod:`tmbrief.lookup.kernels` (numba), which
:func:`bulk_index` uses for large batches (COMPILED_MIN texts or more); a test
checks that both give the same keys, grams and hashes.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tmbrief.lookup.grams import (
    _BASE,
    _MIX,
    NUMBER_MARK,
    SEPARATOR,
    WORD_BITS,
    _pack,
    family,
    key,
    key_hash,
)

log = logging.getLogger(__name__)

MAX_BULK = 1 << 17  # texts per bulk_grams call: a text index takes 17 bits of the sort key

# Character classes of a folded code point.
_DROP, _WORD, _DIGIT, _DOT, _SEP = 0, 1, 2, 3, 4
_COMPLEX = 255
_HANGUL_V = range(0x1161, 0x1161 + 21)  # Unicode §3.12: VBase, VCount
_HANGUL_T = range(0x11A8, 0x11A7 + 28)  # TBase + 1 .. TBase + TCount - 1


def _is_simple(ch: str) -> bool:
    """Whether NFKC of a text is NFKC of ``ch`` alone wherever ``ch`` stands in it.

    True unless the compatibility decomposition of ``ch`` starts with a
    combining character (reordered or composed with what precedes it) or a
    Hangul vowel or trailing jamo (composed into a syllable). In Unicode every
    other character that can be the second of a canonical composition is a mark
    (a test scans the table).
    """
    first = unicodedata.normalize("NFKD", ch)[0]
    return (
        unicodedata.combining(first) == 0
        and not unicodedata.category(first).startswith("M")
        and ord(first) not in _HANGUL_V
        and ord(first) not in _HANGUL_T
    )


def _class_of(ch: str) -> int:
    if ch == SEPARATOR:
        return _SEP
    if ch in ".,":
        return _DOT
    if ch.isdecimal():  # re's \d
        return _DIGIT
    if ch.isalnum() or ch == "_" or ch == NUMBER_MARK:  # re's \w, and the mark
        return _WORD
    return _DROP


def _fold1(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold() if _is_simple(ch) else ""


class _FoldTable:
    """Per code point: its fold (one or more code points) and their classes, filled lazily."""

    def __init__(self):
        self.known = np.zeros(0x110000, dtype=bool)
        self.length = np.zeros(0x110000, dtype=np.uint8)  # 0: complex
        self.fold1 = np.zeros(0x110000, dtype=np.uint32)  # the fold, when one code point
        self.class1 = np.zeros(0x110000, dtype=np.uint8)  # its class
        self.multi: dict[int, str] = {}  # folds of several code points
        # The same as arrays, for kernels.py: cp's fold is multi_chars[multi_at[cp]:][:length]
        self.multi_at = np.zeros(0x110000, dtype=np.int32)
        self.multi_chars = np.zeros(0, dtype=np.uint32)

    def learn(self, cps: np.ndarray) -> None:
        new = np.flatnonzero(~self.known[cps])
        if not len(new):
            return
        found = len(self.multi)
        for cp in np.unique(cps[new]).tolist():
            ch = chr(cp)
            self.known[cp] = True
            if ch == SEPARATOR:
                folded = ch
            elif not _is_simple(ch):
                continue  # length 0: complex
            else:
                folded = _fold1(ch)
            if len(folded) > 1:
                # Several code points: the text is rewritten with them first, which is
                # right only if each of them folds to itself.
                if any(_fold1(c) != c for c in folded):
                    continue  # complex
                self.multi[cp] = folded
            self.length[cp] = min(len(folded), 255)
            self.fold1[cp] = ord(folded[0])
            self.class1[cp] = _class_of(folded[0])
        if len(self.multi) > found:  # the new folds of several code points, and their own
            added = list(self.multi.items())[found:]
            at = len(self.multi_chars)
            for cp, folded in added:
                self.multi_at[cp] = at
                at += len(folded)
            joined = _codepoints("".join(folded for _, folded in added))
            self.multi_chars = np.concatenate((self.multi_chars, joined))
            self.learn(joined)


_TABLE: _FoldTable | None = None


def _table() -> _FoldTable:
    global _TABLE
    if _TABLE is None:
        _TABLE = _FoldTable()
    return _TABLE


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def bulk_keys(texts: Sequence[str], lang: str) -> tuple[np.ndarray, list[str]]:
    """The keys of ``texts`` (a newline in a text counts as a space): (code points, keys).

    The code points are those of the keys joined by SEPARATOR, with a
    SEPARATOR after the last, as uint32.
    """
    fam = family(lang)
    texts = [t.replace(SEPARATOR, " ") if SEPARATOR in t else t for t in texts]
    table = _table()
    cps = _codepoints(SEPARATOR.join(texts) + SEPARATOR)
    table.learn(cps)
    length = table.length[cps]
    slow: dict[int, str] = {}
    if not length.all():  # key the texts with a complex character one by one
        is_sep = cps == ord(SEPARATOR)
        owner = np.cumsum(is_sep, dtype=np.int32) - is_sep
        for i in np.unique(owner[length == 0]).tolist():
            slow[i] = key(texts[i], fam)
            texts[i] = ""
        cps = _codepoints(SEPARATOR.join(texts) + SEPARATOR)
        length = table.length[cps]
    if length.max() > 1:  # rewrite the texts holding a fold of several code points
        is_sep = cps == ord(SEPARATOR)
        owner = np.cumsum(is_sep, dtype=np.int32) - is_sep
        for i in np.unique(owner[length > 1]).tolist():
            texts[i] = texts[i].translate(table.multi)
        cps = _codepoints(SEPARATOR.join(texts) + SEPARATOR)
        table.learn(cps)
    chars = _key_chars(cps, table, fam)
    joined = chars.tobytes().decode("utf-32-le")
    keys = joined.split(SEPARATOR)[:-1]
    for i, k in slow.items():
        keys[i] = k
    if slow:
        chars = _codepoints(SEPARATOR.join(keys) + SEPARATOR)
    return chars, keys


def _compiled_keys(texts: Sequence[str], fam: str, kernels) -> np.ndarray:
    """The code points of :func:`bulk_keys`, made by kernels.key_chars (texts holding a
    complex character keyed by :func:`key`, as bulk_keys does)."""
    joined = SEPARATOR.join([*texts, ""])  # with a SEPARATOR after the last
    if joined.count(SEPARATOR) != len(texts):  # a newline in a text is a space
        texts = [t.replace(SEPARATOR, " ") for t in texts]
        joined = SEPARATOR.join([*texts, ""])
    cps = _codepoints(joined)
    del joined
    table = _table()
    for _ in range(2):
        status, chars, complex_texts = kernels.key_chars(
            cps, table.known, table.length, table.fold1, table.class1, table.multi_at,
            table.multi_chars, fam == "en",
        )  # fmt: skip
        if status != kernels.UNKNOWN:
            break
        table.learn(cps)
    if len(complex_texts):
        keys = chars.tobytes().decode("utf-32-le").split(SEPARATOR)[:-1]
        for i in complex_texts.tolist():
            keys[i] = key(texts[i], fam)
        chars = _codepoints(SEPARATOR.join(keys) + SEPARATOR)
    return chars


@dataclass(frozen=True, eq=False)
class Keys:
    """The comparison keys of many texts as the index stores them: their UTF-8 bytes
    joined, and where each ends in them."""

    text: bytes
    ends: np.ndarray  # int64

    @classmethod
    def of(cls, keys: Sequence[str]) -> Keys:
        ends = np.cumsum([len(k.encode("utf-8")) for k in keys], dtype=np.int64)
        return cls("".join(keys).encode("utf-8"), ends)

    def __len__(self) -> int:
        return len(self.ends)

    def as_list(self) -> list[str]:
        starts = [0, *self.ends[:-1].tolist()]
        return [
            self.text[a:b].decode("utf-8") for a, b in zip(starts, self.ends.tolist(), strict=True)
        ]


def _joined_keys(parts: Sequence[Keys]) -> Keys:
    offsets = np.cumsum([0] + [len(p.text) for p in parts[:-1]], dtype=np.int64)
    ends = [p.ends + o for p, o in zip(parts, offsets.tolist(), strict=True)]
    return Keys(b"".join(p.text for p in parts), np.concatenate(ends or [np.zeros(0, np.int64)]))


def _key_chars(cps: np.ndarray, table: _FoldTable, fam: str) -> np.ndarray:
    """The keys' code points (see :func:`bulk_keys`) of ``cps``, every code point of a
    simple fold of one code point, with whole-array numpy steps."""
    folded, cls = table.fold1[cps], table.class1[cps]
    digit = cls == _DIGIT
    number = digit.copy()
    number[1:-1] |= (cls[1:-1] == _DOT) & digit[:-2] & digit[2:]
    number_start = number.copy()
    number_start[1:] &= ~number[:-1]
    keep = (cls == _WORD) | (cls == _SEP) | number_start
    folded[number_start] = ord(NUMBER_MARK)
    kept_at = np.flatnonzero(keep)
    chars = folded[kept_at]
    if fam == "en":  # a run of dropped characters between two kept ones is one space
        is_sep = cls[kept_at] == _SEP
        dropped = np.cumsum(
            ~keep & ~number, dtype=np.int32
        )  # a number's other digits are not a gap
        gap = (np.diff(dropped[kept_at]) > 0) & ~is_sep[:-1] & ~is_sep[1:]
        chars = np.insert(chars, np.flatnonzero(gap) + 1, ord(" "))
    return chars


def bulk_grams(texts: Sequence[str], lang: str, compiled: bool | None = None):
    """Keys and (text index, gram code) pairs of up to MAX_BULK texts, each pair once.

    Returns ``(owners, codes, counts, keys)``: numpy arrays ``owners[i]``, the
    index in ``texts`` of the text having gram ``codes[i]`` (grouped by text, in
    order; a text's codes sorted by numpy, in the order first met by the compiled
    loops), and ``counts[j]``, the number of distinct grams of text j; and the list
    of keys. Equal to :func:`key` and :func:`grams_of` text by text (a test checks
    it). ``compiled``: see :func:`bulk_index`.
    """
    owners, codes, counts, _, keys = bulk_index(texts, lang, compiled)
    return owners, codes, counts, keys.as_list()


COMPILED_MIN = 20_000  # texts from which bulk_index uses the compiled loops (kernels.py)


def bulk_index(texts: Sequence[str], lang: str, compiled: bool | None = None):
    """What the index files of up to MAX_BULK texts: ``(owners, codes, counts, hashes,
    keys)``, as :func:`bulk_grams` and :func:`bulk_key_hashes` give them, the keys made
    once and given as :class:`Keys`.

    ``compiled``: whether the per-character work runs in the numba loops of
    tmbrief.lookup.kernels (None: for COMPILED_MIN texts or more, where numba is
    installed). Both give the same arrays (a test checks it); the compiled loops
    are several times faster but cost numba's import (and, the first time on a
    machine, compiling them), which a small TM need not pay.
    """
    if compiled is None:
        compiled = len(texts) >= COMPILED_MIN
    return _bulk(texts, family(lang), _kernels() if compiled else None)


@functools.cache
def _kernels():
    """tmbrief.lookup.kernels, or None (numpy does the work) if numba is missing or has
    nowhere to cache the compiled loops (RuntimeError: no writable cache directory)."""
    try:
        from tmbrief.lookup import kernels
    except (ImportError, RuntimeError) as exc:
        log.info("numba not usable (%s): the index build uses numpy", exc)
        return None
    return kernels


PIECE_CHARS = 2_000_000  # characters keyed at once: bounds the temporary arrays (~40 B each)


def _bulk(texts: Sequence[str], fam: str, kernels):
    n = len(texts)
    if n > MAX_BULK:
        raise ValueError(f"at most {MAX_BULK} texts at once, got {n}")
    owners, codes, counts, hashes, keys = [], [], [], [], []
    # Pieces of up to PIECE_CHARS characters (at least one text): bounds[i] is where text
    # i ends in the texts joined, each with its separator.
    bounds = np.cumsum(np.fromiter(map(len, texts), np.int64, n) + 1)
    start = 0
    while start < n:
        base = int(bounds[start - 1]) if start else 0
        end = max(start + 1, int(np.searchsorted(bounds, base + PIECE_CHARS + 1, "right")))
        if kernels is not None:
            chars = _compiled_keys(texts[start:end], fam, kernels)
            *found, text, key_ends = kernels.grams_and_hashes(chars, end - start, fam == "en")
            keys.append(Keys(text.tobytes(), key_ends))
        else:
            cps, parts = bulk_keys(texts[start:end], fam)
            found = _grams_and_hashes(cps, parts, fam)
            keys.append(Keys.of(parts))
        owners.append(found[0] + np.int32(start))
        codes.append(found[1])
        counts.append(found[2])
        hashes.append(found[3])
        start = end
    if not n:
        return (np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32),
                np.zeros(0, np.int64), Keys(b"", np.zeros(0, np.int64)))  # fmt: skip
    return (np.concatenate(owners), np.concatenate(codes), np.concatenate(counts),
            np.concatenate(hashes), _joined_keys(keys))  # fmt: skip


def _grams_and_hashes(cps, parts, fam):
    """``(owners, codes, counts, hashes)`` of the keys in ``cps``, with numpy: each key's
    distinct gram codes in increasing order, keys in order."""
    owners, codes = _grams(cps, parts, fam)
    # Sorted on one 64-bit key (text index above, gram code below), repeats dropped.
    packed = np.sort((owners.astype(np.uint64) << np.uint64(_CODE_BITS)) | codes)
    keep = np.ones(len(packed), dtype=bool)
    keep[1:] = packed[1:] != packed[:-1]
    packed = packed[keep]
    owners = (packed >> np.uint64(_CODE_BITS)).astype(np.int32)
    codes = (packed & np.uint64((1 << _CODE_BITS) - 1)).astype(np.int64)
    counts = np.bincount(owners, minlength=len(parts)).astype(np.int32)
    return owners, codes, counts, bulk_key_hashes(cps)


_CODE_BITS = 46  # gram codes are below 2**46 (grams.py), text indices below 2**17


def _grams(cps, parts, fam):
    """(owner, code) of every gram of every key, unsorted, repeats included."""
    is_sep = cps == ord(SEPARATOR)
    owner = np.cumsum(is_sep, dtype=np.int32) - is_sep  # text index of every position
    if fam == "zh":
        return _bigrams(cps, is_sep, owner, parts)
    return _words(cps, is_sep, owner)


def _bigrams(cps, is_sep, owner, parts):
    sep = ord(SEPARATOR)
    following = np.append(cps[1:], np.uint32(sep))
    valid = ~is_sep & (following != sep)
    codes = (cps[valid].astype(np.uint64) << np.uint64(21)) | following[valid]
    owners = owner[valid]
    lengths = np.bincount(owner, minlength=len(parts)) - 1  # its separator is not in a text
    short = np.flatnonzero(lengths == 1)  # one character: filed under itself, as grams_of does
    if len(short):
        owners = np.concatenate((owners, short))
        codes = np.concatenate((codes, np.array([_pack(parts[i]) for i in short], np.uint64)))
    return owners, codes


def _polynomial(cps, first):
    """Per run of ``cps`` (runs start at the sorted indices ``first``, the first at 0):
    the sum of cp * BASE**i over the run's code points, i counted from 0, mod 2**64."""
    lengths = np.diff(np.append(first, len(cps)))
    offset = np.arange(len(cps), dtype=np.int64) - np.repeat(first, lengths)
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(int(lengths.max()) + 1, _BASE, dtype=np.uint64))
        powers = np.concatenate((np.ones(1, np.uint64), powers[:-1]))  # BASE**0, BASE**1 ...
        return np.add.reduceat(cps.astype(np.uint64) * powers[offset], first)


def _words(cps, is_sep, owner):
    """(owner, word_code) of every word: word_code vectorised with wrapping uint64."""
    boundary = is_sep | (cps == ord(" "))
    inside = np.flatnonzero(~boundary)
    if not len(inside):
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    starts = ~boundary & np.concatenate(([True], boundary[:-1]))
    h = _polynomial(cps[inside], np.flatnonzero(starts[inside]))
    with np.errstate(over="ignore"):
        codes = (h * np.uint64(_MIX)) >> np.uint64(64 - WORD_BITS)
    return owner[np.flatnonzero(starts)], codes


def bulk_key_hashes(cps: np.ndarray) -> np.ndarray:
    """:func:`key_hash` of every key in ``cps`` (keys joined by SEPARATOR, one after the
    last, as :func:`bulk_keys` returns them), as int64."""
    is_sep = cps == ord(SEPARATOR)
    # Hash each key with its separator, so that an empty key is a run of one.
    h = _polynomial(cps, np.flatnonzero(np.concatenate(([True], is_sep[:-1]))))
    with np.errstate(over="ignore"):
        return (h * np.uint64(_MIX)).view(np.int64)


__all__ = ["MAX_BULK", "bulk_grams", "bulk_index", "bulk_key_hashes", "bulk_keys", "key_hash"]

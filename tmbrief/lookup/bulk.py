"""Comparison keys and grams of many texts at once, with numpy: the index build's hot loop.

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
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

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

    def learn(self, cps: np.ndarray) -> None:
        new = np.flatnonzero(~self.known[cps])
        if not len(new):
            return
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
    joined = chars.tobytes().decode("utf-32-le")
    keys = joined.split(SEPARATOR)[:-1]
    for i, k in slow.items():
        keys[i] = k
    if slow:
        chars = _codepoints(SEPARATOR.join(keys) + SEPARATOR)
    return chars, keys


def bulk_grams(texts: Sequence[str], lang: str):
    """Keys and (text index, gram code) pairs of up to MAX_BULK texts, each pair once.

    Returns ``(owners, codes, counts, keys)``: numpy arrays ``owners[i]``, the
    index in ``texts`` of the text having gram ``codes[i]`` (sorted by code,
    then text), and ``counts[j]``, the number of distinct grams of text j; and
    the list of keys. Equal to :func:`key` and :func:`grams_of` text by text (a
    test checks it).
    """
    owners, codes, counts, _, keys = _bulk(texts, lang, keep_keys=True)
    return owners, codes, counts, keys


def bulk_index(texts: Sequence[str], lang: str):
    """What the index files of up to MAX_BULK texts: ``(owners, codes, counts, hashes,
    keys)``, as :func:`bulk_grams` and :func:`bulk_key_hashes` give them, the keys made
    once."""
    return _bulk(texts, lang, keep_keys=True)


PIECE_CHARS = 2_000_000  # characters keyed at once: bounds the temporary arrays (~40 B each)


def _bulk(texts: Sequence[str], lang: str, keep_keys: bool):
    fam = family(lang)
    n = len(texts)
    if n > MAX_BULK:
        raise ValueError(f"at most {MAX_BULK} texts at once, got {n}")
    pairs, hashes, keys = [], [], []
    start = 0
    while start < n:  # pieces of about PIECE_CHARS characters
        end, size = start, 0
        while end < n and (end == start or size + len(texts[end]) <= PIECE_CHARS):
            size += len(texts[end]) + 1
            end += 1
        cps, parts = bulk_keys(texts[start:end], fam)
        owners, codes = _grams(cps, parts, fam)
        pairs.append(
            (codes.astype(np.uint64) << np.uint64(17)) | (owners + start).astype(np.uint64)
        )
        hashes.append(bulk_key_hashes(cps))
        if keep_keys:
            keys += parts
        start = end
    if not n:
        pairs, hashes = [np.zeros(0, np.uint64)], [np.zeros(0, np.int64)]
    # Sorted on one 64-bit key (gram code above, text index below), repeats dropped.
    packed = np.sort(np.concatenate(pairs))
    del pairs
    keep = np.ones(len(packed), dtype=bool)
    keep[1:] = packed[1:] != packed[:-1]
    packed = packed[keep]
    owners = (packed & np.uint64(MAX_BULK - 1)).astype(np.int32)
    codes = (packed >> np.uint64(17)).astype(np.int64)
    counts = np.bincount(owners, minlength=n).astype(np.int32)
    return owners, codes, counts, np.concatenate(hashes), keys


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

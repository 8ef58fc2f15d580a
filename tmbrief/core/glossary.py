"""The term glossary: approved English for Chinese names and terms, and wrong variants.

A glossary is a UTF-8 TSV file with the header ``zh en kind note forbidden``:
``forbidden`` lists wrong English variants separated by ``|``; ``kind`` is one of
:data:`TERM_KINDS`. Example row::

    涪陵高新区<TAB>Fuling High-tech Zone<TAB>place<TAB>high-tech zone<TAB>Fuling Hi-tech Zone

Matching is deliberately simple and predictable:

- Chinese terms are found longest first; a term lying inside a longer one is not
  required again (涪陵区委副书记 is one term, its parts 涪陵区委, 涪陵区 and 涪陵 are
  not), but overlapping terms both are (涪陵区经信委: 涪陵区 and 区经信委). Full-width and
  half-width ASCII forms compare equal (以产兴港,以港促产 matches 以产兴港，以港促产).
- English is compared case-insensitively with curly and straight quotes, dashes and
  runs of spaces folded; the approved English must start at a word boundary and may
  be followed by anything (plural "clusters", possessive "Fuling’s").
- A forbidden variant must stand as whole words, so "Fuli" does not fire on "Fuling".
- A person may be named again by surname alone ("Xia said" for 夏涵表示): English
  news style gives the full name once. A surname followed by another capitalised
  word ("Liu Zong") is not such a reference and is reported.
"""

from __future__ import annotations

import array
import functools
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from tmbrief.core import escape, zh_words
from tmbrief.core.errors import ParseError
from tmbrief.core.textio import read_text

GLOSSARY_HEADER = ("zh", "en", "kind", "note", "forbidden")
# An optional sixth column limits where an entry applies: space-separated
# ``doc:<document id>`` and ``outlet:<outlet>`` (a house rule of one outlet,
# 记者 -> "reporter" for Hualong Net). Empty: everywhere.
SCOPE_COLUMN = "scope"
SCOPE_KEYS = ("doc", "outlet")
TERM_KINDS = ("person", "place", "organization", "title", "programme", "term")
FORBIDDEN_SEPARATOR = "|"


@dataclass(frozen=True)
class Term:
    """One glossary entry: Chinese term, approved English, kind, note, wrong variants.

    ``line`` is the 1-based line of the glossary file the entry came from.
    """

    zh: str
    en: str
    kind: str
    note: str = ""
    forbidden: tuple[str, ...] = ()
    line: int = 0
    scope: tuple[tuple[str, str], ...] = ()

    def applies(self, doc_id: str = "", outlet: str = "") -> bool:
        """Whether the entry holds for a unit of ``doc_id`` from ``outlet`` (its scope)."""
        if not self.scope:
            return True
        here = {"doc": doc_id, "outlet": outlet.casefold()}
        return any(here[key] == value for key, value in self.scope)


# Full-width forms (，：（）！, the ideographic space, ￥) fold to their narrow forms:
# both widths occur in Chinese scrapes. Which characters are full-width is Unicode's
# East_Asian_Width property; each folds to its own <wide> decomposition, one to one.
_FULL_WIDTH = regex.compile(r"\p{East_Asian_Width=Fullwidth}")
_EN_FOLD = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("‐", "-"), ("‑", "-"), ("–", "-"),
            ("—", "-"))  # fmt: skip


_UTF32_NATIVE = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@functools.cache
def _width_fold_table() -> dict[int, str]:
    """{full-width code point: its narrow form}, over every code point Unicode has.

    Built on first use (a tenth of a second), not at import.
    """
    # Every code point, a plane (65,536) at a time, as one string made from a 4-byte
    # array: a million one-character strings at once would take a hundred MB.
    found: list[str] = []
    for start in range(0, sys.maxunicode + 1, 0x10000):
        codes = array.array("I", range(start, start + 0x10000))
        found += _FULL_WIDTH.findall(codes.tobytes().decode(_UTF32_NATIVE, "surrogatepass"))
    table = {}
    for ch in found:
        tag, _, code = unicodedata.decomposition(ch).partition(" ")
        if tag == "<wide>" and " " not in code:
            table[ord(ch)] = chr(int(code, 16))
    return table


def fold_zh(text: str) -> str:
    """Comparison key for Chinese: full-width forms become their narrow forms (same length)."""
    # str.translate with a dict is slow; most texts have nothing to fold.
    return text.translate(_width_fold_table()) if _FULL_WIDTH.search(text) else text


# Memoised: the glossary checks fold the same target once per term (thousands of calls).
@functools.lru_cache(maxsize=4096)
def fold_en(text: str) -> str:
    """Comparison key for English: lower case, quotes and dashes straightened, spaces single."""
    for mark, plain in _EN_FOLD:
        if mark in text:
            text = text.replace(mark, plain)
    return " ".join(text.split()).lower()


def load_glossary(path) -> tuple[Term, ...]:
    """Read a glossary TSV file; raise ParseError(path, message, line) on a malformed row."""
    text = read_text(path)
    header, rows = escape.parse_rows(text)
    names = tuple(h.strip() for h in header)
    if names not in (GLOSSARY_HEADER, (*GLOSSARY_HEADER, SCOPE_COLUMN)):
        raise ParseError(
            path, f"header must be {' '.join(GLOSSARY_HEADER)} [scope] (tab-separated)", 1
        )
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for line, fields in rows:
        term = _parse_row(path, line, fields)
        key = fold_zh(term.zh)
        if key in seen:
            raise ParseError(path, f"{term.zh} is already defined on line {seen[key]}", line)
        seen[key] = line
        terms.append(term)
    return tuple(terms)


def _parse_row(path, line: int, fields: list[str]) -> Term:
    if len(fields) > len(GLOSSARY_HEADER) + 1:
        raise ParseError(path, f"{len(fields)} fields, expected at most 6", line)
    if len(fields) < 3:
        raise ParseError(path, f"{len(fields)} field(s), expected zh, en and kind at least", line)
    zh, en, kind, note, forbidden, scope_text = (fields + ["", "", ""])[:6]
    zh, en, kind, note = zh.strip(), en.strip(), kind.strip(), note.strip()
    if not zh:
        raise ParseError(path, "empty zh term", line)
    if not en:
        raise ParseError(path, f"{zh}: empty en (approved English)", line)
    if kind not in TERM_KINDS:
        raise ParseError(path, f"{zh}: kind {kind!r} is not one of {', '.join(TERM_KINDS)}", line)
    variants = tuple(v.strip() for v in forbidden.split(FORBIDDEN_SEPARATOR) if v.strip())
    for variant in variants:
        if find_forbidden(en, variant):
            raise ParseError(
                path, f"{zh}: forbidden variant {variant!r} occurs in the approved {en!r}", line
            )
    scope = []
    for token in scope_text.split():
        key, _, value = token.partition(":")
        if key not in SCOPE_KEYS or not value:
            raise ParseError(path, f"{zh}: scope {token!r} is not doc:<id> or outlet:<name>", line)
        scope.append((key, value.casefold() if key == "outlet" else value))
    return Term(zh, en, kind, note, variants, line, tuple(scope))


def find_terms(source: str, glossary: tuple[Term, ...]) -> tuple[Term, ...]:
    """The glossary terms written in ``source``, in order, leaving out terms inside others.

    Occurrences may overlap (涪陵区经信委 holds 涪陵区 and 区经信委, both required),
    but one that lies wholly inside another (涪陵 inside 涪陵区) is not required again.
    """
    if not glossary:
        return ()
    index = _first_char_index(glossary)
    folded = fold_zh(source)
    spans = []
    for pos, ch in enumerate(folded):
        for key, term in index.get(ch, ()):
            if folded.startswith(key, pos):  # the longest term starting here wins
                if not _straddled(folded, pos, pos + len(key)):
                    spans.append((pos, pos + len(key), term))
                break
    return tuple(
        term
        for start, end, term in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    )


def _straddled(text: str, start: int, end: int) -> bool:
    """Whether words cross both edges of ``text[start:end]``: 重庆 in 隆重庆祝 is 隆重 + 庆祝.

    Two dictionary words of jieba, one across each edge of the occurrence, mean the
    characters belong to other words; a term of one character is never straddled
    this way (its edges are one character apart).
    """
    if start == 0 or end >= len(text) or end - start < 2:
        return False
    words = _dictionary()
    return bool(words.get(text[start - 1 : start + 1])) and bool(words.get(text[end - 1 : end + 1]))


@functools.cache
def _dictionary() -> dict[str, int]:
    """jieba's word frequencies (loaded on first use)."""
    return zh_words.tokenizer().FREQ


def has_english(target: str, term: Term) -> bool:
    """Whether ``target`` contains the term's approved English (starting at a word boundary)."""
    return _english_pattern(term.en).search(fold_en(target)) is not None


def find_forbidden(target: str, variant: str) -> bool:
    """Whether the wrong variant ``variant`` stands in ``target`` as whole words."""
    return _forbidden_pattern(variant).search(fold_en(target)) is not None


def compare_terms(
    source: str, target: str, glossary: tuple[Term, ...], *, doc_id: str = "", outlet=None
) -> tuple[tuple[Term, ...], tuple[tuple[Term, str], ...]]:
    """(terms of the source whose English the target lacks, (term, wrong variant) used).

    Only the terms found in ``source`` are checked. Before looking for wrong variants
    the approved English of every source term is blanked out of the target, so the
    variant "100-billion" of 百亿级 does not fire inside "100-billion-yuan", the
    approved English of 千亿级 in the same sentence.
    """
    terms = find_terms(source, glossary)
    if outlet is not None:  # scoped entries apply only where their scope says
        terms = tuple(t for t in terms if t.applies(doc_id, outlet))
    if not terms:
        return (), ()
    unique = tuple(dict.fromkeys(terms))
    folded = fold_en(target)
    found = {
        t: _english_pattern(t.en).search(folded) is not None or _surname_only(target, t)
        for t in unique
    }
    missing = tuple(t for t in unique if not found[t])
    variants = [(t, v) for t in unique for v in t.forbidden]
    if not variants:
        return missing, ()
    masked = folded
    for term in unique:
        if found[term]:
            masked = _english_pattern(term.en).mask(masked)
    used = tuple((t, v) for t, v in variants if _forbidden_pattern(v).search(masked))
    return missing, used


def _surname_only(target: str, term: Term) -> bool:
    """A person named again by surname alone ("Xia said"), as English news style does.

    The first word of a person's English name is the surname (Chinese order: Liu
    Zhong). It counts only when no capitalised word follows it, so a misspelt given
    name ("Liu Zong") is still reported.
    """
    words = term.en.split()
    if term.kind != "person" or len(words) < 2:
        return False
    return _surname_pattern(words[0]).search(target) is not None


# Compiled patterns and indexes are cached, bounded: a long run sees many glossaries
# (one per test, per document) and must not keep them all.
PATTERN_CACHE_SIZE = 4096
INDEX_CACHE_SIZE = 8


@functools.lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _surname_pattern(surname: str) -> regex.Pattern:
    return regex.compile(rf"(?<!\w){regex.escape(surname)}(?!\w)(?!\s+\p{{Lu}})")


_last_index: tuple[tuple[Term, ...], dict[str, list[tuple[str, Term]]]] = ((), {})


def _first_char_index(glossary: tuple[Term, ...]) -> dict[str, list[tuple[str, Term]]]:
    """{first character: [(folded term, term), longest first]}, built once per glossary.

    The glossary used last is recognised by identity: hashing a tuple of N terms on
    every call would cost as much as the search itself at 90 terms, and grows with N.
    """
    global _last_index
    if _last_index[0] is not glossary:
        _last_index = (glossary, _build_index(glossary))
    return _last_index[1]


@functools.lru_cache(maxsize=INDEX_CACHE_SIZE)
def _build_index(glossary: tuple[Term, ...]) -> dict[str, list[tuple[str, Term]]]:
    index: dict[str, list[tuple[str, Term]]] = {}
    for term in glossary:
        key = fold_zh(term.zh)
        index.setdefault(key[0], []).append((key, term))
    for entries in index.values():
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
    return index


_WORD_CHAR = regex.compile(r"\w")


class _WordLiteral:
    r"""A literal starting at a word boundary (and with ``whole``, ending at one).

    What ``(?<!\w)literal`` (``(?<!\w)literal(?!\w)``) finds, without compiling
    one pattern per term (a glossary of 100 terms cost 0.2 s of regex compiling).
    """

    def __init__(self, literal: str, whole: bool):
        self.literal, self.whole = literal, whole

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Non-overlapping matches, left to right, as a regex search would give them."""
        size, at = len(self.literal), 0
        while (start := text.find(self.literal, at)) != -1:
            end = start + size
            if not _word_char_at(text, start - 1) and not (self.whole and _word_char_at(text, end)):
                yield start, end
                at = end if size else start + 1
            else:
                at = start + 1

    def search(self, text: str) -> tuple[int, int] | None:
        """The first match's (start, end), or None."""
        return next(self.spans(text), None)

    def mask(self, text: str) -> str:
        """``text`` with every match replaced by as many NULs (same offsets)."""
        for start, end in self.spans(text):
            text = text[:start] + "\0" * (end - start) + text[end:]
        return text


def _word_char_at(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and _WORD_CHAR.match(text, pos) is not None


@functools.lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _forbidden_pattern(variant: str) -> _WordLiteral:
    return _WordLiteral(fold_en(variant), whole=True)


@functools.lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _english_pattern(en: str) -> _WordLiteral:
    return _WordLiteral(fold_en(en), whole=False)


def glossary_signature(path, terms: tuple[Term, ...]) -> str:
    """How a report names the glossary it used: file name and term count."""
    return f"{Path(path).name} ({len(terms)} terms)"

"""The match score, 0-100, as CAT tools compute it, and the diff a translator reads.

The score is the Levenshtein similarity of the two texts' content tokens
(characters for Chinese, words for English; see grams.tokens), in percent,
less small penalties for what a translator fixes without thinking:

* each number that differs costs NUMBER_PENALTY (numbers are compared as
  placeholders first, so ``增长5%`` against ``增长6%`` is not a content edit);
* each punctuation edit costs PUNCT_PENALTY, at most PUNCT_CAP in all;
* width and case differences cost nothing beyond the rule that only an
  identical text (after NFC and trimming) scores 100: anything else scores at
  most 99.

Scores are whole numbers, rounded down, as translators are quoted.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

from tmbrief.lookup.grams import family, tokens_of

NUMBER_PENALTY = 1.0
PUNCT_PENALTY = 0.5
PUNCT_CAP = 2.0
SCORER = "levenshtein-tokens/zh-char,en-word; numbers -1 each; punctuation -0.5 (max -2)"

_EN_PIECES = regex.compile(r"\w+|\s+|[^\w\s]")
_ZH_PIECES = regex.compile(r"\d+(?:[.,]\d+)*|.", regex.S)


@dataclass(frozen=True)
class Scored:
    """A score and the numbers that differ: (query number, TM number) pairs, in order."""

    score: int
    numbers: tuple[tuple[str, str], ...] = ()
    only_numbers: bool = False  # content and punctuation equal, numbers differ


def score(query: str, candidate: str, lang: str) -> Scored:
    """The match score of ``candidate`` (a TM text) for ``query``, both in ``lang``."""
    return QueryScorer(query, lang).score(candidate)


class QueryScorer:
    """:func:`score` of many candidates for one query (the query's tokens made once)."""

    def __init__(self, query: str, lang: str):
        self.query = query
        self.fam = family(lang)
        self._same_as = unicodedata.normalize("NFC", query).strip()
        self._tokens = None

    def query_tokens(self) -> tuple:
        """The query's :func:`tokens_of` entry (made once)."""
        if self._tokens is None:
            self._tokens = tokens_of([self.query], self.fam)[0]
        return self._tokens

    def score(self, candidate: str, candidate_tokens: tuple | None = None) -> Scored:
        """The score of ``candidate``; ``candidate_tokens`` is its :func:`tokens_of` entry
        when the caller has it already."""
        if unicodedata.normalize("NFC", candidate).strip() == self._same_as:
            return Scored(100)
        q_content, q_numbers, q_punct = self.query_tokens()
        if candidate_tokens is None:
            candidate_tokens = tokens_of([candidate], self.fam)[0]
        c_content, c_numbers, c_punct = candidate_tokens
        base = Levenshtein.normalized_similarity(q_content, c_content)
        if not q_content and not c_content:
            base = 1.0
        differing = _differing_numbers(q_numbers, c_numbers) if q_numbers or c_numbers else ()
        punct = min(PUNCT_CAP, PUNCT_PENALTY * Levenshtein.distance(q_punct, c_punct))
        value = 100.0 * base - NUMBER_PENALTY * len(differing) - punct
        value = min(99, max(0, math.floor(value + 1e-9)))
        only_numbers = bool(differing) and q_content == c_content and q_punct == c_punct
        return Scored(int(value), differing, only_numbers)


def _differing_numbers(query: tuple[str, ...], tm: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(query number, TM number) pairs that differ, paired by their order in the text.

    A number present on one side only pairs with ``""``.
    """
    pairs = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(tm, query).as_list():
        if tag == "equal":
            continue
        old, new = tm[i1:i2], query[j1:j2]
        for k in range(max(len(old), len(new))):
            pairs.append((new[k] if k < len(new) else "", old[k] if k < len(old) else ""))
    return tuple(pairs)


def pieces(text: str, lang: str) -> list[str]:
    """The text cut into the pieces a diff shows: characters (zh, a number is one piece)
    or words, spaces and marks (en)."""
    if family(lang) == "zh":
        return _ZH_PIECES.findall(text)
    return _EN_PIECES.findall(text)


def diff(query: str, candidate: str, lang: str) -> str:
    """How the TM text becomes the query, wdiff style: ``[-TM only-]{+query only+}``.

    Characters for Chinese, words for English; equal runs are written as they are.
    """
    old, new = pieces(candidate, lang), pieces(query, lang)
    out = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(old, new).as_list():
        if tag == "equal":
            out.append("".join(old[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(old[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(new[j1:j2]) + "+}")
    return "".join(out)

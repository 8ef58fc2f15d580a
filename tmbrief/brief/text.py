"""Bags of words over Chinese sentences, TF-IDF cosine and LexRank centrality.

Tokens come from jieba's POS tokenizer in ``tmbrief.core.zh_words`` (loaded quietly on
first use, from the dictionary inside the package; nothing is downloaded). A token
counts as a content word when it has at least two characters or contains a digit or
Latin letter, and is not in the stopword table: single Han characters are mostly
particles (的, 了, 是).
"""

from __future__ import annotations

import functools
import logging
import math
import sys
from collections import Counter
from collections.abc import Sequence

from tmbrief.brief.rules import (
    DAMPING,
    ENTITY_FLAGS,
    PAGERANK_ITERATIONS,
    PAGERANK_TOLERANCE,
    ZH_STOPWORDS,
)
from tmbrief.core import rx, zh_words

log = logging.getLogger(__name__)

_STOP = frozenset(e.value for e in ZH_STOPWORDS)
_WORDLIKE = rx.compile(r"[\p{Han}\p{L}\p{N}]")
_DIGIT_OR_LATIN = rx.compile(r"[\p{N}A-Za-z]")


@functools.lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, part-of-speech flag) pairs for ``text``.

    Words are interned: the briefing keeps every candidate's words at once, and a
    long article says the same words many times (one string each, not one per use).
    """
    return tuple((sys.intern(w), f) for w, f in zh_words.pos_tokenizer().cut(text))


def content_words(text: str) -> tuple[str, ...]:
    """The content words of a Chinese ``text`` in order (see the module docstring)."""
    return tuple(
        w
        for w, _ in tagged(text)
        if _WORDLIKE.search(w) and w not in _STOP and (len(w) >= 2 or _DIGIT_OR_LATIN.search(w))
    )


def entity_words(text: str) -> frozenset[str]:
    """Proper names jieba tags in ``text`` (persons, places, organisations, other)."""
    return frozenset(w for w, flag in tagged(text) if flag in ENTITY_FLAGS and len(w) >= 2)


def idf(bags: Sequence[Sequence[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency over ``bags``: log((1+n)/(1+df)) + 1."""
    df = Counter(w for bag in bags for w in set(bag))
    n = len(bags)
    return {w: math.log((1 + n) / (1 + k)) + 1.0 for w, k in sorted(df.items())}


def tfidf(bag: Sequence[str], weights: dict[str, float]) -> dict[str, float]:
    """Term frequency times ``weights`` (an idf table; unknown words weigh 1)."""
    return {w: c * weights.get(w, 1.0) for w, c in sorted(Counter(bag).items())}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two sparse vectors; 0 when either is empty."""
    if not a or not b:
        return 0.0
    if len(b) < len(a):
        a, b = b, a
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def similarity_matrix(vectors: Sequence[dict[str, float]]) -> list[list[float]]:
    """Pairwise cosine similarities (symmetric, 1 on the diagonal for non-empty vectors)."""
    n = len(vectors)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            sim[i][j] = sim[j][i] = cosine(vectors[i], vectors[j])
    return sim


def lexrank(sim: Sequence[Sequence[float]]) -> list[float]:
    """Continuous LexRank: PageRank over the similarity graph, self-loops removed.

    Returns one stationary probability per sentence (they sum to 1). A sentence
    similar to no other spreads its weight evenly, as PageRank treats a dangling node.
    """
    n = len(sim)
    if n == 0:
        return []
    rows = []
    for i in range(n):
        row = [0.0 if i == j else sim[i][j] for j in range(n)]
        total = sum(row)
        rows.append([v / total for v in row] if total else [1.0 / n] * n)
    rank = [1.0 / n] * n
    for iteration in range(PAGERANK_ITERATIONS):
        new = [
            (1 - DAMPING) / n + DAMPING * sum(rank[i] * rows[i][j] for i in range(n))
            for j in range(n)
        ]
        delta = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if delta < PAGERANK_TOLERANCE:
            log.debug("lexrank converged after %d iterations", iteration + 1)
            break
    return rank

"""A translation table learned from the document pair itself, for the aligner's second pass.

Words the dictionary cannot pair (a translator's rendering of a name, 韦小宝
-> Trinket; a term, 轿夫 -> bearer) recur in the same beads of a first
alignment. Pairs that co-occur in at least ``MIN_COUNT`` beads with a Dice
coefficient of at least ``MIN_DICE`` become new keys of the Chinese word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from tmbrief.align.features import Features
from tmbrief.align.lexicon import NUMBER_PREFIX

MIN_COUNT = 3
MIN_DICE = 0.5

Span = tuple[int, int, int, int]


def learn_table(
    src: Sequence[Features], tgt: Sequence[Features], spans: Sequence[Span]
) -> dict[str, frozenset[str]]:
    """{Chinese word: English keys} associated in the beads of ``spans``.

    Counted word by word over the beads that hold the word, so memory stays
    proportional to the beads, not to the word-key pairs of the document.
    """
    # Each bead's distinct words and keys as tuples: a third of the memory of sets.
    beads: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    word_beads: dict[str, list[int]] = {}
    key_count: Counter[str] = Counter()
    for i0, i1, j0, j1 in spans:
        if i0 == i1 or j0 == j1:
            continue
        words = tuple({w: None for f in src[i0:i1] for w in f.words})
        keys = tuple({k: None for f in tgt[j0:j1] for k in f.keys if k[0] != NUMBER_PREFIX})
        key_count.update(keys)
        for word in words:
            word_beads.setdefault(word, []).append(len(beads))
        beads.append((words, keys))
    table: dict[str, frozenset[str]] = {}
    for word in sorted(word_beads):
        holding = word_beads[word]
        if len(holding) < MIN_COUNT:
            continue
        together = Counter(k for b in holding for k in beads[b][1])
        learned = frozenset(
            key
            for key, n in together.items()
            if n >= MIN_COUNT and 2 * n / (len(holding) + key_count[key]) >= MIN_DICE
        )
        if learned:
            table[word] = learned
    return table


def apply_table(src: Sequence[Features], table: dict[str, frozenset[str]]) -> list[Features]:
    """The source features with each learned key added to the tokens of its word."""
    out = []
    for f in src:
        extra = [
            (key, mask) for word, mask in f.words.items() for key in sorted(table.get(word, ()))
        ]
        if not extra:
            out.append(f)
            continue
        keys = dict(f.keys)
        for key, mask in extra:
            # The word's own mask object when the key is new (shared, not a copy).
            keys[key] = mask if key not in keys else keys[key] | mask
        out.append(replace(f, keys=keys))
    return out

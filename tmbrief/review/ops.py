"""Alignment fixes as pure functions over beads: merge, split, move a sentence, unpair.

Each operation takes the document's beads and returns a :class:`Fix`: the run of
consecutive beads it replaces (``before``, starting at bead ``start``) and the
beads that replace it (``after``). A fix is thus its own record (it can be
replayed on a fresh alignment that still has the ``before`` run, and undone by
putting ``before`` back), and :func:`apply_fix` is the one place beads change.

A bead a person made or changed gets confidence 1.0 (:data:`FIXED_SCORE`): it is
no longer the aligner's guess. Invalid requests raise :class:`OpError` and
change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tmbrief.core.model import Bead

FIXED_SCORE = 1.0
OPS = ("merge", "split", "move", "unpair")


class OpError(ValueError):
    """A bead operation that cannot be done (bad bead, sentence or boundary)."""


@dataclass(frozen=True)
class Fix:
    """One alignment fix: beads ``before`` (from index ``start``) become ``after``."""

    op: str
    start: int
    before: tuple[Bead, ...]
    after: tuple[Bead, ...]


def _bead(beads: Sequence[Bead], n: int) -> Bead:
    if not 0 <= n < len(beads):
        raise OpError(f"no bead {n} (the document has beads 0-{len(beads) - 1})")
    return beads[n]


def merge(beads: Sequence[Bead], n: int) -> Fix:
    """Bead ``n`` and bead ``n + 1`` become one bead."""
    first = _bead(beads, n)
    if n + 1 >= len(beads):
        raise OpError(f"bead {n} is the last bead: nothing to merge it with")
    second = beads[n + 1]
    joined = Bead(first.src + second.src, first.tgt + second.tgt, FIXED_SCORE)
    return Fix("merge", n, (first, second), (joined,))


def split(beads: Sequence[Bead], n: int, zh: int, en: int) -> Fix:
    """Bead ``n`` becomes two: its first ``zh`` Chinese and ``en`` English sentences, the rest.

    ``zh`` and ``en`` are sentence boundaries counted within the bead (0 = before
    its first sentence); either side may be cut at its start or end, so a split
    can leave one part without Chinese or without English, but never empty.
    """
    bead = _bead(beads, n)
    if not 0 <= zh <= len(bead.src):
        raise OpError(f"bead {n} has {len(bead.src)} Chinese sentences: no boundary {zh}")
    if not 0 <= en <= len(bead.tgt):
        raise OpError(f"bead {n} has {len(bead.tgt)} English sentences: no boundary {en}")
    head = Bead(bead.src[:zh], bead.tgt[:en], FIXED_SCORE)
    tail = Bead(bead.src[zh:], bead.tgt[en:], FIXED_SCORE)
    if not (head.src or head.tgt) or not (tail.src or tail.tgt):
        raise OpError(f"splitting bead {n} at Chinese {zh}, English {en} leaves an empty bead")
    return Fix("split", n, (bead,), (head, tail))


def move(beads: Sequence[Bead], n: int, to: str) -> Fix:
    """Move an English sentence of bead ``n`` to the bead before (its first) or after (its last).

    ``to`` is ``prev`` or ``next``. A bead left with no sentence at all disappears.
    """
    bead = _bead(beads, n)
    if to not in ("prev", "next"):
        raise OpError(f"move to {to!r}: expected 'prev' or 'next'")
    if not bead.tgt:
        raise OpError(f"bead {n} has no English sentence to move")
    if to == "prev":
        if n == 0:
            raise OpError("bead 0 is the first bead: there is no bead before it")
        other = beads[n - 1]
        moved = Bead(other.src, other.tgt + bead.tgt[:1], FIXED_SCORE)
        rest = Bead(bead.src, bead.tgt[1:], FIXED_SCORE)
        after = (moved, rest) if rest.src or rest.tgt else (moved,)
        return Fix("move", n - 1, (other, bead), after)
    if n + 1 >= len(beads):
        raise OpError(f"bead {n} is the last bead: there is no bead after it")
    other = beads[n + 1]
    rest = Bead(bead.src, bead.tgt[:-1], FIXED_SCORE)
    moved = Bead(other.src, bead.tgt[-1:] + other.tgt, FIXED_SCORE)
    after = (rest, moved) if rest.src or rest.tgt else (moved,)
    return Fix("move", n, (bead, other), after)


def unpair(beads: Sequence[Bead], n: int, lang: str, segment: int) -> Fix:
    """Mark sentence ``segment`` (``lang`` ``zh`` or ``en``) of bead ``n`` as having no counterpart.

    The sentence leaves the bead as a bead of its own (``1-0`` or ``0-1``). Only
    the first or last sentence of its side can leave without reordering the
    text; for one in the middle, split the bead first.
    """
    bead = _bead(beads, n)
    if lang not in ("zh", "en"):
        raise OpError(f"language {lang!r}: expected 'zh' or 'en'")
    ids = bead.src if lang == "zh" else bead.tgt
    if segment not in ids:
        raise OpError(f"bead {n} has no {lang} sentence {segment}")
    if len(bead.src) + len(bead.tgt) < 2:
        raise OpError(f"bead {n} has only this sentence: it already has no counterpart")
    rest_ids = tuple(i for i in ids if i != segment)
    alone = Bead((segment,), (), FIXED_SCORE) if lang == "zh" else Bead((), (segment,), FIXED_SCORE)
    if lang == "zh":
        rest = Bead(rest_ids, bead.tgt, FIXED_SCORE)
    else:
        rest = Bead(bead.src, rest_ids, FIXED_SCORE)
    if segment == ids[0]:
        after = (alone, rest)
    elif segment == ids[-1]:
        after = (rest, alone)
    else:
        raise OpError(
            f"sentence {segment} is in the middle of bead {n}: split the bead first, then unpair"
        )
    return Fix("unpair", n, (bead,), tuple(b for b in after if b.src or b.tgt))


def find_run(beads: Sequence[Bead], run: Sequence[Bead], hint: int = 0) -> int | None:
    """Index where ``run`` occurs in ``beads`` (same segment ids), searching near ``hint`` first."""
    width = len(run)
    key = [(b.src, b.tgt) for b in run]
    if not width:
        return None
    order = sorted(range(len(beads) - width + 1), key=lambda i: abs(i - hint))
    for i in order:
        if [(b.src, b.tgt) for b in beads[i : i + width]] == key:
            return i
    return None


def apply_fix(beads: Sequence[Bead], fix: Fix, *, undo: bool = False) -> tuple[Bead, ...] | None:
    """The beads with ``fix`` applied (or undone); None when its run is not in ``beads``."""
    old, new = (fix.after, fix.before) if undo else (fix.before, fix.after)
    at = find_run(beads, old, fix.start)
    if at is None:
        return None
    return (*beads[:at], *new, *beads[at + len(old) :])

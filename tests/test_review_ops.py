"""Bead operations (tmbrief.review.ops): each a case table through the public functions."""

from __future__ import annotations

import pytest

from tmbrief.core.model import Bead
from tmbrief.review import ops

# beads: [0]:[0]  [1,2]:[1]  [3]:[2,3]  []:[4]  [4]:[]
BEADS = (
    Bead((0,), (0,), 0.9),
    Bead((1, 2), (1,), 0.4),
    Bead((3,), (2, 3), 0.7),
    Bead((), (4,), 0.2),
    Bead((4,), (), 0.0),
)


def _ids(beads):
    return [(b.src, b.tgt) for b in beads]


CASES = [
    # (op, bead, args, beads after, as (src, tgt) pairs)
    ("merge", 0, {}, [((0, 1, 2), (0, 1)), ((3,), (2, 3)), ((), (4,)), ((4,), ())]),
    ("merge", 2, {}, [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3, 4)), ((4,), ())]),
    ("split", 1, {"zh": 1, "en": 1}, [((0,), (0,)), ((1,), (1,)), ((2,), ()), *_ids(BEADS[2:])]),
    ("split", 1, {"zh": 1, "en": 0}, [((0,), (0,)), ((1,), ()), ((2,), (1,)), *_ids(BEADS[2:])]),
    (
        "split",
        2,
        {"zh": 1, "en": 1},
        [*_ids(BEADS[:2]), ((3,), (2,)), ((), (3,)), *_ids(BEADS[3:])],
    ),
    ("move", 2, {"to": "prev"}, [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,)), *_ids(BEADS[3:])]),
    ("move", 2, {"to": "next"}, [*_ids(BEADS[:2]), ((3,), (2,)), ((), (3, 4)), ((4,), ())]),
    ("move", 3, {"to": "next"}, [*_ids(BEADS[:3]), ((4,), (4,))]),
    (
        "unpair",
        1,
        {"lang": "zh", "segment": 1},
        [((0,), (0,)), ((1,), ()), ((2,), (1,)), *_ids(BEADS[2:])],
    ),
    (
        "unpair",
        1,
        {"lang": "zh", "segment": 2},
        [((0,), (0,)), ((1,), (1,)), ((2,), ()), *_ids(BEADS[2:])],
    ),
    ("unpair", 0, {"lang": "en", "segment": 0}, [((), (0,)), ((0,), ()), *_ids(BEADS[1:])]),
]


@pytest.mark.parametrize(("op", "n", "args", "expected"), CASES)
def test_operation(op, n, args, expected):
    fix = getattr(ops, op)(BEADS, n, **args)
    after = ops.apply_fix(BEADS, fix)
    assert _ids(after) == expected
    # Every sentence is still in exactly one bead, in order.
    assert [i for b in after for i in b.src] == [0, 1, 2, 3, 4]
    assert [i for b in after for i in b.tgt] == [0, 1, 2, 3, 4]
    # A bead a person changed is no longer the aligner's guess.
    assert all(b.score == ops.FIXED_SCORE for b in fix.after)
    # Undo puts the beads back exactly.
    assert ops.apply_fix(after, fix, undo=True) == BEADS


REFUSED = [
    ("merge", 4, {}, "last bead"),
    ("merge", 7, {}, "no bead 7"),
    ("split", 1, {"zh": 3, "en": 0}, "no boundary 3"),
    ("split", 1, {"zh": 0, "en": 0}, "empty bead"),
    ("split", 1, {"zh": 2, "en": 1}, "empty bead"),
    ("move", 0, {"to": "prev"}, "first bead"),
    ("move", 4, {"to": "next"}, "no English"),
    ("move", 2, {"to": "up"}, "expected 'prev' or 'next'"),
    ("unpair", 0, {"lang": "zh", "segment": 5}, "no zh sentence 5"),
    ("unpair", 3, {"lang": "en", "segment": 4}, "already has no counterpart"),
    ("unpair", 0, {"lang": "fr", "segment": 0}, "expected 'zh' or 'en'"),
]


@pytest.mark.parametrize(("op", "n", "args", "message"), REFUSED)
def test_refused(op, n, args, message):
    with pytest.raises(ops.OpError, match=message):
        getattr(ops, op)(BEADS, n, **args)


def test_middle_sentence_cannot_leave_without_a_split():
    beads = (Bead((0, 1, 2), (0,), 0.5),)
    with pytest.raises(ops.OpError, match="split the bead first"):
        ops.unpair(beads, 0, "zh", 1)


def test_a_fix_is_found_again_after_beads_before_it_changed():
    fix = ops.merge(BEADS, 2)
    shifted = ops.apply_fix(BEADS, ops.merge(BEADS, 0))  # bead 2 is now bead 1
    after = ops.apply_fix(shifted, fix)
    assert _ids(after)[1] == ((3,), (2, 3, 4))
    assert ops.apply_fix(BEADS[:2], fix) is None  # its beads are gone: None, not a guess

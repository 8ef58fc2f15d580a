"""Matching a source's numbers against a target's: which are missing, which are extra.

Tolerances translation needs: equal quantities however written (tmbrief.numbers.
extract makes 2000亿 and "200 billion" both 2e11), comparable kinds, and the values
and kinds English adds or drops freely.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tmbrief.numbers.extract import Number

# Quantities English often writes without a numeral ("a", "the", "single", "top"):
# never reported missing or extra.
SOFT_VALUES = (1.0,)
# Extra target numbers of these kinds are explicitation (今日 -> "December 20, 2023";
# 全会 -> "the sixth plenary session of the 19th Central Committee").
UNREPORTED_EXTRA_KINDS = ("year", "month", "day", "ordinal", "time", "weekday", "decade",
                          "century")  # fmt: skip
RELATIVE_TOLERANCE = 1e-6
# Kinds compared only with their own kind (a clock time is not a count).
SEPARATE_KINDS = ("percent", "time", "weekday")


def same_quantity(a: Number, b: Number) -> bool:
    """The same quantity: equal values (relative tolerance 1e-6) of comparable kinds.

    Percentages, clock times and weekdays compare only with their own kind; a
    century compares with its ordinal (18世纪, "18th century") and with a decade
    of it ("the 1700s", "the 1960s" for 20世纪); other kinds are interchangeable.
    """
    kinds = {a.kind, b.kind}
    if kinds == {"century", "decade"}:
        decade, century = (a, b) if a.kind == "decade" else (b, a)
        return decade.value // 100 + 1 == century.value
    if (a.kind in SEPARATE_KINDS or b.kind in SEPARATE_KINDS) and a.kind != b.kind:
        return False
    return math.isclose(a.value, b.value, rel_tol=RELATIVE_TOLERANCE)


def match_numbers(
    src_numbers: tuple[Number, ...], tgt_numbers: tuple[Number, ...]
) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
    """Return (missing_in_target, extra_in_target) with the tolerances translation needs.

    A source number is missing when no target number has the same quantity
    (:func:`same_quantity`; kinds plain/ordinal/date are interchangeable, so 20日
    matches "20th"). A target number is extra when no source number matches it and
    it was written in digits, is not a date field, and is not 1: English adds
    spelled numbers ("First, …"), dates ("on December 20") and "one" freely.
    Values in :data:`SOFT_VALUES` are never reported. Repeats are not counted: a
    number written twice in the source is found by one occurrence in the target.
    """
    missing = tuple(
        n
        for n in src_numbers
        if n.value not in SOFT_VALUES and not any(same_quantity(n, t) for t in tgt_numbers)
    )
    extra = tuple(
        t
        for t in tgt_numbers
        if t.value not in SOFT_VALUES
        and not t.spelled
        and t.kind not in UNREPORTED_EXTRA_KINDS
        and not any(same_quantity(s, t) for s in src_numbers)
    )
    return missing, extra


def unmatched_numbers(
    src_numbers: tuple[Number, ...], tgt_numbers: tuple[Number, ...]
) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
    """(source numbers no target number matches, target numbers no source number matches).

    Only :data:`SOFT_VALUES` are left out; what to report of the rest is the
    caller's policy (:func:`match_numbers` gives the default one).
    """
    missing = tuple(
        n
        for n in src_numbers
        if n.value not in SOFT_VALUES and not any(same_quantity(n, t) for t in tgt_numbers)
    )
    extra = tuple(
        t
        for t in tgt_numbers
        if t.value not in SOFT_VALUES and not any(same_quantity(s, t) for s in src_numbers)
    )
    return missing, extra

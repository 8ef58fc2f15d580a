"""Number auto-adaptation (CAT tools' auto-localisation): a TM match that differs from the new
sentence only in numbers gets the new numbers in its translation.

Each differing Chinese number of the TM source is found in the TM target through
tmbrief.numbers (the same quantity in the English forms translators write:
``2000亿`` is "200 billion", ``5.2%`` "5.2%" or "5.2 percent"); its digits there
are rewritten to the new quantity in the same form and scale. When a number
cannot be placed (spelled out, not in the target, ambiguous) nothing is
adapted: the match stays a plain fuzzy match.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.numbers.extract import Number, extract_numbers, same_quantity

_DIGITS = regex.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Adapted:
    """A target with its numbers replaced, and what was replaced: (old, new) as written."""

    target: str
    replaced: tuple[tuple[str, str], ...]


def _at(numbers: tuple[Number, ...], written: str) -> list[Number]:
    """The numbers whose written form holds the digit string ``written``."""
    return [n for n in numbers if _DIGITS.search(n.text) and written in n.text]


def _format_like(value: float, example: str) -> str:
    """``value`` written as the digit run ``example`` is: decimals and thousands commas."""
    decimals = len(example.split(".")[1]) if "." in example else 0
    if decimals == 0 and abs(value - round(value)) > 1e-9:
        decimals = len(f"{value:.6f}".rstrip("0").split(".")[1])
    text = f"{value:,.{decimals}f}" if "," in example else f"{value:.{decimals}f}"
    return text


def adapt_numbers(
    tm_source: str, tm_target: str, new_source: str, pairs: tuple[tuple[str, str], ...]
) -> Adapted | None:
    """The TM target with each (new number, TM number) pair of ``pairs`` swapped in, or None.

    ``pairs`` are digit strings as score.score reports them (query number first).
    """
    src_numbers = extract_numbers(tm_source, SRC_LANG)
    new_numbers = extract_numbers(new_source, SRC_LANG)
    tgt_numbers = extract_numbers(tm_target, TGT_LANG)
    edits: dict[tuple[int, int], str] = {}
    replaced = []
    for new_digits, old_digits in pairs:
        if not new_digits or not old_digits:
            return None
        old = _at(src_numbers, old_digits)
        new = _at(new_numbers, new_digits)
        if len(old) != 1 or len(new) != 1 or old[0].value == 0:
            return None
        in_target = [t for t in tgt_numbers if not t.spelled and same_quantity(old[0], t)]
        if len(in_target) != 1:
            return None
        t = in_target[0]
        digits = _DIGITS.search(t.text)
        shown = float(digits.group().replace(",", ""))
        if shown == 0:
            return None
        new_value = t.value * new[0].value / old[0].value
        scale = t.value / shown  # "200 billion": 1e9; "5.2%": 1
        written = _format_like(new_value / scale, digits.group())
        span = (t.start + digits.start(), t.start + digits.end())
        if span in edits:
            return None
        edits[span] = written
        replaced.append((digits.group(), written))
    target = tm_target
    for (start, end), text in sorted(edits.items(), reverse=True):
        target = target[:start] + text + target[end:]
    return Adapted(target, tuple(replaced))

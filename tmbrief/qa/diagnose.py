"""Diagnosis: say when a finding comes from the alignment, not from the translation.

A number missing from a unit's target that stands in the next or previous unit's
target (or an extra target number that stands in a neighbour's source) means the
translator moved words across a sentence boundary, or the aligner paired the
sentences wrong: the message says so, and names the neighbour, instead of
suggesting the translation changed the number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tmbrief.core.model import Finding, Unit
from tmbrief.numbers.extract import extract_numbers, same_quantity

# The numbers check's messages: (prefix, the side the number was found on).
_MISSING, _EXTRA = "source number ", "target number "


def blame_alignment(
    units: Sequence[Unit], findings: Sequence[Finding], source_lang: str, target_lang: str
) -> tuple[Finding, ...]:
    """``findings`` with numbers findings explained by a neighbouring unit re-worded."""
    if not any(f.check == "numbers" for f in findings):
        return tuple(findings)
    place = {u.tuid: i for i, u in enumerate(units) if u.tuid}
    out = []
    for f in findings:
        index = place.get(f.unit)
        if f.check != "numbers" or index is None:
            out.append(f)
            continue
        unit = units[index]
        if unit.segtype != "sentence":  # block and paragraph units point to their sentences
            out.append(f)
            continue
        missing = f.message.startswith(_MISSING)
        side, lang = ("target", target_lang) if missing else ("source", source_lang)
        mine = extract_numbers(unit.source if missing else unit.target,
                               source_lang if missing else target_lang)  # fmt: skip
        written = f.message.removeprefix(_MISSING if missing else _EXTRA).split(" (")[0]
        number = next((n for n in mine if n.text == written), None)
        neighbour = None if number is None else _neighbour_with(units, index, number, side, lang)
        if neighbour is None:
            out.append(f)
            continue
        message = (f"{f.message}; it is in the {side} of the neighbouring unit {neighbour}: "
                   "the sentences are paired across a moved boundary (alignment), check "
                   "the pairing before the translation")  # fmt: skip
        out.append(replace(f, message=message))
    return tuple(out)


def _neighbour_with(units, index: int, number, side: str, lang: str) -> str | None:
    """The tuid of the previous or next unit of the same document whose ``side`` has it."""
    for other in (index - 1, index + 1):
        if (
            0 <= other < len(units)
            and units[other].doc_id == units[index].doc_id
            and units[other].segtype == "sentence"
        ):
            text = getattr(units[other], side)
            if any(same_quantity(number, n) for n in extract_numbers(text, lang)):
                return units[other].tuid or f"#{other + 1}"
    return None

"""Numbers recall on real translations: one digit changed, or a scale word swapped, beside pofilter.

Usage (from the repository root):
  .venv/bin/python bench/qa_numbers.py [--list]

Every sentence pair of ../shared/bench/news (both translators) gets, one at a time:
- each digit run of the target (a number, not a name such as COVID-19 or 5G) with its
  last digit changed (+3 mod 10);
- each scale word of the target swapped (million <-> billion), and each 万 / 亿 of the
  source swapped (万 <-> 亿).
A change is caught when the numbers check reports the unit with a finding it did
not have before; pofilter's ``numbers`` test is run on the same variants (it compares
digits only, so it cannot see a scale word). Printed: recall per kind, both tools,
and with --list the changes tmbrief missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
from pathlib import Path

from common import machine, utc_now
from qa_faults import pofilter_findings
from qa_news import news_documents

from tmbrief.qa.report import run_checks

# A digit run that is a quantity: not glued to a letter (G20, 5G) or a name's hyphen
# (COVID-19).
_NUMBER = re.compile(r"(?<![\w-])\d+(?![A-Za-z])|(?<=[^\w-]-)\d+")
_SCALE_EN = re.compile(r"\b(million|billion)\b")
_SCALE_ZH = re.compile(r"[万亿]")
SWAP = {"million": "billion", "billion": "million", "万": "亿", "亿": "万"}


def variants(unit):
    """(kind, description, changed unit) for every change of ``unit``."""
    for m in _NUMBER.finditer(unit.target):
        value = m.group()
        changed = value[:-1] + str((int(value[-1]) + 3) % 10)
        target = unit.target[: m.start()] + changed + unit.target[m.end() :]
        yield "digit", f"{value} -> {changed}", dataclasses.replace(unit, target=target)
    for m in _SCALE_EN.finditer(unit.target):
        target = unit.target[: m.start()] + SWAP[m.group()] + unit.target[m.end() :]
        yield "scale", f"{m.group()} -> {SWAP[m.group()]}", dataclasses.replace(unit, target=target)
    for m in _SCALE_ZH.finditer(unit.source):
        source = unit.source[: m.start()] + SWAP[m.group()] + unit.source[m.end() :]
        yield "scale", f"{m.group()} -> {SWAP[m.group()]}", dataclasses.replace(unit, source=source)


def numbers_messages(unit) -> set[str]:
    return {f.message for f in run_checks([unit], only=["numbers"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the changes tmbrief missed")
    args = parser.parse_args()
    cases = []
    for *_, units in news_documents():
        for unit in units:
            before = numbers_messages(unit)
            for n, (kind, what, changed) in enumerate(variants(unit)):
                changed = dataclasses.replace(changed, tuid=f"{unit.tuid}~{n}")
                caught = bool(numbers_messages(changed) - before)
                cases.append((kind, what, unit, changed, caught))
    with tempfile.TemporaryDirectory() as tmp:
        originals = {c[2].tuid: c[2] for c in cases}
        clean = pofilter_findings(list(originals.values()), Path(tmp) / "clean.po")
        faulty = pofilter_findings([c[3] for c in cases], Path(tmp) / "faulty.po")
    print(f"{utc_now()}; {machine()}")
    print(f"{len(originals)} sentence pairs with a number or scale word, {len(cases)} changes\n")
    print("| Change | Cases | tmbrief caught | pofilter caught |\n| --- | --- | --- | --- |")
    for kind, label in (("digit", "one digit changed"), ("scale", "scale word swapped")):
        mine = [c for c in cases if c[0] == kind]
        ours = sum(c[4] for c in mine)
        theirs = sum(
            "numbers" in faulty.get(c[3].tuid, set()) and "numbers" not in clean.get(c[2].tuid, ())
            for c in mine
        )
        print(f"| {label} | {len(mine)} | {ours} ({100 * ours / max(1, len(mine)):.1f} %) | "
              f"{theirs} ({100 * theirs / max(1, len(mine)):.1f} %) |")  # fmt: skip
    if args.list:
        for kind, what, unit, changed, caught in cases:
            if not caught:
                print(f"\nMISSED {kind} {what} in {unit.tuid}\n  zh: {changed.source}\n"
                      f"  en: {changed.target}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

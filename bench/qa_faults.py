"""Fault injection: plant each kind of translation fault in the seed PO and see who catches it.

Usage (from the repository root):
  .venv/bin/python bench/qa_faults.py                # table for bench/RESULTS.md
  .venv/bin/python bench/qa_faults.py --make-fixture # rebuild tests/data/fuling-seed.po

The clean file is exports/fuling-materials-20231220.po when the pipeline has made
it, else tests/data/fuling-seed.po (the seed's real sentences, aligned by
paragraph: see :func:`seed_units`). Each fault goes into a different unit; a fault
is caught when tmbrief reports that unit with the expected check. translate-toolkit's
``pofilter`` runs on the same clean and faulty files for comparison.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from common import FIXTURE_PO, ROOT, SEED_GLOSSARY, SEED_ID, seed_po

from tmbrief.core.glossary import compare_terms, load_glossary
from tmbrief.core.model import TMHeader, Unit
from tmbrief.formats import FORMATS
from tmbrief.qa.report import run_checks


def seed_units() -> tuple[Unit, ...]:
    """Sentence units of the seed: segmenter output paired within each paragraph.

    Paragraphs with as many Chinese as English sentences pair them one to one,
    unless that would separate a speaker from the quotation (the English moves
    "said Liu Zhong" into the quoted sentence; a glossary person name whose
    English is missing from its pair shows it): such a paragraph, and one with
    unequal counts, becomes one unit.
    """
    from tmbrief.clean.cleaner import clean
    from tmbrief.core.textio import read_text
    from tmbrief.pipeline import read_translation
    from tmbrief.segment.splitter import segment_paragraphs

    doc = clean(read_text(ROOT / "seeds" / f"{SEED_ID}.zh.txt"), SEED_ID)
    english = read_translation(read_text(ROOT / "seeds" / f"{SEED_ID}.en.txt"))
    zh = segment_paragraphs([p.text for p in doc.paragraphs], "zh-CN")
    en = segment_paragraphs(english, "en")
    people = tuple(t for t in load_glossary(SEED_GLOSSARY) if t.kind == "person")
    units: list[Unit] = []
    for p in range(len(doc.paragraphs)):
        z = [s for s in zh if s.paragraph == p]
        e = [s for s in en if s.paragraph == p]
        pairs = [([a], [b]) for a, b in zip(z, e, strict=False)]
        if len(z) != len(e) or any(
            compare_terms(a[0].text, b[0].text, people)[0] for a, b in pairs
        ):
            pairs = [(z, e)]
        for src, tgt in pairs:
            units.append(
                Unit(
                    tuid=f"{SEED_ID}:{len(units)}",
                    doc_id=SEED_ID,
                    paragraph=p,
                    src_ids=tuple(s.id for s in src),
                    tgt_ids=tuple(s.id for s in tgt),
                    source="".join(s.text for s in src),
                    target=" ".join(s.text for s in tgt),
                    bead_type=f"{len(src)}-{len(tgt)}",
                    confidence=1.0,
                    status="translated",
                    src_start=src[0].start,
                    src_end=src[-1].end,
                )
            )
    return tuple(units)


def write_po(units, path: Path) -> None:
    header = TMHeader(SEED_ID, date="2023-12-20", title="seed units for QA tests")
    buffer = io.StringIO()
    FORMATS["po"].write(units, header, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# --- the faults --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Fault:
    """One kind of fault: which check should report it, where it fits, how to plant it."""

    name: str
    check: str
    fits: Callable[[Unit], bool]
    plant: Callable[[Unit], str]  # the new target


def _cut(target: str) -> str:
    words = target.split()
    return " ".join(words[: max(3, len(words) * 2 // 5)])


def _digits(target: str) -> re.Match | None:
    return re.search(r"(?<![\d.])\d+(?![\d.])", target)


def _change_number(target: str) -> str:
    m = _digits(target)
    value = m.group()
    changed = value[:-1] + str((int(value[-1]) + 3) % 10)
    return target[: m.start()] + changed + target[m.end() :]


def _duplicated_source(units):
    counts = defaultdict(int)
    for u in units:
        counts[u.source] += 1
    return {s for s, n in counts.items() if n > 1}


def faults(units) -> tuple[Fault, ...]:
    """The faults of the brief, in the order they are planted."""
    duplicated = _duplicated_source(units)
    people = [t for t in load_glossary(SEED_GLOSSARY) if t.kind == "person"]
    return (
        Fault("empty target", "untranslated", lambda u: True, lambda u: ""),
        Fault("copied source", "untranslated", lambda u: True, lambda u: u.source),
        Fault("changed number", "numbers", lambda u: _digits(u.target) is not None,
              lambda u: _change_number(u.target)),
        Fault("wrong unit (million for billion)", "numbers", lambda u: "billion" in u.target,
              lambda u: u.target.replace("billion", "million", 1)),
        Fault("misspelt glossary name", "glossary",
              lambda u: any(t.en in u.target and t.zh in u.source for t in people),
              lambda u: _misspell(u, people)),
        Fault("leftover Chinese", "untranslated", lambda u: "Fuling" in u.target,
              lambda u: u.target.replace("Fuling", "涪陵", 1)),
        Fault("doubled word", "form", lambda u: " the " in u.target,
              lambda u: u.target.replace(" the ", " the the ", 1)),
        Fault("full-width comma", "form", lambda u: ", " in u.target,
              lambda u: u.target.replace(", ", "，", 1)),
        Fault("truncated target", "length-ratio", lambda u: len(u.target.split()) > 20,
              lambda u: _cut(u.target)),
        Fault("inconsistent duplicate", "consistency", lambda u: u.source in duplicated,
              lambda u: u.target.replace(" and ", " as well as ", 1)),
    )  # fmt: skip


def _misspell(unit: Unit, people) -> str:
    term = next(t for t in people if t.en in unit.target and t.zh in unit.source)
    wrong = term.en[:-1] + ("a" if term.en[-1] != "a" else "e")
    return unit.target.replace(term.en, wrong)


def inject(units) -> tuple[tuple[Unit, ...], dict[str, tuple[str, str]]]:
    """The units with one fault per kind in distinct units; {tuid: (fault, expected check)}."""
    units = list(units)
    planted: dict[str, tuple[str, str]] = {}
    # Units whose source occurs twice are kept for the consistency fault: a fault in
    # the twin would take it out of the comparison.
    duplicated = _duplicated_source(units)
    # Spread the faults: start each search at a different place in the file.
    for k, fault in enumerate(faults(units)):
        start = (k * 7) % len(units)
        for i in list(range(start, len(units))) + list(range(start)):
            unit = units[i]
            if unit.tuid in planted or not unit.target or not fault.fits(unit):
                continue
            if (unit.source in duplicated) != (fault.check == "consistency"):
                continue
            units[i] = dataclasses.replace(unit, target=fault.plant(unit))
            planted[unit.tuid] = (fault.name, fault.check)
            break
        else:
            raise SystemExit(f"no unit fits the fault {fault.name!r}")
    return tuple(units), planted


# --- running the tools -------------------------------------------------------------


def tmbrief_findings(path: Path) -> dict[str, list[str]]:
    """{tuid: [check, ...]} from tmbrief's checks on a PO file (with the seed glossary)."""
    _, units = FORMATS["po"].read(path)
    found: dict[str, list[str]] = defaultdict(list)
    for f in run_checks(units, glossary=load_glossary(SEED_GLOSSARY)):
        found[f.unit].append(f.check)
    return found


def pofilter_findings(path: Path) -> dict[str, list[str]]:
    """{msgctxt: [pofilter test, ...]} from translate-toolkit's pofilter (standard tests)."""
    import polib

    pofilter = Path(sys.executable).parent / "pofilter"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.po"
        subprocess.run([str(pofilter), "--language=en", "--progress=none", "-i", str(path),
                        "-o", str(out)], check=True, capture_output=True)  # fmt: skip
        found: dict[str, list[str]] = defaultdict(list)
        if out.exists():
            for entry in polib.pofile(str(out)):
                for line in (entry.tcomment or "").splitlines():
                    m = re.match(r"\(pofilter\) (\w+):", line)
                    if m:
                        found[entry.msgctxt or entry.msgid[:20]].append(m.group(1))
    return found


def _summary(found: dict[str, list[str]]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for checks in found.values():
        for c in dict.fromkeys(checks):
            counts[c] += 1
    return ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "none"


def _new(found: dict[str, list[str]], before: dict[str, list[str]], tuid: str) -> list[str]:
    """Checks reported on ``tuid`` in the faulty file that were not on it in the clean one."""
    return [c for c in dict.fromkeys(found.get(tuid, [])) if c not in before.get(tuid, [])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make-fixture", action="store_true", help="rebuild tests/data PO")
    parser.add_argument("--po", type=Path, help="the clean PO (default: the export, else fixture)")
    args = parser.parse_args()
    if args.make_fixture:
        write_po(seed_units(), FIXTURE_PO)
        print(f"wrote {FIXTURE_PO.relative_to(ROOT)}")
        return 0
    clean = args.po or seed_po()
    _, units = FORMATS["po"].read(clean)
    faulty_units, planted = inject(units)
    with tempfile.TemporaryDirectory() as tmp:
        faulty = Path(tmp) / "faulty.po"
        write_po(faulty_units, faulty)
        ours_clean, theirs_clean = tmbrief_findings(clean), pofilter_findings(clean)
        ours, theirs = tmbrief_findings(faulty), pofilter_findings(faulty)
    shown = clean.resolve().relative_to(ROOT) if clean.resolve().is_relative_to(ROOT) else clean
    print(f"Clean file: {shown} ({len(units)} units)\n")
    print("Reported on the faulty unit and not on the same unit of the clean file:\n")
    print("| Fault | Unit | tmbrief (expected check) | tmbrief | pofilter |")
    print("| --- | --- | --- | --- | --- |")
    caught = theirs_caught = 0
    for tuid, (fault, check) in planted.items():
        mine, other = _new(ours, ours_clean, tuid), _new(theirs, theirs_clean, tuid)
        ok = check in mine
        caught += ok
        theirs_caught += bool(other)
        mark = f"caught ({check})" if ok else f"MISSED ({check})"
        print(f"| {fault} | {tuid.rsplit(':', 1)[-1]} | {mark} | {', '.join(mine) or '—'} | "
              f"{', '.join(other) or '—'} |")  # fmt: skip
    print(f"\ntmbrief: {caught}/{len(planted)} faults caught by the expected check; "
          f"pofilter: {theirs_caught}/{len(planted)} faulty units with a new finding.")  # fmt: skip
    others = {t: c for t, c in ours.items() if t not in planted and c != ours_clean.get(t)}
    print(f"tmbrief, new findings on units without a fault: {_summary(others)}")
    print(f"Clean file — tmbrief: {len(ours_clean)} units reported ({_summary(ours_clean)}); "
          f"pofilter: {len(theirs_clean)} units reported ({_summary(theirs_clean)})")  # fmt: skip
    return 0 if caught == len(planted) else 1


if __name__ == "__main__":
    sys.exit(main())

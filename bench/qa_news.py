"""False alarms of the QA checks on real human translations, beside pofilter's.

Usage (from the repository root):
  .venv/bin/python bench/qa_news.py [--list CHECK] [--profile news]

The data: ../shared/bench/news/wmt22-zh-en-news-dev.jsonl, real Chinese news with
two independent professional English translations (A and B) per sentence. Each
document and translator becomes one TM of sentence units; tmbrief checks it with
the seed glossary (what ``tmbrief qa`` reads by default) and translate-toolkit's
``pofilter`` checks the same units as a PO file. A finding is a false alarm unless
the translation really is wrong (:data:`REAL_FAULTS` lists those shown to be).

Printed: findings per 100 units, per check, for both tools; the share of units with
a number whose number check fires; and with ``--list CHECK`` every finding of one
check (to read them).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from common import SEED_GLOSSARY, machine, utc_now

from tests.news_pairs import NEWS, REAL_FAULTS, news_documents
from tmbrief.core.glossary import load_glossary
from tmbrief.qa.report import run_checks
from tmbrief.qa.settings import QASettings


def tmbrief_findings(docs, settings: QASettings, glossary):
    findings = []
    for _, _, units in docs:
        findings += run_checks(units, glossary=glossary, settings=settings)
    return findings


def pofilter_findings(docs):
    """{unit id: [pofilter test, ...]} for the same units written as one PO file."""
    import subprocess
    import tempfile
    from pathlib import Path

    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for _, _, units in docs:
        for u in units:
            po.append(polib.POEntry(msgctxt=u.tuid, msgid=u.source, msgstr=u.target))
    pofilter = Path(sys.executable).parent / "pofilter"
    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.po", Path(tmp) / "out.po"
        po.save(str(src))
        subprocess.run([str(pofilter), "--language=en", "--progress=none", "-i", str(src),
                        "-o", str(out)], check=True, capture_output=True)  # fmt: skip
        if out.exists():
            for entry in polib.pofile(str(out)):
                tests = [
                    line.split(":", 1)[0].removeprefix("(pofilter) ")
                    for line in (entry.tcomment or "").splitlines()
                    if line.startswith("(pofilter)")
                ]
                found[entry.msgctxt] = tests
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="news")
    parser.add_argument("--list", metavar="CHECK", help="print every finding of this check")
    parser.add_argument("--no-pofilter", action="store_true")
    args = parser.parse_args()
    docs = news_documents()
    n_units = sum(len(u) for *_, u in docs)
    glossary = load_glossary(SEED_GLOSSARY)
    settings = QASettings(profile=args.profile)
    findings = tmbrief_findings(docs, settings, glossary)
    real = {(tuid, check) for tuid, check, _ in REAL_FAULTS}
    false = [f for f in findings if (f.unit, f.check) not in real]
    print(f"{utc_now()}; {machine()}")
    print(f"{NEWS.name}: {len(docs)} TMs (document x translator), {n_units} sentence units")
    print(f"tmbrief settings: {settings.signature()}; glossary {SEED_GLOSSARY.name}\n")
    by_check = Counter(f.check for f in false)
    units_with = len({f.unit for f in false})
    print(f"tmbrief: {len(false)} false alarms = {100 * len(false) / n_units:.2f} per 100 units "
          f"({units_with} units); real faults found: {len(findings) - len(false)}")  # fmt: skip
    for check, n in by_check.most_common():
        print(f"  {check}: {n} ({100 * n / n_units:.2f} per 100)")
    with_number = [
        u for *_, units in docs for u in units if any(ch.isdigit() for ch in u.source + u.target)
    ]
    number_units = {f.unit for f in false if f.check == "numbers"}
    print(f"numbers: {len(number_units)}/{len(with_number)} units with digits flagged "
          f"({100 * len(number_units) / max(1, len(with_number)):.2f} %)")  # fmt: skip
    if not args.no_pofilter:
        theirs = pofilter_findings(docs)
        tests = Counter(t for ts in theirs.values() for t in ts)
        total = sum(tests.values())
        print(f"\npofilter: {total} findings = {100 * total / n_units:.2f} per 100 units "
              f"({len(theirs)} units)")  # fmt: skip
        for test, n in tests.most_common():
            print(f"  {test}: {n}")
        numbers = sum(1 for ts in theirs.values() if "numbers" in ts)
        print(f"pofilter numbers: {numbers}/{len(with_number)} units with digits flagged "
              f"({100 * numbers / max(1, len(with_number)):.2f} %)")  # fmt: skip
    if args.list:
        for f in findings:
            if f.check == args.list:
                print(f"\n{f.unit}: {f.message}\n  zh: {f.source}\n  en: {f.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
import json
import sys
from collections import Counter

from common import SEED_GLOSSARY, SHARED, machine, utc_now

from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Unit
from tmbrief.qa.report import run_checks
from tmbrief.qa.settings import QASettings

NEWS = SHARED / "news" / "wmt22-zh-en-news-dev.jsonl"
TRANSLATORS = (("A", "en"), ("B", "en_B"))


def news_documents(path=NEWS):
    """[(doc id, translator, units)] of the news file: one TM per document and translator."""
    docs = []
    with open(path, encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    for row in rows:
        for name, key in TRANSLATORS:
            if not row.get(key):
                continue
            units = tuple(
                Unit(
                    tuid=f"{row['id']}:{name}:{i}",
                    doc_id=row["id"],
                    paragraph=i,
                    src_ids=(i,),
                    tgt_ids=(i,),
                    source=zh,
                    target=en,
                    bead_type="1-1",
                    confidence=1.0,
                    status="translated",
                )
                for i, (zh, en) in enumerate(zip(row["zh"], row[key], strict=True))
            )
            docs.append((row["id"], name, units))
    return docs


# Findings on the dev pairs that are real faults of the human translation, shown by
# reading the pair: (unit id, check, why). Everything else a check reports is a
# false alarm.
_X = "xinhua-zh-01."
REAL_FAULTS = (
    ("hunan_ribao-zh.7750:B:1", "numbers", "百年 rendered “100 hundred years”"),
    (_X + "104135:B:1", "numbers", "用３年时间 (over 3 years) left out"),
    (_X + "104125:B:1", "numbers", "target is the title's translation again (unit B:0): "
     "the sentence is not translated"),
    (_X + "104125:B:1", "consistency", "the same: B:1 repeats B:0's translation"),
    (_X + "104125:B:0", "consistency", "its twin B:1 repeats this translation"),
    (_X + "104125:B:1", "length-ratio", "the same: the sentence is not translated"),
    (_X + "104125:B:1", "punctuation", "the same: the sentence is not translated"),
    (_X + "103949:A:2", "numbers", "12月8日至10日 rendered “December 8 to 12”"),
    (_X + "103949:B:2", "numbers", "12月8日至10日 rendered “December 8-12”"),
    (_X + "103949:B:3", "numbers", "二十大 rendered “the 2ith National Congress”"),
    (_X + "103949:A:3", "numbers", "二十大 (the 20th) rendered “the 21st National Congress”"),
    (_X + "104117:B:4", "numbers", "target repeats unit B:3's translation: the sentence "
     "is not translated"),
    (_X + "104117:B:4", "consistency", "the same"),
    (_X + "104117:B:3", "consistency", "its twin B:4 repeats this translation"),
    (_X + "103896:B:1", "numbers", "10.85万吨 (108,500 t) rendered “108.5 million”"),
    ("parallel:A:116", "numbers", "33.3％ (30/90) rendered “33.4%”"),
    ("parallel:A:177", "numbers", "33.1% (40/121) rendered “33.0%”"),
    ("parallel:A:89", "numbers", "the 12 and 3 cases of sentence 90 are translated in "
     "sentence 89: the pair does not correspond (alignment)"),
    ("parallel:A:89", "length-ratio", "the same"),
    ("parallel:A:90", "numbers", "the same, seen from sentence 90"),
    ("parallel:A:90", "length-ratio", "the same"),
    ("parallel:A:96", "numbers", "15例患者均获随访 (all 15 patients were followed up) left out"),
    (_X + "103868:B:4", "punctuation", "the target has no full stop"),
    (_X + "104104:A:4", "punctuation", "the target has no full stop"),
    (_X + "104104:B:4", "punctuation", "the target has no full stop"),
    (_X + "104255:A:14", "punctuation", "the target ends with a comma"),
    (_X + "103922:A:5", "punctuation", "the target ends with an ideographic full stop 。"),
    ("chinese.dw.com.4112:B:9", "brackets", "closing quote typed as an opening “"),
    ("chinese.dw.com.4112:B:10", "brackets", "closing quote typed as an opening “"),
    (_X + "104125:A:2", "brackets", "“heated topic“: closing quote typed as an opening one"),
    (_X + "104125:A:7", "brackets", "“strange phenomenon: quotation never closed"),
    (_X + "103859:B:7", "brackets", "“the 10th best athletes: quotation never closed"),
    ("hunan_ribao-zh.7750:B:0", "whitespace", "double space in “19th  Central”"),
    ("chinese.dw.com.4112:B:11", "whitespace", "double space in “that  with”"),
    (_X + "103949:B:14", "whitespace", "double space"),
)  # fmt: skip


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

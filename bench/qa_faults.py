"""Fault injection: plant 15 kinds of translation fault and see who catches them.

Usage (from the repository root):
  .venv/bin/python bench/qa_faults.py [--on seed|news|both]  # tables for bench/RESULTS.md
  .venv/bin/python bench/qa_faults.py --make-fixture         # rebuild tests/data/fuling-seed.po

The faults are tests/planted.py's (tmbrief's ten kinds and pofilter's URL, e-mail,
tag, placeholder and bracket), planted in the seed PO and in the dev news pairs
(../shared/bench/news, one TM per document and translator).

The clean file is exports/fuling-materials-20231220.po when the pipeline has made
it, else tests/data/fuling-seed.po (the seed's real sentences, aligned by
paragraph: see :func:`seed_units`). Each fault goes into a different unit; a fault
is caught when tmbrief reports that unit with the expected check. translate-toolkit's
``pofilter`` runs on the same clean and faulty files for comparison.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from common import FIXTURE_PO, ROOT, SEED_GLOSSARY, SEED_ID, machine, seed_po, utc_now

from tests.planted import evaluate, plant
from tmbrief.core.glossary import compare_terms, load_glossary
from tmbrief.core.model import TMHeader, Unit
from tmbrief.formats import FORMATS
from tmbrief.qa.report import run_checks
from tmbrief.qa.settings import QASettings


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


# --- the faults: tests/planted.py (15 kinds, shared with the quality-floor tests) ---


# --- running the tools -------------------------------------------------------------


def pofilter_findings(units, path: Path) -> dict[str, set[str]]:
    """{tuid: {pofilter test, ...}} from translate-toolkit's pofilter (standard tests).

    The units are written to ``path`` as a PO file with their tuids as msgctxt.
    """
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for u in units:
        po.append(polib.POEntry(msgctxt=u.tuid, msgid=u.source, msgstr=u.target))
    po.save(str(path))
    pofilter = Path(sys.executable).parent / "pofilter"
    out = path.with_suffix(".out.po")
    subprocess.run([str(pofilter), "--language=en", "--progress=none", "-i", str(path),
                    "-o", str(out)], check=True, capture_output=True)  # fmt: skip
    found: dict[str, set[str]] = defaultdict(set)
    if out.exists():
        for entry in polib.pofile(str(out)):
            for line in (entry.tcomment or "").splitlines():
                m = re.match(r"\(pofilter\) (\w+):", line)
                if m:
                    found[entry.msgctxt].add(m.group(1))
    return found


def corpora(which: str):
    """[(name, TMs)]: the seed PO (one TM) and/or the dev news pairs (one TM per document)."""
    out = []
    if which in ("seed", "both"):
        _, units = FORMATS["po"].read(seed_po())
        out.append(("seed PO", [units]))
    if which in ("news", "both"):
        from qa_news import news_documents

        out.append(("dev news pairs", [units for *_, units in news_documents()]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make-fixture", action="store_true", help="rebuild tests/data PO")
    parser.add_argument("--on", choices=("seed", "news", "both"), default="both")
    args = parser.parse_args()
    if args.make_fixture:
        write_po(seed_units(), FIXTURE_PO)
        print(f"wrote {FIXTURE_PO.relative_to(ROOT)}")
        return 0
    glossary = load_glossary(SEED_GLOSSARY)
    settings = QASettings()  # the default profile

    def run(units):
        return run_checks(units, glossary=glossary, settings=settings)

    print(f"{utc_now()}; {machine()}; tmbrief {settings.signature()}, glossary "
          f"{SEED_GLOSSARY.name}; pofilter standard tests\n")  # fmt: skip
    ok = True
    for name, tms in corpora(args.on):
        faulty, planted, partners = plant(tms, glossary)
        caught, elsewhere = evaluate(tms, faulty, planted, partners, run)
        with tempfile.TemporaryDirectory() as tmp:
            theirs_clean = pofilter_findings([u for tm in tms for u in tm], Path(tmp) / "c.po")
            theirs = pofilter_findings([u for tm in faulty for u in tm], Path(tmp) / "f.po")
        print(f"### Planted in the {name} ({sum(map(len, tms))} units)\n")
        print("| Fault | Unit | tmbrief (expected check) | pofilter (new tests on the unit) |")
        print("| --- | --- | --- | --- |")
        theirs_caught = 0
        for tuid, (fault, check) in planted.items():
            new = sorted(theirs.get(tuid, set()) - theirs_clean.get(tuid, set()))
            theirs_caught += bool(new)
            mark = f"caught ({check})" if caught[tuid] else f"MISSED ({check})"
            print(f"| {fault} | {tuid} | {mark} | {', '.join(new) or '—'} |")
        others = {t for t in set(theirs) | set(theirs_clean) if t not in planted and t not in
                  partners and theirs.get(t, set()) != theirs_clean.get(t, set())}  # fmt: skip
        print(f"\ntmbrief: {sum(caught.values())}/{len(planted)} caught by the expected check, "
              f"{len(elsewhere)} new findings on other units; pofilter: {theirs_caught}/"
              f"{len(planted)} faulty units with a new finding, {len(others)} other units "
              "changed.\n")  # fmt: skip
        ok = ok and all(caught.values()) and not elsewhere
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

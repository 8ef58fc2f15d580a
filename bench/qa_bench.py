"""Speed of the QA checks: 100,000 units checked (target: under 30 s).

Usage (from the repository root):
  .venv/bin/python bench/qa_bench.py [--units 100000]

The units are the seed's real sentences (the clean PO, as in bench/qa_faults.py)
repeated with their own tuids and a copy number on both sides, so no two copies
share a text; every 97th unit gets one planted fault, so the finding paths run too.
Timed: run_checks with the seed glossary (all checks), then rendering the report as
json and md, each check alone, and writing/reading a PO file of --io-units units.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import ROOT, SEED_GLOSSARY, seed_po

from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import TMHeader
from tmbrief.formats import FORMATS
from tmbrief.qa.checks import checks_for
from tmbrief.qa.report import render_report, report_settings, run_checks
from tmbrief.qa.settings import QASettings

# (how a copy is spoiled) — one per 97 copies, cycling through these.
SPOILERS = (
    lambda t: "",
    lambda t: t.replace("billion", "million", 1),
    lambda t: t.replace(" the ", " the the ", 1),
    lambda t: t.replace(", ", "，", 1),
    lambda t: " ".join(t.split()[: len(t.split()) // 3]),  # truncated
)


def make_units(base, n: int):
    """``n`` units: copy r of the base units is marked (r) on both sides, so texts differ
    between copies (no cache or consistency group spans them) but repeats within the
    seed, such as the standfirst, stay repeats."""
    units = []
    for k in range(n):
        r, i = divmod(k, len(base))
        u = base[i]
        source, target = f"（{r}）{u.source}", f"({r}) {u.target}" if u.target else ""
        if k % 97 == 0:
            target = SPOILERS[(k // 97) % len(SPOILERS)](target)
        status = u.status if target else "untranslated"
        units.append(
            dataclasses.replace(u, tuid=f"bench:{k}", source=source, target=target, status=status)
        )
    return tuple(units)


def timed(label: str, fn):
    """Run ``fn``; print wall-clock and CPU time (CPU time is what other load cannot inflate)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    print(f"| {label} | {time.perf_counter() - start:.2f} s | {time.process_time() - cpu:.2f} s |")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--io-units", type=int, default=10_000, help="units for PO write/read")
    args = parser.parse_args()
    clean = seed_po()
    _, base = FORMATS["po"].read(clean)
    units = make_units(base, args.units)
    glossary = load_glossary(SEED_GLOSSARY)
    print(f"{len(units):,} units from {clean.relative_to(ROOT)}; glossary {len(glossary)} terms\n")
    print("| Step | Wall time | CPU time |\n| --- | --- | --- |")
    findings = timed(
        f"run_checks, default profile ({len(checks_for(QASettings()))} checks)",
        lambda: run_checks(units, glossary=glossary),
    )
    timed(
        "run_checks, strict profile (every check)",
        lambda: run_checks(units, glossary=glossary, settings=QASettings(profile="strict")),
    )
    settings = report_settings(glossary=glossary, glossary_path=SEED_GLOSSARY)
    for fmt in ("json", "md"):
        timed(f"render {fmt} report", lambda f=fmt: render_report(
            units, findings, f, title="bench", settings=settings))  # fmt: skip
    # Reading PO is polib with duplicate checking, quadratic in the entries: timed on
    # a slice (100,000 entries take minutes; that is the reader, not the checks).
    sample = units[: args.io_units]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.po"

        def write():
            buffer = io.StringIO()
            FORMATS["po"].write(sample, TMHeader("bench", date="2023-12-20"), buffer)
            path.write_text(buffer.getvalue(), encoding="utf-8")

        timed(f"write PO, {len(sample):,} units", write)
        timed(f"read PO, {len(sample):,} units", lambda: FORMATS["po"].read(path))
    for check in ("numbers", "glossary", "markup", "form", "consistency", "length-ratio"):
        timed(f"run_checks --only {check}",
              lambda c=check: run_checks(units, glossary=glossary, only=[c]))  # fmt: skip
    counts = Counter((f.check, f.severity) for f in findings)
    print("\nFindings: " + ", ".join(f"{c} {s} {n:,}" for (c, s), n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Export speed and memory: TMX and PO written streaming at growing sizes; translate-toolkit beside.

Run by hand (not part of the test suite):

    .venv/bin/python bench/export_bench.py                 # the full run (~1-2 min)
    .venv/bin/python bench/export_bench.py --sizes 10000   # a quick look

Every measurement runs in a fresh Python process, so its peak resident memory
(ru_maxrss) is that job's alone. Units are the test excerpt's real units
(tests/data/fuling-excerpt.*: sentence, block and paragraph units, Chinese and
English) repeated with new tuids, made lazily, so the writers' own memory is
what grows or not.

Jobs:
  generate   only make the units (the baseline every other job includes)
  tmx, po    tmbrief's streaming writers, units -> file
  tm-tmx     read a TM file streaming (tm.store.iter_units) and write TMX
  ttk-tmx    translate-toolkit: tmxfile().addtranslation(...) per unit, serialize()
  po2tmx     translate-toolkit's po2tmx on tmbrief's PO of the same units
The OmegaT share (README) comes from tests/test_omegat.py; --omegat TM PARAGRAPHS
prints it for a TM file and its Chinese paragraphs (one a line).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
SIDE_BY_SIDE = 100_000


def units(n: int):
    """``n`` realistic units, lazily: the excerpt's units again and again, fresh tuids."""
    from tests import tm_fixture as fx
    from tmbrief.core.model import Unit

    base = fx.all_units()
    for i, u in enumerate(itertools.islice(itertools.cycle(base), n)):
        yield Unit(  # the constructor: dataclasses.replace() would be the bottleneck
            f"bench:{i}",
            "bench",
            i // 5,
            u.src_ids,
            u.tgt_ids,
            u.source,
            u.target,
            u.bead_type,
            u.confidence,
            u.status,
            u.notes,
            u.src_start,
            u.src_end,
            u.segtype,
        )


def header():
    from tests import tm_fixture as fx

    return replace(fx.HEADER, doc_id="bench")


def job(name: str, n: int, workdir: Path) -> dict:
    """Run one job in this process; return seconds, units/s and peak RSS (MB)."""
    from tmbrief.formats import po, tmx
    from tmbrief.tm import store as tm_tsv

    out = workdir / f"{name}-{n}.out"
    list(units(1))  # build the excerpt's units before the clock starts
    prepared = None
    if name == "tm-tmx":  # untimed: the TM file to read
        prepared = workdir / f"tm-{n}.tsv"
        with open(prepared, "w", encoding="utf-8") as fh:
            tm_tsv.write(units(n), header(), fh)
    if name == "po2tmx":  # untimed: our PO of the units
        prepared = workdir / f"po-{n}.po"
        with open(prepared, "w", encoding="utf-8") as fh:
            po.write(units(n), header(), fh)
    start = time.perf_counter()
    if name == "generate":
        for _ in units(n):
            pass
    elif name in ("tmx", "po"):
        writer = tmx.write if name == "tmx" else po.write
        with open(out, "w", encoding="utf-8") as fh:
            writer(units(n), header(), fh)
    elif name == "tm-tmx":
        with open(out, "w", encoding="utf-8") as fh:
            tmx.write(tm_tsv.iter_units(prepared), tm_tsv.read_header(prepared), fh)
    elif name == "ttk-tmx":
        from translate.storage.tmx import tmxfile

        store = tmxfile(sourcelanguage="zh-CN")
        for u in units(n):
            store.addtranslation(u.source, "zh-CN", u.target, "en", context=u.tuid)
        with open(out, "wb") as fh:
            store.serialize(fh)
    elif name == "po2tmx":
        from translate.convert import po2tmx

        po2tmx.main(["-i", str(prepared), "-o", str(out), "-l", "en", "--source-language", "zh-CN"])
    else:
        raise SystemExit(f"unknown job {name}")
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    size = out.stat().st_size if out.exists() else 0
    return {
        "job": name,
        "units": n,
        "seconds": round(seconds, 2),
        "units_per_s": round(n / seconds),
        "peak_mb": round(peak_mb, 1),
        "file_mb": round(size / 1e6, 1),
    }


def run_job(name: str, n: int, workdir: Path) -> dict:
    """:func:`job` in a fresh interpreter (clean peak memory)."""
    out = subprocess.run(
        [sys.executable, __file__, "--job", name, "--n", str(n), "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()[:10]
    date = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    return "\n".join(
        [
            f"date: {date}",
            f"nproc: {os.cpu_count()}",
            f"python: {platform.python_version()}",
            *lscpu,
        ]
    )


def table(rows: list[dict]) -> str:
    lines = [
        "| job | units | seconds | units/s | peak RSS MB | file MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['job']} | {r['units']:,} | {r['seconds']} | {r['units_per_s']:,} | "
        f"{r['peak_mb']} | {r['file_mb']} |"
        for r in rows
    ]
    return "\n".join(lines)


def omegat_share(tm_path: str, paragraphs_path: str) -> None:
    """Print the share of OmegaT segments our TMX matches, segmentation off and on."""
    from collections import Counter

    from tests import omegat_client as omegat
    from tmbrief.formats import FORMATS, write_bytes
    from tmbrief.tm.memory import read_tm

    tm_header, tm_units = read_tm(tm_path)
    paragraphs = Path(paragraphs_path).read_text(encoding="utf-8").rstrip("\n").split("\n")
    data = write_bytes(FORMATS["tmx"], tm_units, tm_header)[0]
    for seg in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            run = omegat.run(Path(tmp), {"doc": (paragraphs, data)}, sentence_seg=seg)
        results = omegat.analyse(paragraphs, tm_units, run.segments)
        kinds = Counter(r.kind for r in results)
        ok = list(run.targets["doc"]) == omegat.expected_target(paragraphs, results)
        print(
            f"segmentation {'on' if seg else 'off'}: {len(results)} OmegaT segments, "
            f"{kinds['match']} matched ({kinds['match'] / len(results):.0%}), "
            f"{kinds['untranslated']} with an untranslated bead, "
            f"{kinds['inside-bead']} split inside a bead; target as expected: {ok}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--job")
    parser.add_argument("--n", type=int)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--omegat", nargs=2, metavar=("TM", "PARAGRAPHS"))
    args = parser.parse_args()
    if args.job:
        print(json.dumps(job(args.job, args.n, args.workdir)))
        return
    if args.omegat:
        omegat_share(*args.omegat)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for n in args.sizes:
            for name in ("generate", "tmx", "po", "tm-tmx"):
                rows.append(run_job(name, n, workdir))
                print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
                for f in workdir.iterdir():
                    f.unlink()
        side = min(SIDE_BY_SIDE, max(args.sizes))
        for name in ("tmx", "ttk-tmx", "po2tmx"):
            rows.append(run_job(name, side, workdir))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
            for f in workdir.iterdir():
                f.unlink()
    print(machine())
    print()
    print(table(rows))


if __name__ == "__main__":
    main()

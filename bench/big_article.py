"""A 10 MB article through the whole build: it must finish; time and peak memory go to RESULTS.

  .venv/bin/python bench/big_article.py [MEGABYTES] [--stages]

``--stages``: also the time and the peak resident memory of each stage of the
build (clean, segment, align, exports, QA, briefing...), sampled every 20 ms.

The article is the seed's cleaned paragraphs repeated (each copy numbered, so the
cleaner does not drop it as a duplicate), with the matching English paragraphs,
written as a raw scrape (title line, blank lines between paragraphs).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, SEED_ID

import tmbrief.pipeline
from tmbrief.pipeline import build

# The stages build_document calls, in its order (names in tmbrief.pipeline).
STAGES = (
    "clean_article",
    "segment_paragraphs",
    "align_document",
    "replay",
    "export_each",
    "tm_outputs",
    "qa_stage",
    "write_brief_outputs",
    "write_outputs",
)


def make_article(target_bytes: int) -> tuple[str, str]:
    segments = ROOT / "segments"
    zh = (segments / f"{SEED_ID}.zh.paragraphs.txt").read_text(encoding="utf-8").splitlines()
    en = (segments / f"{SEED_ID}.en.paragraphs.txt").read_text(encoding="utf-8").splitlines()
    zh_out, en_out, size, copy = [zh[0]], [en[0]], 0, 0
    while size < target_bytes:
        copy += 1
        for z, e in zip(zh[2:], en[2:], strict=True):
            zh_out.append(f"第{copy}部分：{z}")
            en_out.append(f"Part {copy}: {e}")
            size += len(zh_out[-1].encode("utf-8"))
    return "\n\n".join(zh_out) + "\n", "\n\n".join(en_out) + "\n"


def resident_mb() -> float:
    """This process's resident memory now, in MiB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class StageProfile:
    """Wraps the pipeline's stages: seconds in each, and the peak RSS while each runs."""

    def __init__(self) -> None:
        self.current = "before"
        self.seconds: dict[str, float] = {}
        self.peaks: dict[str, float] = {}
        self.done = threading.Event()

    def sample(self) -> None:
        while not self.done.wait(0.02):
            stage = self.current
            self.peaks[stage] = max(self.peaks.get(stage, 0.0), resident_mb())

    def wrap(self, name: str) -> None:
        stage = getattr(tmbrief.pipeline, name)

        def timed(*args, **kwargs):
            outer, self.current = self.current, name
            start = time.perf_counter()
            try:
                return stage(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
                self.current = outer

        setattr(tmbrief.pipeline, name, timed)

    def table(self) -> str:
        rows = ["| stage | time | peak RSS while it runs (MiB) |", "| --- | --- | --- |"]
        for name in STAGES:
            if name in self.seconds:
                peak = self.peaks.get(name, 0.0)
                rows.append(f"| {name} | {self.seconds[name]:.1f} s | {peak:.0f} MiB |")
        return "\n".join(rows)


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--stages"]
    megabytes = float(args[0]) if args else 10.0
    profile = StageProfile() if "--stages" in sys.argv else None
    if profile:
        for name in STAGES:
            profile.wrap(name)
        threading.Thread(target=profile.sample, daemon=True).start()
    zh, en = make_article(int(megabytes * 1_000_000))
    zh_mb, en_mb = len(zh.encode()) / 1e6, len(en.encode()) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        (seeds / "big.zh.txt").write_text(zh, encoding="utf-8")
        (seeds / "big.en.txt").write_text(en, encoding="utf-8")
        del zh, en  # the build reads the files; the benchmark's copy is not its memory
        start = time.perf_counter()
        result = build(seeds, Path(tmp))
        seconds = time.perf_counter() - start
        zh_tsv = Path(tmp) / "segments" / "big.zh.tsv"
        segments = zh_tsv.read_text(encoding="utf-8").count("\n") - 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profile:
        profile.done.set()
        print(profile.table())
    print(
        f"| {zh_mb:.1f} MB zh + {en_mb:.1f} MB en "
        f"| {segments} zh segments | {len(result.files)} files | {seconds:.1f} s "
        f"| {peak:.0f} MiB ({peak * 1.048576:.0f} MB) |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A 10 MB article through the whole build: it must finish; time and peak memory go to RESULTS.

  .venv/bin/python bench/big_article.py [MEGABYTES] [--stages]
  .venv/bin/python bench/big_article.py [MEGABYTES] --baseline REV

``--stages``: also the time and the peak resident memory of each stage of the
build (clean, segment, align, exports, QA, briefing...), sampled every 20 ms.

``--baseline REV``: the same article built by ``python -m tmbrief build`` in a child
process by the git revision REV (a temporary worktree) and then by this checkout, one
after the other in one run: wall time and peak RSS (``/usr/bin/time``) of each.

The article is the seed's cleaned paragraphs repeated (each copy numbered, so the
cleaner does not drop it as a duplicate), with the matching English paragraphs,
written as a raw scrape (title line, blank lines between paragraphs).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, SEED_ID, baseline_worktree, child_env, head_commit, machine, utc_now

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


def write_seeds(seeds: Path, megabytes: float) -> tuple[float, float]:
    """The article as a raw scrape pair in ``seeds``; (zh MB, en MB)."""
    zh, en = make_article(int(megabytes * 1_000_000))
    seeds.mkdir()
    (seeds / "big.zh.txt").write_text(zh, encoding="utf-8")
    (seeds / "big.en.txt").write_text(en, encoding="utf-8")
    return len(zh.encode()) / 1e6, len(en.encode()) / 1e6


def zh_segments(out: Path) -> int:
    with open(out / "segments" / "big.zh.tsv", encoding="utf-8") as table:
        return sum(1 for _ in table) - 1


def in_process(megabytes: float, profile: StageProfile | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        zh_mb, en_mb = write_seeds(Path(tmp) / "seeds", megabytes)
        start = time.perf_counter()
        result = build(Path(tmp) / "seeds", Path(tmp))
        seconds = time.perf_counter() - start
        segments = zh_segments(Path(tmp))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profile:
        profile.done.set()
        print(profile.table())
    print(
        f"| {zh_mb:.1f} MB zh + {en_mb:.1f} MB en "
        f"| {segments} zh segments | {len(result.files)} files | {seconds:.1f} s "
        f"| {peak:.0f} MiB ({peak * 1.048576:.0f} MB) |"
    )


def child_build(code: Path, seeds: Path, out: Path) -> tuple[float, float]:
    """(wall s, peak RSS MiB) of ``python -m tmbrief build`` by the code in ``code``."""
    shutil.copytree(seeds, out / "seeds")
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "tmbrief", "build"],
        cwd=out,
        env=child_env(code),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{code}: tmbrief build failed:\n{done.stderr[-2000:]}")
    wall, kib = done.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kib) / 1024


def beside(megabytes: float, revision: str) -> None:
    head = head_commit()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, baseline_worktree(revision) as base:
        zh_mb, en_mb = write_seeds(Path(tmp) / "seeds", megabytes)
        for name, code in ((f"baseline {revision}", base), (f"this checkout {head}", ROOT)):
            out = Path(tmp) / name.split()[-1]
            wall, peak = child_build(code, Path(tmp) / "seeds", out)
            rows.append(
                f"| {name} | {zh_segments(out)} | {wall:.0f} s "
                f"| {peak:.0f} MiB ({peak * 1.048576:.0f} MB) |"
            )
            shutil.rmtree(out)
    print(f"### A {megabytes:g} MB article, {revision} beside {head}, {utc_now()}\n")
    print(f"Machine: {machine()}. {zh_mb:.1f} MB zh + {en_mb:.1f} MB en, one after the other.\n")
    print("| version | zh segments | build wall | peak RSS |\n| --- | ---: | ---: | ---: |")
    print("\n".join(rows))


def main() -> int:
    args = sys.argv[1:]
    revision = None
    if "--baseline" in args:
        at = args.index("--baseline")
        revision = args[at + 1]
        del args[at : at + 2]
    stages = "--stages" in args
    args = [a for a in args if a != "--stages"]
    megabytes = float(args[0]) if args else 10.0
    if revision:
        beside(megabytes, revision)
        return 0
    profile = StageProfile() if stages else None
    if profile:
        for name in STAGES:
            profile.wrap(name)
        threading.Thread(target=profile.sample, daemon=True).start()
    in_process(megabytes, profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

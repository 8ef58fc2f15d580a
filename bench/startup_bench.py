"""Start-up and seed build time: this checkout beside a baseline revision, in one run.

For each version, in alternation (so both see the same machine load): ``tmbrief
--help``, and ``tmbrief build`` of the seed in a fresh temporary directory, each run
``--rounds`` times after one warm-up run (which fills the user cache). Reports the
median wall time, the median CPU time (user + system: robust to other load on the
machine) and the peak RSS of each.

The baseline is checked out with ``git worktree`` into a temporary directory and run
with the same interpreter (``PYTHONPATH`` points at it); each version builds its own
``seeds/`` (the seed's files changed between versions; the article is the same).

"Warm" includes Python's bytecode cache: the children run without
``PYTHONDONTWRITEBYTECODE`` (set in some shells and CI images), so the warm-up
writes each version's ``__pycache__`` as an installed package would have it;
otherwise every run would compile the ~150 tmbrief modules again (0.2-0.3 s).

Run by hand from the repository root:

    .venv/bin/python bench/startup_bench.py [--baseline ce0030e] [--rounds 5]

Prints a Markdown section for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, baseline_worktree, child_env, head_commit, machine, utc_now

# The last commit before the stage packages and the fast start (issue 19).
DEFAULT_BASELINE = "ce0030e"


def run_once(argv: list[str], code_dir: Path, cwd: Path) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS MB) of one ``python -m tmbrief`` run from ``code_dir``."""
    env = child_env(code_dir)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tmbrief", *argv], cwd=cwd, env=env, capture_output=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{code_dir}: tmbrief {' '.join(argv)} failed:\n{done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024  # ru_maxrss: the largest child so far, in KB


def peak_rss(argv: list[str], code_dir: Path, cwd: Path) -> int:
    """Peak RSS in MB of one run, measured alone with /usr/bin/time when it exists."""
    timer = shutil.which("time") or "/usr/bin/time"
    if not Path(timer).exists():
        return -1
    env = child_env(code_dir)
    done = subprocess.run(
        [timer, "-f", "%M", sys.executable, "-m", "tmbrief", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    return int(done.stderr.strip().splitlines()[-1]) // 1024


def measure(versions: dict[str, Path], rounds: int) -> dict[str, dict[str, list]]:
    results = {name: {"help": [], "build": [], "rss": 0} for name in versions}
    with tempfile.TemporaryDirectory(prefix="tmbrief-startup-") as tmp:
        for name, code in versions.items():  # warm-up: fills caches, compiles .pyc files
            work = Path(tmp) / f"warm-{name}"
            shutil.copytree(code / "seeds", work / "seeds")  # each version its own seed
            run_once(["build"], code, work)
            results[name]["rss"] = peak_rss(["build"], code, work)
        for r in range(rounds):
            for name, code in versions.items():
                results[name]["help"].append(run_once(["--help"], code, Path(tmp)))
                work = Path(tmp) / f"{name}-{r}"
                shutil.copytree(code / "seeds", work / "seeds")  # each version its own seed
                results[name]["build"].append(run_once(["build"], code, work))
    return results


def report(results, baseline: str, head: str, rounds: int) -> str:
    lines = [
        f"### Start-up and seed build (`bench/startup_bench.py`), {utc_now()}",
        "",
        f"Machine: {machine()}. Commit {head} beside the baseline {baseline}, alternating,",
        f"{rounds} rounds after one warm-up each; medians. CPU = user + system time.",
        "",
        "| version | `--help` wall | `--help` CPU | `build` wall | `build` CPU | build RSS |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        hw = statistics.median(w for w, _, _ in r["help"])
        hc = statistics.median(c for _, c, _ in r["help"])
        bw = statistics.median(w for w, _, _ in r["build"])
        bc = statistics.median(c for _, c, _ in r["build"])
        lines.append(
            f"| {name} | {hw * 1000:.0f} ms | {hc * 1000:.0f} ms | {bw:.2f} s | {bc:.2f} s "
            f"| {r['rss']} MB |"
        )
    names = list(results)
    if len(names) == 2:
        old = statistics.median(w for w, _, _ in results[names[0]]["build"])
        new = statistics.median(w for w, _, _ in results[names[1]]["build"])
        lines += ["", f"Build speed-up (wall): {old / new:.1f}x."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    head = head_commit()
    with baseline_worktree(args.baseline) as base_dir:
        versions = {f"baseline {args.baseline}": base_dir, f"this checkout {head}": ROOT}
        results = measure(versions, args.rounds)
    sys.stdout.write(report(results, args.baseline, head, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

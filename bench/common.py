"""What the hand-run benchmarks share: repository paths, the seed's files, the report header.

Every benchmark runs as ``.venv/bin/python bench/<name>.py`` from the repository
root, so this directory is on ``sys.path`` and ``from common import ...`` works.
Importing this module also puts the repository root on ``sys.path`` (its one side
effect), so the ``tmbrief`` and ``tests`` imports that follow find the checkout.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "bench"  # gold data and scorers, read-only
SEED_ID = "fuling-materials-20231220"
SEED_GLOSSARY = ROOT / "seeds" / "glossary.tsv"
EXPORT_PO = ROOT / "exports" / f"{SEED_ID}.po"  # made by `tmbrief build`
FIXTURE_PO = ROOT / "tests" / "data" / "fuling-seed.po"  # made by qa_faults.py --make-fixture


def seed_po() -> Path:
    """The clean seed PO the QA benchmarks start from: the build's export, else the fixture."""
    return EXPORT_PO if EXPORT_PO.exists() else FIXTURE_PO


def cpu_model() -> str:
    """The CPU's model name as lscpu gives it ("unknown CPU" without lscpu)."""
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    except OSError:
        return "unknown CPU"
    names = (ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Model name:"))
    return next(names, "unknown CPU")


def machine(pinned: bool = False) -> str:
    """One line for a RESULTS header: CPU, CPU count, Python, system.

    e.g. ``AMD EPYC, nproc 2; Python 3.11.7, Linux 6.1.0``; ``pinned`` adds
    ", pinned to 1 CPU" for a benchmark that runs on one core.
    """
    cpus = f"nproc {os.cpu_count()}" + (", pinned to 1 CPU" if pinned else "")
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu_model()}, {cpus}; Python {platform.python_version()}, {system}"


def utc_now() -> str:
    """The date and time a benchmark ran, in UTC, e.g. ``2023-12-20 09:30 UTC``."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def load_scorer(path: Path):
    """Import a shared scorer script (``align_eval.py``, ``seg_eval.py``) as a module."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child_env(code_dir: Path) -> dict[str, str]:
    """The environment of a measured ``python -m tmbrief`` run of the code in ``code_dir``:
    it first on the path, bytecode cached (some shells set PYTHONDONTWRITEBYTECODE, and
    every run would compile the ~150 modules again)."""
    env = dict(os.environ, PYTHONPATH=str(code_dir))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def head_commit() -> str:
    """The short hash of this checkout's HEAD."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
    return done.stdout.decode().strip()


@contextlib.contextmanager
def baseline_worktree(revision: str) -> Iterator[Path]:
    """A temporary ``git worktree`` of ``revision`` (removed afterwards), to run beside HEAD.

    Run it with this interpreter and ``PYTHONPATH`` pointing at it: the venv's packages
    serve both versions.
    """
    with tempfile.TemporaryDirectory(prefix="tmbrief-baseline-") as tmp:
        path = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(path), revision],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT)

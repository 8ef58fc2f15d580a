"""Helpers for the review app's tests: a project to review, a server, a browser."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED_ID

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
URL_LINE = re.compile(r"review at (http://127\.0\.0\.1:(\d+)/\?token=(\S+))")


def copy_built(dest: Path) -> Path:
    """The repository's seeds and committed build outputs, copied to ``dest``."""
    for name in ("seeds", "segments", "tm", "exports"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def joined_translation(text: str, first: int) -> str:
    """The translation with paragraph ``first`` and the next one joined (one blank line less).

    A translator's file whose paragraphs do not match the Chinese: the aligner
    is then unsure of a bead, which needs review.
    """
    paragraphs = text.strip().split("\n\n")
    paragraphs[first : first + 2] = [" ".join(paragraphs[first : first + 2])]
    return "\n\n".join(paragraphs) + "\n"


def make_project(dest: Path) -> Path:
    """A project whose translation joins two paragraphs, built with ``tmbrief build``."""
    seeds = dest / "seeds"
    seeds.mkdir(parents=True)
    for name in (f"{SEED_ID}.zh.txt", f"{SEED_ID}.notes.tsv", "glossary.tsv"):
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    en = (ROOT / "seeds" / f"{SEED_ID}.en.txt").read_text(encoding="utf-8")
    (seeds / f"{SEED_ID}.en.txt").write_text(joined_translation(en, 5), encoding="utf-8")
    build(dest)
    return dest


def build(root: Path) -> None:
    """``tmbrief build`` of the project at ``root`` (in this process: its caches are warm)."""
    from tmbrief.cli import main

    assert main(["build", "--seeds", str(root / "seeds"), "--out", str(root)]) == 0


class Server:
    """``tmbrief review --port 0`` in a subprocess; :meth:`stop` sends Ctrl-C (SIGINT)."""

    def __init__(self, root: Path, *extra: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tmbrief", "review", "--port", "0", "--root", str(root), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        line = self.proc.stdout.readline()
        m = URL_LINE.search(line)
        if not m:
            self.proc.kill()
            raise AssertionError(f"no URL printed: {line!r} {self.proc.stderr.read()}")
        self.url, self.port, self.token = m.group(1), int(m.group(2)), m.group(3)
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, then wait for the process: (exit code, rest of stdout, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError("the server did not stop on Ctrl-C") from None
        return self.proc.returncode, out, err

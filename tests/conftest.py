"""Shared test helpers: paths to the repository and its seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "fuling-materials-20231220"
SEED_ZH = SEEDS / f"{SEED_ID}.zh.txt"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SEED_GLOSSARY = SEEDS / "glossary.tsv"
SMALL_GLOSSARY = DATA / "glossary-small.tsv"  # 9 terms, hand-made


def run_cached(code: str, cache: Path, times: int = 2) -> list[subprocess.CompletedProcess]:
    """``code`` run ``times`` in fresh interpreters whose user cache is ``cache`` (the first
    run builds what it caches, the next ones read it)."""
    env = dict(os.environ, TMBRIEF_CACHE_DIR=str(cache))
    return [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        for _ in range(times)
    ]


@pytest.fixture(scope="session")
def seed_text() -> str:
    from tmbrief.core.textio import read_text

    return read_text(SEED_ZH)


@pytest.fixture(scope="session")
def seed_doc(seed_text):
    from tmbrief.clean.cleaner import clean

    return clean(seed_text, SEED_ID)


@pytest.fixture(autouse=True)
def _private_index(tmp_path_factory, monkeypatch):
    """Lookups in tests index into a temporary cache, never the user's (~/.cache)."""
    monkeypatch.setenv("TMBRIEF_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("TMBRIEF_INDEX", raising=False)


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a throwaway PostgreSQL server for this test session (tests/pg_server.py);
    skips, saying why, only where no server can be started here."""
    from tests.pg_server import NoServer, throwaway_server

    server = throwaway_server()
    try:
        url = server.__enter__()
    except NoServer as exc:
        pytest.skip(f"no PostgreSQL server can be started: {exc}")
    yield url
    server.__exit__(None, None, None)


@pytest.fixture
def postgres_db(postgres_server):
    """URL of a new, empty database on the session's server."""
    from tests.pg_server import create_database

    return create_database(postgres_server)

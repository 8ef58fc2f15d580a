"""A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp dir, 127.0.0.1.

``throwaway_server()`` is a context manager yielding the URL of a fresh database
cluster (UTF-8, C.UTF-8 locale so pg_trgm reads Han characters, trust auth on
127.0.0.1 only, a free port), stopped and deleted on exit. The binaries are
Debian's (``/usr/lib/postgresql/*/bin``) or on PATH. PostgreSQL refuses to run
as root: as root the server runs as the ``postgres`` user (runuser).
``NoServer`` says why none could be started (the tests skip with that reason).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


class NoServer(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def pg_bin() -> Path:
    """The directory of initdb and pg_ctl: the newest Debian install, else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise NoServer("no PostgreSQL server binaries (initdb) installed")


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    if shutil.which("runuser") is None:
        raise NoServer("running as root and runuser is missing (PostgreSQL refuses root)")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        raise NoServer("running as root and there is no postgres user to run the server") from None
    return ["runuser", "-u", "postgres", "--", *argv]


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    """The URL ``postgresql://postgres@127.0.0.1:PORT/postgres`` of a fresh server."""
    bin_dir = pg_bin()
    tmp = Path(tempfile.mkdtemp(prefix="tmbrief-pg-"))
    data = tmp / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    run = lambda argv: subprocess.run(  # noqa: E731
        _as_server_user(argv), capture_output=True, text=True, cwd=tmp
    )
    try:
        init = run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])  # fmt: skip
        if init.returncode:
            raise NoServer(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
        options = f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=off -c full_page_writes=off"
        start = run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                     "-l", str(tmp / "server.log"), "-w", "-t", "120", "start"])  # fmt: skip
        if start.returncode:
            raise NoServer(f"pg_ctl start failed: {start.stderr.strip() or start.stdout.strip()}")
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_databases = iter(range(1, 1_000_000))


def create_database(server_url: str) -> str:
    """A new empty database on the server at ``server_url``; its URL."""
    import psycopg

    name = f"tmbrief_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(server_url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name

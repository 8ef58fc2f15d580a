"""The corpus index: every TM in tm/ (and the files added to it), kept in step with them.

The index is derived data. Its truth is the TM files (``tm/*.tsv``, streamed
column by column with tmbrief.tm.store.iter_columns, which validates as
tmbrief.tm.memory.read_tm does)
and the files added with ``tmbrief index add`` (listed in
``<index>.added.json`` beside it, so a rebuild finds them again).
Before every use it is synchronised: a source whose mtime and size are
unchanged is trusted; otherwise its SHA-256 decides, and a changed source is
re-indexed, a vanished one dropped. The index is never trusted blindly: one
that cannot be opened, has another schema or disagrees with itself is deleted
and rebuilt; one locked by another process is rebuilt in memory for this run.

Where: ``TMBRIEF_INDEX`` or the ``index`` argument (``--index``), else the
user cache (tmbrief.core.cache: ``~/.cache/tmbrief/v1/`` on Linux, or
``$TMBRIEF_CACHE_DIR/v1``), one file per TM directory. It is never committed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from tmbrief.core.cache import cache_dir
from tmbrief.core.errors import InputError
from tmbrief.core.textio import atomic_write
from tmbrief.lookup.backend import IndexBackend, IndexCorrupt, SourceState
from tmbrief.lookup.imports import read_for_index
from tmbrief.lookup.units import index_units, stream_batches
from tmbrief.tm.store import iter_columns

log = logging.getLogger(__name__)

ENV_INDEX = "TMBRIEF_INDEX"
READ_ATTEMPTS = 3  # a TM file that keeps changing while it is read is an error after these
BATCH = 65_536  # TM units read, and handed to the store, at once


def default_index_path(tm_dir) -> Path:
    """``$TMBRIEF_INDEX``, else ``<tmbrief's cache dir>/index-<digest of tm_dir>.sqlite``."""
    if os.environ.get(ENV_INDEX):
        return Path(os.environ[ENV_INDEX])
    digest = hashlib.blake2b(str(Path(tm_dir).resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"index-{digest}.sqlite"


def file_state(path, kind: str) -> SourceState:
    """The :class:`SourceState` of a file now (stat and SHA-256 of its bytes)."""
    st = os.stat(path)
    with open(path, "rb") as fh:
        sha = hashlib.file_digest(fh, "sha256").hexdigest()
    return SourceState(str(path), st.st_mtime_ns, st.st_size, sha, kind=kind)


def file_stat(path) -> tuple[int, int]:
    """(mtime in ns, size) of a file: what tells a file unchanged without reading it."""
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


def _unchanged(path, known: SourceState) -> bool:
    return file_stat(path) == (known.mtime_ns, known.size)


def read_stable(path, reader: Callable, kind: str):
    """(state, what ``reader(path)`` returned), read again while the file changes under it.

    The state is taken before and after reading; a file that changed in between
    is read again, up to READ_ATTEMPTS times, then InputError.
    """
    for _ in range(READ_ATTEMPTS):
        before = file_state(path, kind)
        result = reader(path)
        after = file_state(path, kind)
        if before == after:
            return before, result
        log.info("%s changed while it was read; reading it again", path)
    raise InputError(path, f"changed while being read ({READ_ATTEMPTS} attempts); try again")


def _sqlite(path):
    from tmbrief.lookup.sqlite import SQLiteBackend

    return SQLiteBackend(path)


class CorpusIndex:
    """The index over a TM directory: open it, keep it in sync, hand out its backend.

    ``backend_factory(path)`` makes the store (SQLite by default); ``index`` is
    its path (default: :func:`default_index_path`).
    """

    def __init__(self, tm_dir="tm", index=None, backend_factory=_sqlite):
        self.tm_dir = Path(tm_dir)
        self.path = Path(index) if index else default_index_path(self.tm_dir)
        self.factory = backend_factory
        self.warnings: list[str] = []
        self._backend: IndexBackend | None = None

    # -- opening, and never trusting blindly -------------------------------------------------

    @property
    def added_list(self) -> Path:
        return self.path.with_name(self.path.name + ".added.json")

    def added_files(self) -> list[str]:
        """Files added with ``tmbrief index add``, as recorded beside the index."""
        try:
            names = json.loads(self.added_list.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            self.warnings.append(f"{self.added_list}: unreadable ({exc}); added files forgotten")
            return []
        return [n for n in names if isinstance(n, str)]

    def _open(self) -> IndexBackend:
        if self._backend is not None:
            return self._backend
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            backend = self.factory(self.path)
            self._check(backend)
        except IndexCorrupt as exc:
            backend = self._rebuilt(str(exc))
        self._backend = backend
        return backend

    @staticmethod
    def _check(backend: IndexBackend) -> None:
        """IndexCorrupt unless the store can answer and agrees with itself."""
        backend.sources()
        backend.unit_count()

    def _rebuilt(self, why: str) -> IndexBackend:
        if "locked" in why:
            self.warnings.append(f"{self.path}: locked by another process; indexing in memory")
            return self.factory(":memory:")
        if why != "rebuild asked for":
            self.warnings.append(f"{self.path}: unusable index ({why}); rebuilt")
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")
        try:
            return self.factory(self.path)
        except IndexCorrupt as exc:  # cannot write there at all: keep going in memory
            self.warnings.append(f"{self.path}: {exc}; indexing in memory")
            return self.factory(":memory:")

    def _reset(self, why: str) -> None:
        if self._backend is not None:
            with contextlib.suppress(Exception):
                self._backend.close()
        self._backend = None
        self._backend = self._rebuilt(why)

    # -- sync -----------------------------------------------------------------------------

    def tm_files(self) -> list[Path]:
        """The TM files of the directory: ``*.tsv``, sorted, under its resolved path (a
        file's name in the index, the same from any working directory or spelling)."""
        if not self.tm_dir.is_dir():
            raise InputError(self.tm_dir, "TM directory does not exist")
        return sorted(p for p in self.tm_dir.resolve().glob("*.tsv") if p.is_file())

    def sync(self) -> IndexBackend:
        """The backend, after bringing every source up to date (see the module docstring)."""
        for attempt in range(2):
            backend = self._open()
            try:
                self._sync(backend)
                return backend
            except IndexCorrupt as exc:
                if attempt:
                    raise InputError(self.path, f"index unusable even when rebuilt: {exc}") from exc
                self._reset(str(exc))
        raise AssertionError("unreachable")

    def _sync(self, backend: IndexBackend) -> None:
        known = backend.sources()
        wanted: dict[str, tuple[Path, str]] = {str(p): (p, "tm") for p in self.tm_files()}
        for name in self.added_files():
            wanted.setdefault(name, (Path(name), "added"))
        for name in known:
            if name not in wanted or not wanted[name][0].exists():
                if name in wanted:
                    self.warnings.append(f"{name}: added file is gone; dropped from the index")
                backend.remove_source(name)
        for name, (path, kind) in wanted.items():
            if not path.exists():
                continue
            old = known.get(name)
            if old is not None and _unchanged(path, old):
                continue
            if old is not None and file_state(path, kind).sha256 == old.sha256:
                continue  # touched, not changed
            self._index_file(backend, path, kind)

    def _index_file(self, backend: IndexBackend, path: Path, kind: str) -> int:
        if kind == "added":
            state, imported = read_stable(path, read_for_index, kind)
            return backend.add_units(state, index_units(imported.units, str(path)))
        # A TM file is streamed into the store; if it changed meanwhile, index it again.
        for _ in range(READ_ATTEMPTS):
            before = file_state(path, kind)
            batches = stream_batches(iter_columns(path, BATCH), str(path))
            n = backend.add_batches(before, batches)
            if _unchanged(path, before):  # as sync trusts a file (its SHA-256 read once)
                log.info("indexed %s (%d units)", path, n)
                return n
            log.info("%s changed while it was indexed; indexing it again", path)
        backend.remove_source(str(path))
        raise InputError(path, f"changed while being read ({READ_ATTEMPTS} attempts); try again")

    def run(self, work: Callable[[IndexBackend], object]):
        """``work(backend)`` on the synced index; a corrupt store is rebuilt, work retried once."""
        for attempt in range(2):
            backend = self.sync()
            try:
                return work(backend)
            except IndexCorrupt as exc:
                if attempt:
                    raise InputError(self.path, f"index unusable even when rebuilt: {exc}") from exc
                self._reset(str(exc))
        raise AssertionError("unreachable")

    # -- adding files ----------------------------------------------------------------------

    def add(self, path) -> tuple[int, int, str]:
        """Add a TMX/PO/XLIFF/TSV file to the index: (units added, skipped, why skipped).

        The file is read first (bad input changes nothing), then recorded in the
        added-files list so that later syncs follow its changes.
        """
        path = Path(path).resolve()
        state, imported = read_stable(path, read_for_index, "added")
        backend = self.sync()
        names = self.added_files()
        if str(path) not in names:
            atomic_write(self.added_list, json.dumps([*names, str(path)], indent=1) + "\n")
        n = backend.add_units(state, index_units(imported.units, str(path)))
        return n, imported.skipped, imported.reason

    def rebuild(self) -> None:
        """Delete the index and start afresh (the added-files list is kept)."""
        self._reset("rebuild asked for")

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None

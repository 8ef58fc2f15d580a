"""The corpus index on a PostgreSQL server: the same sync, lookups and answers, shared by a team.

``open_index(tm_dir, index=None, db=None)`` is what the commands and the Python
API call: with a database URL (``db``, else ``$TMBRIEF_DB``) the index lives in
PostgreSQL (:class:`ServerIndex`), otherwise in the embedded SQLite file
(:class:`~tmbrief.lookup.index.CorpusIndex`). Both sync from the TM files the
same way; what differs is where the index is and how it recovers:

- the list of files added with ``index add`` is a table in the database, so two
  users adding files at once both keep theirs;
- a store that disagrees with itself is emptied and re-synced in the database (a
  server index is never silently replaced by a private one in memory);
- a server that cannot be reached is a :class:`~tmbrief.core.errors.ServiceError`
  (one line, exit 2), never a fallback.
"""

from __future__ import annotations

import os
from pathlib import Path

from tmbrief.lookup.backend import IndexBackend, IndexCorrupt
from tmbrief.lookup.index import CorpusIndex
from tmbrief.lookup.postgres import PostgresBackend, is_database_url, redact

ENV_DB = "TMBRIEF_DB"


def database_url(db: str | None = None) -> str | None:
    """``db``, else ``$TMBRIEF_DB``, else None (the embedded index)."""
    return db or os.environ.get(ENV_DB) or None


def open_index(tm_dir="tm", index=None, db: str | None = None) -> CorpusIndex:
    """The corpus index of ``tm_dir``: on the server ``db`` / ``$TMBRIEF_DB`` names, else
    embedded (``index``: the SQLite file, default ``$TMBRIEF_INDEX`` or the user cache)."""
    url = database_url(db)
    if url is None or index is not None and db is None:
        return CorpusIndex(tm_dir, index)
    return ServerIndex(tm_dir, url)


class ServerIndex(CorpusIndex):
    """:class:`CorpusIndex` whose store is a PostgreSQL database (see the module docstring)."""

    def __init__(self, tm_dir, url: str):
        from tmbrief.core.errors import ServiceError

        if not is_database_url(url):
            raise ServiceError(redact(url), "not a PostgreSQL URL (postgresql://USER@HOST/DB)")
        super().__init__(tm_dir, index=Path(os.devnull), backend_factory=None)
        self.url = url
        self.path = redact(url)  # what messages name

    def _open(self) -> IndexBackend:
        if self._backend is None:
            backend = PostgresBackend(self.url)
            try:
                self._check(backend)
            except IndexCorrupt as exc:
                self.warnings.append(f"{self.path}: unusable index ({exc}); rebuilt")
                backend.clear()
            self._backend = backend
        return self._backend

    def _rebuilt(self, why: str) -> IndexBackend:
        if why != "rebuild asked for":
            self.warnings.append(f"{self.path}: unusable index ({why}); rebuilt")
        backend = self._open()
        backend.clear()
        return backend

    def _reset(self, why: str) -> None:
        self._backend = self._rebuilt(why)

    def added_files(self) -> list[str]:
        return self._open().added_files()

    def add(self, path) -> tuple[int, int, str]:
        from tmbrief.lookup.imports import read_for_index
        from tmbrief.lookup.index import read_stable
        from tmbrief.lookup.units import index_units

        path = Path(path).resolve()
        state, imported = read_stable(path, read_for_index, "added")
        backend = self.sync()
        backend.record_added(str(path))
        n = backend.add_units(state, index_units(imported.units, str(path)))
        return n, imported.skipped, imported.reason

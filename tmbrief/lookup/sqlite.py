"""The embedded index backend: one SQLite file, units in a table, gram postings as blobs.

Tables: ``meta`` (schema version), ``sources`` (one row per source: its
:class:`SourceState`, the id range of its units and, per language, the number
of distinct grams of each unit as a packed int32 array), ``units`` (one row
per unit, with a 64-bit hash of each side's key for exact lookups) and
``postings``: for each (language, gram code, source, chunk of 50,000 units)
the sorted ids of the units having that gram, packed as int32. Blobs rather
than one row per (gram, unit) keep a million-unit index to a few million rows
and let a query read a gram's units in one fetch; chunks bound the memory of
the build. Candidates are ranked by the Dice coefficient of gram sets,
counted with numpy over the fetched id arrays.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from tmbrief.lookup.backend import SCHEMA_VERSION, IndexCorrupt, IndexUnit, SourceState
from tmbrief.lookup.grams import GramQuery, bulk_grams, family

log = logging.getLogger(__name__)

CHUNK = 50_000  # units whose postings are computed at once: bounds the build's peak memory
LANGS = ("zh", "en")  # zh is the units' source side, en their target side
_SIDE = {"zh": "source", "en": "target"}
_PARAMS = 900  # bound variables per statement (SQLite's old default limit is 999)
LOCK_TIMEOUT = 2.0  # seconds to wait for another process's write before giving up

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL, srclang TEXT NOT NULL, tgtlang TEXT NOT NULL,
    kind TEXT NOT NULL, first_id INTEGER NOT NULL, n INTEGER NOT NULL,
    zh_counts BLOB NOT NULL, en_counts BLOB NOT NULL);
CREATE TABLE units (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, tuid TEXT NOT NULL,
    doc_id TEXT NOT NULL, segtype TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    status TEXT NOT NULL, confidence REAL NOT NULL, origin TEXT NOT NULL,
    position INTEGER NOT NULL, context TEXT NOT NULL,
    zh_hash INTEGER NOT NULL, en_hash INTEGER NOT NULL);
CREATE INDEX units_source ON units (source_id);
CREATE INDEX units_zh_hash ON units (zh_hash);
CREATE INDEX units_en_hash ON units (en_hash);
CREATE TABLE postings (
    lang TEXT NOT NULL, gram INTEGER NOT NULL, source_id INTEGER NOT NULL,
    chunk INTEGER NOT NULL, ids BLOB NOT NULL,
    PRIMARY KEY (lang, gram, source_id, chunk)) WITHOUT ROWID;
"""


def key_hash(key_text: str) -> int:
    """A stable signed 64-bit hash of a key (Python's hash() changes per process)."""
    digest = hashlib.blake2b(key_text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class SQLiteBackend:
    """:class:`IndexBackend` over one SQLite file (``":memory:"`` for a throwaway index)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._counts: dict[str, np.ndarray] | None = None
        try:
            self.db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
            self.db.execute("PRAGMA synchronous=NORMAL")
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master")}
            if not tables:
                self._create()
            else:
                row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None or row[0] != str(SCHEMA_VERSION):
                    raise IndexCorrupt(f"{self.path}: index schema {row and row[0]}")
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.path}: {exc}") from exc

    def _create(self) -> None:
        with self._write():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    # -- transactions -------------------------------------------------------------------

    class _Transaction:
        def __init__(self, db):
            self.db = db

        def __enter__(self):
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, kind, exc, tb):
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")
            return False

    def _write(self):
        return self._Transaction(self.db)

    def _run(self, sql: str, params: Sequence = ()):
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.path}: {exc}") from exc

    # -- the contract -------------------------------------------------------------------

    def sources(self) -> dict[str, SourceState]:
        rows = self._run(
            "SELECT name, mtime_ns, size, sha256, srclang, tgtlang, kind FROM sources"
        ).fetchall()
        return {r[0]: SourceState(*r) for r in rows}

    def add_units(self, state: SourceState, units: Iterable[IndexUnit]) -> int:
        self._counts = None
        try:
            with self._write():
                self._remove(state.name)
                row = self.db.execute("SELECT max(id) FROM units").fetchone()
                first_id = (row[0] if row[0] is not None else -1) + 1
                sid = self.db.execute(
                    "INSERT INTO sources (name, mtime_ns, size, sha256, srclang, tgtlang, kind,"
                    " first_id, n, zh_counts, en_counts) VALUES (?,?,?,?,?,?,?,?,0,x'',x'')",
                    (
                        state.name,
                        state.mtime_ns,
                        state.size,
                        state.sha256,
                        state.srclang,
                        state.tgtlang,
                        state.kind,
                        first_id,
                    ),
                ).lastrowid
                n, counts = self._insert(sid, first_id, units)
                self.db.execute(
                    "UPDATE sources SET n=?, zh_counts=?, en_counts=? WHERE id=?",
                    (n, counts["zh"], counts["en"], sid),
                )
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.path}: {exc}") from exc
        return n

    def _insert(self, sid: int, first_id: int, units: Iterable[IndexUnit]):
        n = 0
        counts: dict[str, list[bytes]] = {lang: [] for lang in LANGS}
        batch: list[IndexUnit] = []
        for unit in units:
            batch.append(unit)
            if len(batch) == CHUNK:
                self._insert_chunk(sid, first_id + n, n // CHUNK, batch, counts)
                n += len(batch)
                batch = []
        if batch:
            self._insert_chunk(sid, first_id + n, n // CHUNK, batch, counts)
            n += len(batch)
        return n, {lang: b"".join(parts) for lang, parts in counts.items()}

    def _insert_chunk(self, sid, first_id, chunk, batch, counts) -> None:
        hashes = {}
        for lang in LANGS:
            texts = [getattr(u, _SIDE[lang]) for u in batch]
            owners, codes, per_unit, keys = bulk_grams(texts, lang)
            counts[lang].append(per_unit.astype(np.int32).tobytes())
            hashes[lang] = [key_hash(k) for k in keys]
            owners = owners + first_id  # bulk_grams sorts by code, then unit
            if not len(codes):
                continue
            starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
            ends = np.append(starts[1:], len(codes)) * 4
            blob = owners.astype(np.int32).tobytes()
            self.db.executemany(
                "INSERT INTO postings VALUES (?,?,?,?,?)",
                (
                    (lang, g, sid, chunk, blob[a:b])
                    for g, a, b in zip(
                        codes[starts].tolist(), (starts * 4).tolist(), ends.tolist(), strict=True
                    )
                ),
            )
        self.db.executemany(
            "INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    first_id + i,
                    sid,
                    u.tuid,
                    u.doc_id,
                    u.segtype,
                    u.source,
                    u.target,
                    u.status,
                    u.confidence,
                    u.origin,
                    u.position,
                    u.context,
                    zh,
                    en,
                )
                for i, (u, zh, en) in enumerate(zip(batch, hashes["zh"], hashes["en"], strict=True))
            ),
        )

    def remove_source(self, name: str) -> None:
        self._counts = None
        try:
            with self._write():
                self._remove(name)
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.path}: {exc}") from exc

    def _remove(self, name: str) -> None:
        row = self.db.execute("SELECT id FROM sources WHERE name=?", (name,)).fetchone()
        if row is None:
            return
        for table in ("postings", "units"):
            self.db.execute(f"DELETE FROM {table} WHERE source_id=?", row)
        self.db.execute("DELETE FROM sources WHERE id=?", row)

    def _gram_counts(self, lang: str) -> np.ndarray:
        """Distinct grams per unit id (0 where no unit), for every stored unit."""
        if self._counts is None:
            rows = self._run(
                "SELECT first_id, n, zh_counts, en_counts FROM sources ORDER BY first_id"
            ).fetchall()
            size = max((f + n for f, n, _, _ in rows), default=0)
            self._counts = {}
            for i, lang_name in enumerate(LANGS):
                arr = np.zeros(size, dtype=np.int32)
                for first, n, *blobs in rows:
                    arr[first : first + n] = np.frombuffer(blobs[i], dtype=np.int32)
                self._counts[lang_name] = arr
        return self._counts[lang]

    def _postings(self, query: GramQuery) -> list[tuple[int, np.ndarray]]:
        grams = list(query.grams)
        found = []
        for start in range(0, len(grams), _PARAMS):
            part = grams[start : start + _PARAMS]
            marks = ",".join("?" * len(part))
            rows = self._run(
                f"SELECT gram, ids FROM postings WHERE lang=? AND gram IN ({marks})",
                [family(query.lang), *part],
            ).fetchall()
            found += [(g, np.frombuffer(b, dtype=np.int32)) for g, b in rows]
        return found

    def candidates(self, query: GramQuery, limit: int) -> list[tuple[int, float]]:
        postings = self._postings(query)
        if not postings or limit <= 0:
            return []
        ids = np.concatenate([a for _, a in postings])
        counts = self._gram_counts(family(query.lang))
        if len(ids) * 8 < len(counts):
            uniq, shared = np.unique(ids, return_counts=True)
        else:
            shared = np.bincount(ids, minlength=len(counts))
            uniq = np.flatnonzero(shared)
            shared = shared[uniq]
        dice = 2.0 * shared / (len(query.grams) + counts[uniq])
        if len(uniq) > limit:
            top = np.argpartition(-dice, limit - 1)[:limit]
            uniq, dice = uniq[top], dice[top]
        order = np.lexsort((uniq, -dice))
        return [(int(i), float(d)) for i, d in zip(uniq[order], dice[order], strict=True)]

    def containing(self, query: GramQuery, limit: int) -> list[int]:
        if not query.grams:
            return []
        if family(query.lang) == "zh" and len(query.key) < 2:  # shorter than a bigram
            side = _SIDE["zh"]
            rows = self._run(
                f"SELECT id FROM units WHERE {side} LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
                ("%" + _like_escape(query.key) + "%", limit),
            ).fetchall()
            return [r[0] for r in rows]
        by_gram: dict[int, list[np.ndarray]] = {}
        for gram, ids in self._postings(query):
            by_gram.setdefault(gram, []).append(ids)
        if len(by_gram) < len(set(query.grams)):
            return []
        common = None
        for arrays in sorted(by_gram.values(), key=lambda a: sum(map(len, a))):
            ids = np.unique(np.concatenate(arrays))
            common = ids if common is None else np.intersect1d(common, ids, assume_unique=True)
            if not len(common):
                return []
        return [int(i) for i in common[:limit]]

    def units_by_ids(self, ids: Sequence[int]) -> list[IndexUnit]:
        found: dict[int, IndexUnit] = {}
        ids = list(ids)
        for start in range(0, len(ids), _PARAMS):
            part = ids[start : start + _PARAMS]
            marks = ",".join("?" * len(part))
            rows = self._run(
                "SELECT id, tuid, doc_id, segtype, source, target, status, confidence, origin,"
                f" position, context FROM units WHERE id IN ({marks})",
                part,
            ).fetchall()
            for r in rows:
                found[r[0]] = IndexUnit(*r[1:], id=r[0])
        return [found[i] for i in ids if i in found]

    def exact(self, query: GramQuery) -> list[int]:
        column = "zh_hash" if family(query.lang) == "zh" else "en_hash"
        rows = self._run(
            f"SELECT id FROM units WHERE {column}=? ORDER BY id", (key_hash(query.key),)
        ).fetchall()
        return [r[0] for r in rows]

    def unit_count(self) -> int:
        return self._run("SELECT count(*) FROM units").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

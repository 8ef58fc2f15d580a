"""The embedded index backend: one SQLite file, units in a table, gram postings as blobs.

Tables: ``meta`` (schema version), ``sources`` (one row per source: its
:class:`SourceState`, the id range of its units and, per language, the number
of distinct grams of each unit as a packed int32 array), ``units`` (one row
per unit; a source's units have consecutive ids) and ``grams``: for each
source, language and segment of up to SEGMENT units, three blobs: the sorted gram
codes of the chunk (int64), where each code's units start (int32) and the
units' ids, grouped by code (int32). Language ``zh=``/``en=`` holds each
side's whole key (its 64-bit hash) the same way, for exact matches. ``keys``
holds each side's comparison keys in rows of KEY_ROW units: one UTF-8 blob and each
key's end (int32), so a lookup bounds a candidate's score before reading its text,
reading a few KB per candidate (keys are not kept in memory: a million units' keys
are about 400 MB).

A million-unit index is then a few dozen rows besides its units: the build
writes each chunk's postings as three blobs, and a lookup keeps the code and
start arrays in memory (a few bytes per distinct gram) and reads each ids blob
whole the first time it needs it, so that a posting list is a slice of an
array (:meth:`SQLiteBackend.posting_lists`, counted by countfilter.py).
:meth:`SQLiteBackend.candidates` ranks units by the Dice coefficient of gram
sets, counted with numpy.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import math
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from tmbrief.lookup.backend import (
    SCHEMA_VERSION,
    IndexCorrupt,
    IndexUnit,
    SourceState,
    UnitBatch,
    batches_of,
    read_sources,
)
from tmbrief.lookup.bulk import Keys, bulk_index
from tmbrief.lookup.countfilter import Postings, count_lists, hits
from tmbrief.lookup.grams import GramQuery, family, key_hash

log = logging.getLogger(__name__)

CHUNK = 65_536  # units whose postings are computed at once: bounds the build's peak memory
LANGS = ("zh", "en")  # zh is the units' source side, en their target side
_SIDE = {"zh": "source", "en": "target"}
_PARAMS = 900  # bound variables per statement (SQLite's old default limit is 999)
LOCK_TIMEOUT = 2.0  # seconds to wait for another process's write before giving up
PAGE_SIZE = 4096  # bytes: a unit read by id costs one small page
SEGMENT = 2 * CHUNK  # units whose postings are one row of blobs (a lookup reads each row)
# Units whose comparison keys are one row: a lookup reads one row per candidate. 32 keys
# (2-5 KB) read 8-12 % faster than 64 at 1M units, in an index of the same size (16 or
# 8: no faster, 8 % bigger; bench/RESULTS.md). Rows say where they start and how many
# they hold, so an index built with another size reads the same.
KEY_ROW = 32
SHORTCUT = True  # count the long posting lists only for units that can make the top
# No memory map: pages a lookup touched would count as its resident memory (a million-unit
# index is about 1 GB), and the postings are read whole once (bench/RESULTS.md "Lookup").
MMAP_SIZE = 0

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL, srclang TEXT NOT NULL, tgtlang TEXT NOT NULL,
    kind TEXT NOT NULL, first_id INTEGER NOT NULL, n INTEGER NOT NULL,
    zh_counts BLOB NOT NULL, en_counts BLOB NOT NULL);
CREATE TABLE units (
    id INTEGER PRIMARY KEY, tuid TEXT NOT NULL,
    doc_id TEXT NOT NULL, segtype TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    status TEXT NOT NULL, confidence REAL NOT NULL, origin TEXT NOT NULL,
    position INTEGER NOT NULL, context TEXT NOT NULL);
CREATE TABLE grams (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, lang TEXT NOT NULL,
    chunk INTEGER NOT NULL, codes BLOB NOT NULL, starts BLOB NOT NULL, ids BLOB NOT NULL);
CREATE INDEX grams_source ON grams (source_id);
CREATE TABLE keys (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, lang TEXT NOT NULL,
    first_id INTEGER NOT NULL, n INTEGER NOT NULL, text BLOB NOT NULL, ends BLOB NOT NULL);
CREATE INDEX keys_source ON keys (source_id);
"""


class SQLiteBackend:
    """:class:`IndexBackend` over one SQLite file (``":memory:"`` for a throwaway index).

    Use one from one thread at a time (a thread each: open one each); its own build
    hands its writes to a helper thread while the caller waits for them."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._counts: dict[str, np.ndarray] | None = None
        self._tables: dict[str, list[tuple[int, np.ndarray, np.ndarray]]] | None = None
        self._ids = _Blobs(self, "grams", "ids")  # postings row id -> its unit ids
        self._keys: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # see _key_rows
        self._layout_checked = False
        try:
            # Not check_same_thread: the build's writes run on a helper thread (_Writes),
            # one at a time, while this thread waits for them before it uses the connection.
            self.db = sqlite3.connect(
                self.path, timeout=LOCK_TIMEOUT, isolation_level=None, check_same_thread=False
            )
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
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
        self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # before the first table
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
            if kind is None:
                self.db.execute("COMMIT")
            elif self.db.in_transaction:  # SQLite ends it itself on some errors (disk full)
                self.db.execute("ROLLBACK")
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
        return read_sources(self._run)

    def add_units(self, state: SourceState, units: Iterable[IndexUnit]) -> int:
        return self.add_batches(state, batches_of(units, CHUNK))

    def add_batches(self, state: SourceState, batches: Iterable[UnitBatch]) -> int:
        self._forget()
        try:
            with self._write():
                self._remove(state.name)
                row = self.db.execute("SELECT max(first_id + n) FROM sources").fetchone()
                first_id = row[0] or 0
                sid = self.db.execute(
                    "INSERT INTO sources (name, mtime_ns, size, sha256, srclang, tgtlang, kind,"
                    " first_id, n, zh_counts, en_counts) VALUES (?,?,?,?,?,?,?,?,0,x'',x'')",
                    (state.name, state.mtime_ns, state.size, state.sha256, state.srclang,
                     state.tgtlang, state.kind, first_id),
                ).lastrowid  # fmt: skip
                n, counts = self._insert(sid, first_id, batches)
                self.db.execute(
                    "UPDATE sources SET n=?, zh_counts=?, en_counts=? WHERE id=?",
                    (n, counts["zh"], counts["en"], sid),
                )
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.path}: {exc}") from exc
        return n

    def _insert(self, sid: int, first_id: int, batches: Iterable[UnitBatch]):
        n, segment, in_segment = 0, 0, 0
        counts: dict[str, list[bytes]] = {lang: [] for lang in LANGS}
        pending: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        writes = _Writes()
        try:
            for batch in batches:
                for start in range(0, len(batch), CHUNK):
                    part = _cut(batch, start, start + CHUNK) if len(batch) > CHUNK else batch
                    self._insert_chunk(sid, first_id + n, part, counts, pending, writes)
                    n += len(part)
                    in_segment += len(part)
                    if in_segment >= SEGMENT:
                        self._flush(sid, segment, pending, writes)
                        segment, in_segment = segment + 1, 0
            self._flush(sid, segment, pending, writes)
        except BaseException:
            writes.finish(raising=False)
            raise
        writes.finish()
        return n, {lang: b"".join(parts) for lang, parts in counts.items()}

    def _insert_chunk(self, sid, first_id, batch: UnitBatch, counts, pending, writes) -> None:
        for lang, (per_unit, keys, grams, hashes) in _filed(batch, first_id).items():
            counts[lang].append(per_unit)
            self._store_keys(sid, lang, first_id, keys, writes)
            pending.setdefault(lang, []).append(grams)
            pending.setdefault(lang + "=", []).append(hashes)
        writes(
            self.db.executemany,
            "INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            zip(
                range(first_id, first_id + len(batch)), batch.tuid, batch.doc_id,
                batch.segtype, batch.source, batch.target, batch.status, batch.confidence,
                [batch.origin] * len(batch), batch.position, batch.context, strict=True,
            ),
        )  # fmt: skip

    def _flush(self, sid: int, segment: int, pending, writes) -> None:
        """One postings row per language of the chunks in ``pending`` (emptied)."""
        for lang in list(pending):
            codes, ids = _sort_postings(pending.pop(lang))
            self._store_postings(sid, lang, segment, codes, ids, writes)
            del codes, ids

    def _store_postings(self, sid, lang, chunk, codes: np.ndarray, ids: np.ndarray, writes) -> None:
        """Sorted ``codes`` (repeats together) and the unit id of each: one row of blobs."""
        if len(codes):
            starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        else:
            starts = np.zeros(0, np.int64)
        writes(
            self.db.execute,
            "INSERT INTO grams (source_id, lang, chunk, codes, starts, ids) VALUES (?,?,?,?,?,?)",
            (
                sid,
                lang,
                chunk,
                memoryview(np.ascontiguousarray(codes[starts], dtype=np.int64)),
                memoryview(np.append(starts, len(codes)).astype(np.int32)),
                memoryview(np.ascontiguousarray(ids, dtype=np.int32)),  # no copy
            ),
        )

    def _store_keys(self, sid: int, lang: str, first_id: int, keys: Keys, writes) -> None:
        """The comparison keys of a chunk's units, in rows of KEY_ROW: the UTF-8 bytes of
        a row's keys, and each key's end in them (from the row's start)."""
        ends, rows = keys.ends, []
        for start in range(0, len(ends), KEY_ROW):
            stop = min(start + KEY_ROW, len(ends))
            begin = int(ends[start - 1]) if start else 0
            text = keys.text[begin : int(ends[stop - 1])]
            row_ends = (ends[start:stop] - begin).astype(np.int32)
            rows.append((sid, lang, first_id + start, stop - start, text, row_ends.tobytes()))
        writes(
            self.db.executemany,
            "INSERT INTO keys (source_id, lang, first_id, n, text, ends) VALUES (?,?,?,?,?,?)",
            rows,
        )

    def _key_rows(self, fam: str) -> tuple[np.ndarray, np.ndarray]:
        """The first unit id and the row id of every row of keys of ``fam``, by first id."""
        if fam not in self._keys:
            self._check_layout()
            found = self._run(
                "SELECT first_id, id FROM keys WHERE lang=? ORDER BY first_id", (fam,)
            ).fetchall()
            table = np.array(found, dtype=np.int64).reshape(-1, 2)
            self._keys[fam] = (table[:, 0].copy(), table[:, 1].copy())
        return self._keys[fam]

    def keys_by_ids(self, ids: Sequence[int], lang: str) -> list[str]:
        """The comparison key of the ``lang`` side of each unit of ``ids`` (as stored
        at the build: :func:`tmbrief.lookup.bulk.bulk_index`), read from the rows that
        hold them; IndexCorrupt for an id no row holds."""
        fam = family(lang)
        firsts, rids = self._key_rows(fam)
        wanted = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(firsts, wanted, side="right") - 1
        if len(wanted) and at.min() < 0:
            raise IndexCorrupt(f"{self.path}: no key for unit {int(wanted[at.argmin()])}")
        needed = np.unique(rids[at]).tolist()
        rows = {}
        for start in range(0, len(needed), _PARAMS):
            part = needed[start : start + _PARAMS]
            marks = ",".join("?" * len(part))
            for rid, first, text, ends in self._run(
                f"SELECT id, first_id, text, ends FROM keys WHERE id IN ({marks})", part
            ).fetchall():
                ends = np.frombuffer(ends, np.int32).tolist()
                if (ends[-1] if ends else 0) != len(text):
                    raise IndexCorrupt(f"{self.path}: keys row {rid} does not add up")
                rows[rid] = (first, text, ends)
        out = []
        for i, rid in zip(wanted.tolist(), rids[at].tolist(), strict=True):
            first, text, ends = rows.get(rid, (0, b"", []))
            k = i - first
            if not 0 <= k < len(ends):
                raise IndexCorrupt(f"{self.path}: no key for unit {i}")
            out.append(text[ends[k - 1] if k else 0 : ends[k]].decode("utf-8"))
        return out

    def _check_layout(self) -> None:
        """IndexCorrupt unless every source has the rows its units need: keys for each of
        its units on both sides, and as many postings rows for each side as for its
        exact keys (a readable file whose rows were lost or damaged is not trusted)."""
        if self._layout_checked:
            return
        sources = dict(self._run("SELECT id, n FROM sources").fetchall())
        keys = {(sid, lang): n for sid, lang, n in self._run(
            "SELECT source_id, lang, sum(n) FROM keys GROUP BY source_id, lang")}  # fmt: skip
        grams = {(sid, lang): n for sid, lang, n in self._run(
            "SELECT source_id, lang, count(*) FROM grams GROUP BY source_id, lang")}  # fmt: skip
        for sid, n in sources.items():
            for lang in LANGS:
                rows = grams.get((sid, lang), 0)
                if (
                    keys.get((sid, lang), 0) != n
                    or rows != grams.get((sid, lang + "="), 0)
                    or (n and not rows)
                ):
                    raise IndexCorrupt(f"{self.path}: rows of source {sid} ({lang}) are missing")
        self._layout_checked = True

    def _forget(self) -> None:
        """Drop what was read of the index (it is about to change)."""
        self._counts = self._tables = None
        self._layout_checked = False
        self._ids.forget()
        self._keys = {}

    def remove_source(self, name: str) -> None:
        self._forget()
        try:
            with self._write():
                self._remove(name)
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.path}: {exc}") from exc

    def _remove(self, name: str) -> None:
        row = self.db.execute(
            "SELECT id, first_id, n FROM sources WHERE name=?", (name,)
        ).fetchone()
        if row is None:
            return
        sid, first, n = row
        self.db.execute("DELETE FROM units WHERE id >= ? AND id < ?", (first, first + n))
        self.db.execute("DELETE FROM grams WHERE source_id=?", (sid,))
        self.db.execute("DELETE FROM keys WHERE source_id=?", (sid,))
        self.db.execute("DELETE FROM sources WHERE id=?", (sid,))

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

    def _gram_tables(self, lang: str) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """(row id, codes, starts) of every postings row of ``lang``, kept in memory."""
        if self._tables is None:
            self._check_layout()
            self._tables = {}
        if lang not in self._tables:
            # In the order of unit ids, so that a gram's ids, row after row, are sorted.
            rows = self._run(
                "SELECT g.id, g.codes, g.starts FROM grams g JOIN sources s"
                " ON s.id = g.source_id WHERE g.lang=? ORDER BY s.first_id, g.chunk",
                (lang,),
            ).fetchall()
            self._tables[lang] = [
                (rid, np.frombuffer(c, np.int64), np.frombuffer(s, np.int32)) for rid, c, s in rows
            ]
        return self._tables[lang]

    def _postings(self, lang: str, grams: Sequence[int]) -> list[tuple[int, np.ndarray]]:
        """(gram, ids) of each stored chunk having one of ``grams`` (views of the id blobs)."""
        wanted = np.asarray(grams, dtype=np.int64)
        found = []
        for rid, codes, starts in self._gram_tables(lang):
            at = np.searchsorted(codes, wanted)
            hit = at < len(codes)
            hit[hit] = codes[at[hit]] == wanted[hit]
            if not hit.any():
                continue
            grams, places = wanted[hit].tolist(), at[hit].tolist()
            spans = [(4 * int(starts[i]), 4 * int(starts[i + 1])) for i in places]
            for g, data in zip(grams, self._ids.slices(rid, spans), strict=True):
                found.append((g, np.frombuffer(data, np.int32)))
        return found

    def posting_lists(self, query: GramQuery) -> tuple[list[Postings], np.ndarray]:
        """The sorted unit ids of each of the query's grams found in the index (in the
        pieces of its rows, not joined), and the number of distinct grams of every unit
        (by id): what the count filter reads."""
        fam = family(query.lang)
        by_gram: dict[int, list[np.ndarray]] = {}
        for gram, ids in self._postings(fam, query.grams):
            by_gram.setdefault(gram, []).append(ids)
        return [Postings(pieces) for pieces in by_gram.values()], self._gram_counts(fam)

    def candidates(self, query: GramQuery, limit: int) -> list[tuple[int, float]]:
        """The ``limit`` units of best gram Dice coefficient, best first (ties by id).

        Counting every posting is the cost of a lookup, and the longest lists hold
        most postings. So only the shortest third of the query's lists is counted
        for every unit first. The ``limit`` units counted most often are then
        counted in full, which bounds the ``limit``-th best Dice from below
        (``bar``); a unit reaching ``bar`` shares at least ``need`` grams, so
        (pigeonhole) it is in one of any ``lists - need + 1`` lists. When that
        many are among the counted ones, the best units are among the counted,
        and only those that could still reach ``need`` are finished against the
        long lists; else that many are counted and the bar raised again (three
        rounds), or every list is counted. Either way the result equals a full
        count (a test compares them).
        """
        lists, counts = self.posting_lists(query)
        if not lists or limit <= 0:
            return []
        lists.sort(key=len)
        n_query = len(query.grams)
        found = None
        if SHORTCUT and len(lists) > 2:
            found = self._shortcut(lists, n_query, counts, limit)
        if found is None:
            found = count_lists(lists, len(counts))
        uniq, shared = found
        dice = 2.0 * shared / (n_query + counts[uniq])
        if len(uniq) > limit:
            top = np.argpartition(-dice, limit - 1)[:limit]
            uniq, dice = uniq[top], dice[top]
        order = np.lexsort((uniq, -dice))
        return [(int(i), float(d)) for i, d in zip(uniq[order], dice[order], strict=True)]

    @staticmethod
    def _shortcut(lists, n_query, counts, limit):
        """(units, shared grams) holding every unit that can be among the ``limit`` best,
        the longest lists counted only for some units; None when that cannot be shown."""
        counted = max(1, len(lists) // 3)
        for _ in range(3):
            uniq, shared = count_lists(lists[:counted], len(counts))
            if len(uniq) < limit:
                return None
            long = lists[counted:]  # each sorted (see _gram_tables)
            probe = np.argpartition(-shared, limit - 1)[:limit]
            full = shared[probe] + hits(long, uniq[probe])
            bar = float((2.0 * full / (n_query + counts[uniq[probe]])).min())
            # Dice >= bar needs s shared grams with 2s / (n_query + s) >= bar (a unit has s
            # grams or more): s >= bar * n_query / (2 - bar).
            need = math.ceil(bar * n_query / (2.0 - bar) - 1e-6)
            enough = len(lists) - need + 1  # lists that every unit reaching bar is in
            if enough <= counted:
                for left, ids in enumerate(reversed(long)):  # drop who cannot reach need
                    keep = shared + (len(long) - left) >= need
                    uniq, shared = uniq[keep], shared[keep] + hits([ids], uniq[keep])
                return uniq, shared
            if enough >= len(lists):
                return None
            counted = enough
        return None

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
        lists, _ = self.posting_lists(query)
        if len(lists) < len(set(query.grams)):
            return []
        common = None
        for each in sorted(lists, key=len):
            ids = each.joined()  # sorted, each unit once (a unit has a gram once)
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

    def texts_by_ids(self, ids: Sequence[int]) -> list[tuple]:
        """``(id, source, target, segtype, status, confidence, tuid)`` of the units of
        ``ids`` (in id order; unknown ids left out): the narrow read a lookup ranks its
        candidates by."""
        found = []
        ids = sorted(ids)
        for start in range(0, len(ids), _PARAMS):
            part = ids[start : start + _PARAMS]
            marks = ",".join("?" * len(part))
            found += self._run(
                "SELECT id, source, target, segtype, status, confidence, tuid FROM units"
                f" WHERE id IN ({marks}) ORDER BY id",
                part,
            ).fetchall()
        return found

    def exact(self, query: GramQuery) -> list[int]:
        found = self._postings(family(query.lang) + "=", [key_hash(query.key)])
        return sorted(int(i) for _, ids in found for i in ids)

    def unit_count(self) -> int:
        return self._run("SELECT coalesce(sum(n), 0) FROM sources").fetchone()[0]

    def close(self) -> None:
        self.db.close()


class _Blobs:
    """The blobs of one column, read by byte ranges: straight from the file the first time
    a row is wanted (a one-off lookup reads a few KB of a blob of megabytes), whole and
    kept from the second time on (a session of lookups reads each row once)."""

    def __init__(self, backend: SQLiteBackend, table: str, column: str):
        self.backend, self.table, self.column = backend, table, column
        self._whole: dict[int, memoryview] = {}
        self._touched: set[int] = set()

    def forget(self) -> None:
        self._whole, self._touched = {}, set()

    def slices(self, rid: int, spans: Sequence[tuple[int, int]]) -> list:
        """The bytes of each ``(start, end)`` range of row ``rid``'s blob (views where
        the blob is kept); IndexCorrupt when the row is gone or a range is outside it."""
        data = self._whole.get(rid)
        if data is None and rid in self._touched:
            row = self.backend._run(
                f"SELECT {self.column} FROM {self.table} WHERE id=?", (rid,)
            ).fetchone()
            if row is None:
                raise IndexCorrupt(f"{self.backend.path}: {self.table} row {rid} is gone")
            data = self._whole[rid] = memoryview(row[0])
        if data is not None:
            return self._cut(rid, data, spans)
        self._touched.add(rid)
        try:
            blob = self.backend.db.blobopen(self.table, self.column, rid, readonly=True)
            with contextlib.closing(blob):
                return self._cut(rid, blob, spans)
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"{self.backend.path}: {self.table} row {rid}: {exc}") from exc

    def _cut(self, rid: int, data, spans: Sequence[tuple[int, int]]) -> list:
        if any(end > len(data) for _, end in spans):
            raise IndexCorrupt(f"{self.backend.path}: {self.table} row {rid} is cut short")
        return [data[a:b] for a, b in spans]


class _Writes:
    """The build's writes, run in order on one helper thread while the caller files the
    next chunk (SQLite releases the GIL while it writes). At most LIMIT writes wait, so
    the rows they hold do not pile up. After a write fails, those waiting are skipped:
    SQLite ends the transaction itself on some errors (disk full, I/O), and a later
    write would then be committed on its own."""

    LIMIT = 2

    def __init__(self):
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="tmbrief-index-write")
        self.waiting: collections.deque[Future] = collections.deque()
        self.failed = False  # set on the helper thread, the only one running writes

    def __call__(self, write: Callable, *args) -> None:
        while len(self.waiting) >= self.LIMIT:
            self.waiting.popleft().result()
        self.waiting.append(self.pool.submit(self._run, write, args))

    def _run(self, write: Callable, args) -> None:
        if self.failed:
            return
        try:
            _write_only(write, args)
        except BaseException:
            self.failed = True
            raise

    def finish(self, raising: bool = True) -> None:
        """Wait for every write; the first one's error is raised (unless not ``raising``)."""
        try:
            while self.waiting:
                done = self.waiting.popleft()
                error = done.exception()
                if error is not None and raising:
                    raise error
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _write_only(write: Callable, args) -> None:
    """``write(*args)``, its cursor dropped on this thread: a cursor freed on another
    thread resets its statement, which this thread may be running again (API misuse)."""
    write(*args)


def _filed(batch: UnitBatch, first_id: int) -> dict[str, tuple]:
    """Per language, what a chunk of units is filed under: ``(gram counts as int32
    bytes, keys, (gram codes, unit ids), (key hashes sorted, unit ids))``."""
    filed = {}
    for lang in LANGS:
        owners, codes, per_unit, hashes, keys = bulk_index(getattr(batch, _SIDE[lang]), lang)
        order = np.argsort(hashes, kind="stable")
        filed[lang] = (
            per_unit.astype(np.int32).tobytes(),
            keys,
            (codes, (owners + first_id).astype(np.int32)),
            (hashes[order], (order + first_id).astype(np.int32)),
        )
    return filed


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sort_postings(runs: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The ``(codes, ids)`` runs (each sorted by code, then id; ids growing from run to
    run) as one pair: codes sorted, each code's ids in increasing order. ``runs`` is
    emptied as it is read.

    Gram codes (below 2**46) and the ids' offsets in the segment fit one uint64
    together, filled run by run and sorted in place: less memory at the build's peak
    than concatenating and an argsort with its gathers. Key hashes (64 bits) take
    the argsort.
    """
    if not runs or not sum(len(c) for c, _ in runs):
        runs.clear()
        return np.zeros(0, np.int64), np.zeros(0, np.int32)
    base = min(int(i.min()) for _, i in runs if len(i))
    shift = (max(int(i.max()) for _, i in runs if len(i)) - base).bit_length()
    low = min(int(c.min()) for c, _ in runs if len(c))
    high = max(int(c.max()) for c, _ in runs if len(c))
    if low < 0 or high.bit_length() + shift > 64:
        codes = np.concatenate([c for c, _ in runs])
        ids = np.concatenate([i for _, i in runs])
        runs.clear()
        order = np.argsort(codes, kind="stable")  # timsort merges the sorted runs
        return codes[order], ids[order]
    packed = np.empty(sum(len(c) for c, _ in runs), dtype=np.uint64)
    at = 0
    while runs:
        codes, ids = runs.pop(0)
        part = packed[at : at + len(codes)]
        part[:] = codes
        part <<= np.uint64(shift)
        part |= (ids - base).astype(np.uint64)
        at += len(codes)
        del codes, ids, part
    packed.sort()
    ids = np.empty(len(packed), np.int32)  # the low bits, cast in numpy's buffer: no temporary
    np.bitwise_and(packed, np.uint64((1 << shift) - 1), out=ids, casting="unsafe")
    ids += base
    packed >>= np.uint64(shift)
    return packed.view(np.int64), ids


def _cut(batch: UnitBatch, start: int, end: int) -> UnitBatch:
    return UnitBatch(
        *(getattr(batch, f)[start:end] for f in ("tuid", "doc_id", "segtype", "source", "target",
                                                  "status", "confidence")),
        origin=batch.origin,
        position=batch.position[start:end],
        context=batch.context[start:end],
    )  # fmt: skip

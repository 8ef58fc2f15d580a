"""The server index backend: PostgreSQL, with pg_trgm for fuzzy candidate retrieval.

One database serves a team: several users look up and add units at once. Each
``add_units``/``remove_source`` is one transaction holding an advisory lock on
the source's name, so two writers of one source take turns (the last one's units
are the source's whole content, never a mix) and writers of different sources
do not wait for each other; readers see a source's old units or its new ones.

Tables: ``schema_version`` (one row: the version of this layout; the tool
creates the schema and migrates an older one step by step, see MIGRATIONS),
``sources`` (one row per source: its :class:`SourceState`) and ``units`` (one
row per unit, with each side's comparison key, ``zh_key`` and ``en_key``).
A GIN trigram index (``gin_trgm_ops``) on each key finds fuzzy candidates
(``%``, ranked by ``similarity``, the best re-ranked by the embedded index's gram
Dice coefficient) and the units containing a term (``LIKE``);
a hash index on each key answers exact lookups. The database must be UTF-8 with
a character-classifying locale (e.g. C.UTF-8), else pg_trgm ignores Han text.

Where: ``--db postgresql://USER@HOST:PORT/DB`` or ``TMBRIEF_DB``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from tmbrief.core.errors import ServiceError
from tmbrief.lookup.backend import IndexCorrupt, IndexUnit, SourceState, UnitBatch, read_sources
from tmbrief.lookup.grams import GramQuery, family, grams_of, key

log = logging.getLogger(__name__)

SCHEMA = 1  # the layout below; MIGRATIONS[v] takes a database from v to v + 1
CONNECT_TIMEOUT = 10  # seconds
# Trigram similarity below which a unit is not a candidate at all. Low, because
# the score that decides a match is computed above the backend (score.py); this
# only bounds the work of a lookup.
SIMILARITY_THRESHOLD = 0.1
RERANK = 4  # trigram candidates fetched per candidate returned (re-ranked by gram Dice)
_SIDE = {"zh": "source", "en": "target"}
_KEY = {"zh": "zh_key", "en": "en_key"}

# Version 0 -> 1: the first layout. Each step is a list of statements run in one
# transaction with the version bump; add version 1 -> 2 as MIGRATIONS[1].
MIGRATIONS: dict[int, tuple[str, ...]] = {
    0: (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        """CREATE TABLE sources (
            id bigserial PRIMARY KEY, name text UNIQUE NOT NULL, mtime_ns bigint NOT NULL,
            size bigint NOT NULL, sha256 text NOT NULL, srclang text NOT NULL,
            tgtlang text NOT NULL, kind text NOT NULL)""",
        """CREATE TABLE units (
            id bigserial PRIMARY KEY,
            source_id bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            tuid text NOT NULL, doc_id text NOT NULL, segtype text NOT NULL,
            source text NOT NULL, target text NOT NULL, status text NOT NULL,
            confidence double precision NOT NULL, origin text NOT NULL,
            position integer NOT NULL, context text NOT NULL,
            zh_key text NOT NULL, en_key text NOT NULL)""",
        "CREATE INDEX units_source ON units (source_id)",
        "CREATE INDEX units_zh_trgm ON units USING gin (zh_key gin_trgm_ops)",
        "CREATE INDEX units_en_trgm ON units USING gin (en_key gin_trgm_ops)",
        "CREATE INDEX units_zh_key ON units USING hash (zh_key)",
        "CREATE INDEX units_en_key ON units USING hash (en_key)",
        # Files added with `tmbrief index add`: kept here (not in a file beside the
        # index) so that users adding files at once never lose each other's.
        "CREATE TABLE added_files (seq bigserial PRIMARY KEY, name text UNIQUE NOT NULL)",
    ),
}
_COLUMNS = (
    "source_id, tuid, doc_id, segtype, source, target, status, confidence, origin,"
    " position, context, zh_key, en_key"
)
_UNIT = "id, tuid, doc_id, segtype, source, target, status, confidence, origin, position, context"


def is_database_url(text: str | None) -> bool:
    """Whether ``text`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return bool(text) and re.match(r"^postgres(?:ql)?://", text) is not None


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", url)


class PostgresBackend:
    """:class:`IndexBackend` over a PostgreSQL database; creates and migrates its schema.

    Raises :class:`ServiceError` (one line, no password) when the server cannot
    be reached or refuses, or the database is of a newer schema than this tool.
    """

    def __init__(self, url: str):
        import psycopg

        self.url = url
        self.address = redact(url)
        try:
            self.db = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True)
        except (psycopg.Error, ValueError) as exc:
            raise ServiceError(
                self.address, f"cannot connect to PostgreSQL ({_reason(exc)})"
            ) from exc
        self._run(f"SET pg_trgm.similarity_threshold = {SIMILARITY_THRESHOLD}", check=False)
        self.migrate()

    # -- schema ------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The version of the database's layout (0: nothing created yet)."""
        row = self._run("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        row = self._run("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    def migrate(self) -> None:
        """Create the schema, or bring an older one up to :data:`SCHEMA`, step by step.

        Each step runs in one transaction under an advisory lock, so two tools
        starting at once on a new database do not both create it.
        """
        import psycopg

        try:
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(hashtext('tmbrief-schema'))")
                version = self.schema_version()
                if version > SCHEMA:
                    raise ServiceError(
                        self.address,
                        f"database schema version {version} is newer than this tool's "
                        f"({SCHEMA}); upgrade tmbrief",
                    )
                if version == 0:
                    self.db.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"
                    )
                while version < SCHEMA:
                    log.info(
                        "%s: migrating the index schema %d -> %d",
                        self.address,
                        version,
                        version + 1,
                    )
                    for statement in MIGRATIONS[version]:
                        self.db.execute(statement)
                    version += 1
                    self.db.execute("DELETE FROM schema_version")
                    self.db.execute("INSERT INTO schema_version VALUES (%s)", (version,))
        except psycopg.Error as exc:
            raise ServiceError(
                self.address, f"cannot create the index schema ({_reason(exc)})"
            ) from exc

    # -- the contract --------------------------------------------------------------------------

    def sources(self) -> dict[str, SourceState]:
        return read_sources(self._run)

    def add_batches(self, state: SourceState, batches: Iterable[UnitBatch]) -> int:
        return self.add_units(state, (u for batch in batches for u in batch.units()))

    def add_units(self, state: SourceState, units: Iterable[IndexUnit]) -> int:
        import psycopg

        n = 0
        try:
            with self.db.transaction():
                self._lock(state.name)
                self.db.execute("DELETE FROM sources WHERE name = %s", (state.name,))
                sid = self.db.execute(
                    "INSERT INTO sources (name, mtime_ns, size, sha256, srclang, tgtlang, kind)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    (state.name, state.mtime_ns, state.size, state.sha256, state.srclang,
                     state.tgtlang, state.kind),
                ).fetchone()[0]  # fmt: skip
                with self.db.cursor().copy(f"COPY units ({_COLUMNS}) FROM STDIN") as copy:
                    for u in units:
                        copy.write_row(
                            (sid, u.tuid, u.doc_id, u.segtype, u.source, u.target, u.status,
                             u.confidence, u.origin, u.position, u.context,
                             key(u.source, "zh"), key(u.target, "en"))
                        )  # fmt: skip
                        n += 1
        except psycopg.Error as exc:
            raise self._failure(exc) from exc
        return n

    def remove_source(self, name: str) -> None:
        import psycopg

        try:
            with self.db.transaction():
                self._lock(name)
                self.db.execute("DELETE FROM sources WHERE name = %s", (name,))
        except psycopg.Error as exc:
            raise self._failure(exc) from exc

    def _lock(self, name: str) -> None:
        # Writers of one source take turns; the lock ends with the transaction.
        self.db.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 18))", (name,))

    def candidates(self, query: GramQuery, limit: int) -> list[tuple[int, float]]:
        """pg_trgm's best ``limit × RERANK`` units by trigram similarity, re-ranked by the
        Dice coefficient of the index grams, as the embedded index ranks: both backends
        hand the same order to the scorer whenever the trigram pool holds the units."""
        if not query.grams or limit <= 0:
            return []
        fam = family(query.lang)
        column = _KEY[fam]
        rows = self._run(
            f"SELECT id, {column} FROM units WHERE {column} %% %(q)s"
            f" ORDER BY similarity({column}, %(q)s) DESC, id LIMIT %(n)s",
            {"q": query.key, "n": limit * RERANK},
        ).fetchall()
        wanted = set(query.grams)
        ranked = []
        for uid, unit_key in rows:
            grams = grams_of(unit_key, fam)
            shared = len(wanted.intersection(grams))
            if shared:
                ranked.append((uid, 2.0 * shared / (len(wanted) + len(grams))))
        ranked.sort(key=lambda pair: (-pair[1], pair[0]))
        return ranked[:limit]

    def containing(self, query: GramQuery, limit: int) -> list[int]:
        if not query.grams:
            return []
        fam = family(query.lang)
        column = _KEY[fam]
        # The key holds the term's key (the trigram index answers this LIKE) and, in
        # English, each of its words as a whole word, as the embedded index files words.
        where = [f"{column} LIKE %s"]
        params: list[object] = ["%" + _like_escape(query.key) + "%"]
        if fam == "en":
            for word in dict.fromkeys(query.key.split()):
                where.append(f"(' ' || {column} || ' ') LIKE %s")
                params.append("% " + _like_escape(word) + " %")
        rows = self._run(
            f"SELECT id FROM units WHERE {' AND '.join(where)} ORDER BY id LIMIT %s",
            (*params, limit),
        ).fetchall()
        return [r[0] for r in rows]

    def units_by_ids(self, ids: Sequence[int]) -> list[IndexUnit]:
        ids = [int(i) for i in ids]
        if not ids:
            return []
        rows = self._run(f"SELECT {_UNIT} FROM units WHERE id = ANY(%s)", (ids,)).fetchall()
        found = {r[0]: IndexUnit(*r[1:], id=r[0]) for r in rows}
        return [found[i] for i in ids if i in found]

    def texts_by_ids(self, ids: Sequence[int]) -> list[tuple]:
        rows = self._run(
            "SELECT id, source, target, segtype, status, confidence, tuid FROM units"
            " WHERE id = ANY(%s) ORDER BY id",
            ([int(i) for i in ids],),
        ).fetchall()
        return [tuple(r) for r in rows]

    def keys_by_ids(self, ids: Sequence[int], lang: str) -> list[str]:
        ids = [int(i) for i in ids]
        column = _KEY[family(lang)]
        rows = self._run(f"SELECT id, {column} FROM units WHERE id = ANY(%s)", (ids,))
        found = dict(rows.fetchall())
        missing = [i for i in ids if i not in found]
        if missing:
            raise IndexCorrupt(f"{self.address}: no key for unit {missing[0]}")
        return [found[i] for i in ids]

    def exact(self, query: GramQuery) -> list[int]:
        column = _KEY[family(query.lang)]
        rows = self._run(
            f"SELECT id FROM units WHERE {column} = %s ORDER BY id", (query.key,)
        ).fetchall()
        return [r[0] for r in rows]

    # -- beyond the contract: what the server index keeps in the database -------------------

    def added_files(self) -> list[str]:
        """Files added with ``tmbrief index add``, in the order they were first added."""
        return [r[0] for r in self._run("SELECT name FROM added_files ORDER BY seq").fetchall()]

    def record_added(self, name: str) -> None:
        """Remember an added file (a no-op if it is known)."""
        self._run("INSERT INTO added_files (name) VALUES (%s) ON CONFLICT DO NOTHING", (name,))

    def clear(self) -> None:
        """Forget every source and unit (the added-files list is kept): a rebuild."""
        import psycopg

        try:
            with self.db.transaction():
                self.db.execute("LOCK TABLE sources, units IN EXCLUSIVE MODE")
                self.db.execute("TRUNCATE units, sources")
        except psycopg.Error as exc:
            raise self._failure(exc) from exc

    def unit_count(self) -> int:
        return self._run("SELECT count(*) FROM units").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    # -- errors --------------------------------------------------------------------------------

    def _run(self, sql: str, params=None, check: bool = True):
        import psycopg

        try:
            return self.db.execute(sql, params)
        except psycopg.Error as exc:
            if not check:
                return None
            raise self._failure(exc) from exc

    def _failure(self, exc) -> Exception:
        import psycopg

        if isinstance(exc, psycopg.OperationalError):  # the server went away
            return ServiceError(self.address, f"PostgreSQL failed ({_reason(exc)})")
        return IndexCorrupt(f"{self.address}: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

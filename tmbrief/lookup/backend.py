"""The index backend contract: what the corpus index needs from a store, and nothing more.

The index (index.py) decides *what* is indexed (every TM in tm/ and the files
added with ``tmbrief index add``) and *when* (a source whose mtime, size or
hash changed is re-indexed); a backend only stores units per source and
answers three questions: which units probably match a query (candidates),
which contain a term (containing), and what a unit is (units_by_ids). Scoring
happens above the backend, the same for every backend.

Two backends implement it: SQLite (sqlite.py, the embedded default) and
PostgreSQL with pg_trgm (issue 18). tests/test_lookup_backend.py is the
contract suite every backend runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from tmbrief.lookup.grams import GramQuery

# Bump when the stored layout changes: an index of another version is rebuilt.
SCHEMA_VERSION = 4

# Every backend keeps its sources in a table of this shape.
SOURCES_QUERY = "SELECT name, mtime_ns, size, sha256, srclang, tgtlang, kind FROM sources"


@dataclass(frozen=True)
class SourceState:
    """One indexed source (a TM file, or a file added with ``index add``) as last indexed.

    ``name`` identifies the source (its path as the index was told it); ``mtime_ns``
    and ``size`` are from ``os.stat``, ``sha256`` the hex digest of its bytes;
    ``srclang``/``tgtlang`` the BCP 47 tags of its units' two sides.
    """

    name: str
    mtime_ns: int
    size: int
    sha256: str
    srclang: str = "zh-CN"
    tgtlang: str = "en"
    kind: str = "tm"  # "tm" (tm/*.tsv) or "added" (tmbrief index add)


@dataclass(frozen=True)
class IndexUnit:
    """One unit as the index holds it (a TM unit, flattened, with where it came from).

    ``id`` is the backend's number for it (``-1`` before it is stored); ``origin``
    the source name; ``position`` its place among its document's sentence units
    and ``context`` the key of its neighbours (see index.context_key), so a
    sentence met again between the same neighbours is a context match.
    """

    tuid: str
    doc_id: str
    segtype: str
    source: str
    target: str
    status: str
    confidence: float
    origin: str
    position: int = 0
    context: str = ""
    id: int = -1


@dataclass(frozen=True)
class UnitBatch:
    """Consecutive units of one source as columns: the bulk form of :class:`IndexUnit`.

    Every list has one value per unit; ``origin`` is the source name of them all.
    """

    tuid: list[str]
    doc_id: list[str]
    segtype: list[str]
    source: list[str]
    target: list[str]
    status: list[str]
    confidence: list[float]
    origin: str
    position: list[int]
    context: list[str]

    def __len__(self) -> int:
        return len(self.tuid)

    def units(self) -> Iterator[IndexUnit]:
        """The batch as :class:`IndexUnit` objects, in order."""
        for row in zip(
            self.tuid, self.doc_id, self.segtype, self.source, self.target, self.status,
            self.confidence, self.position, self.context, strict=True,
        ):  # fmt: skip
            yield IndexUnit(*row[:7], self.origin, *row[7:])


def batches_of(units: Iterable[IndexUnit], size: int) -> Iterator[UnitBatch]:
    """``units`` in :class:`UnitBatch` of ``size`` (the last one shorter)."""
    batch: list[IndexUnit] = []
    for unit in units:
        batch.append(unit)
        if len(batch) == size:
            yield _batch(batch)
            batch = []
    if batch:
        yield _batch(batch)


def _batch(units: list[IndexUnit]) -> UnitBatch:
    def column(name):
        return [getattr(u, name) for u in units]

    return UnitBatch(
        *(column(n) for n in ("tuid", "doc_id", "segtype", "source", "target", "status")),
        confidence=column("confidence"),
        origin=units[0].origin,
        position=column("position"),
        context=column("context"),
    )


def read_sources(run: Callable) -> dict[str, SourceState]:
    """The :class:`SourceState` of every source, by name: ``run(sql)`` is a backend's query."""
    return {r[0]: SourceState(*r) for r in run(SOURCES_QUERY).fetchall()}


@runtime_checkable
class IndexBackend(Protocol):
    """A store of index units, grouped by source. Every method may raise IndexCorrupt."""

    def sources(self) -> dict[str, SourceState]:
        """The state of every indexed source, by name."""
        ...

    def add_units(self, state: SourceState, units: Iterable[IndexUnit]) -> int:
        """Make ``units`` the whole content of source ``state.name``, atomically.

        Replaces what the source held before and records ``state``; returns the
        number of units stored. Units are stored in the order given.
        """
        ...

    def add_batches(self, state: SourceState, batches: Iterable[UnitBatch]) -> int:
        """:meth:`add_units` for units given as :class:`UnitBatch` columns (the bulk path)."""
        ...

    def remove_source(self, name: str) -> None:
        """Forget a source and its units (nothing happens if it is unknown)."""
        ...

    def candidates(self, query: GramQuery, limit: int) -> list[tuple[int, float]]:
        """Up to ``limit`` (unit id, overlap) pairs, best first, for a fuzzy lookup.

        ``overlap`` in [0, 1] estimates how much of the query's grams a unit
        shares (the SQLite backend: Dice coefficient of the gram sets; pg_trgm:
        its similarity). Searches the source side for ``query.lang == "zh"``,
        the target side for ``"en"``. Units with no shared gram are not returned.
        """
        ...

    def containing(self, query: GramQuery, limit: int) -> list[int]:
        """Ids (in store order) of up to ``limit`` units whose ``query.lang`` side has
        every gram of the query: a superset of the units containing the term (whole
        words, in English), which the caller checks. A one-character Chinese term
        (shorter than a bigram) is looked for in the text as stored."""
        ...

    def units_by_ids(self, ids: Sequence[int]) -> list[IndexUnit]:
        """The units of ``ids``, in the order asked (unknown ids are left out)."""
        ...

    def texts_by_ids(self, ids: Sequence[int]) -> list[tuple]:
        """``(id, source, target, segtype, status, confidence, tuid)`` of the units of
        ``ids`` (in id order; unknown ids left out): what a lookup ranks candidates by
        before it reads the few units it returns in full."""
        ...

    def keys_by_ids(self, ids: Sequence[int], lang: str) -> list[str]:
        """The comparison key (:func:`tmbrief.lookup.grams.key`) of the ``lang`` side of
        each unit of ``ids``, as stored: a lookup bounds a candidate's score by it
        before reading the candidate's text. IndexCorrupt for an id not stored."""
        ...

    def exact(self, query: GramQuery) -> list[int]:
        """Ids of units whose ``query.lang`` side has exactly the key ``query.key``."""
        ...

    def unit_count(self) -> int:
        """How many units the store holds."""
        ...

    def close(self) -> None:
        """Release the store (the index files stay)."""
        ...


class IndexCorrupt(Exception):
    """The store cannot be trusted (unreadable, another schema, locked): rebuild it.

    Raised by backends, caught by the index, never shown to a user as such.
    """

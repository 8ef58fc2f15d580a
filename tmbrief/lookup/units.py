"""TM units as the index holds them: flattened, with origin and sentence context."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from tmbrief.core.model import Unit
from tmbrief.lookup.backend import IndexUnit
from tmbrief.lookup.grams import context_key


def index_units(units: Sequence[Unit], origin: str) -> list[IndexUnit]:
    """The :class:`IndexUnit` of each TM unit, in order, with positions and contexts.

    A sentence unit's position counts the sentence units of its document before
    it; its context is made from the sources of the sentence units before and
    after it in the same document. Block and paragraph units have position -1
    and no context.
    """
    sentences: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if u.segtype == "sentence":
            sentences.setdefault(u.doc_id, []).append(i)
    place: dict[int, tuple[int, str]] = {}
    for members in sentences.values():
        for n, i in enumerate(members):
            before = units[members[n - 1]].source if n else ""
            after = units[members[n + 1]].source if n + 1 < len(members) else ""
            place[i] = (n, context_key(before, after))
    return [
        IndexUnit(
            tuid=u.tuid,
            doc_id=u.doc_id,
            segtype=u.segtype,
            source=u.source,
            target=u.target,
            status=u.status,
            confidence=u.confidence,
            origin=origin,
            position=place.get(i, (-1, ""))[0],
            context=place.get(i, (-1, ""))[1],
        )
        for i, u in enumerate(units)
    ]


def stream_index_units(units: Iterable[Unit], origin: str) -> Iterator[IndexUnit]:
    """:func:`index_units` over a stream, one document at a time (a TM file keeps a
    document's units together), so a million-unit file is never all in memory."""
    doc: list[Unit] = []
    for u in units:
        if doc and u.doc_id != doc[-1].doc_id:
            yield from index_units(doc, origin)
            doc = []
        doc.append(u)
    yield from index_units(doc, origin)

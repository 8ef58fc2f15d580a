"""TM units as the index holds them: flattened, with origin and sentence context."""

from __future__ import annotations

import hashlib
import operator
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

from tmbrief.core.model import Unit
from tmbrief.lookup.backend import IndexUnit, UnitBatch
from tmbrief.lookup.grams import SEPARATOR, context_key
from tmbrief.tm.store import Columns


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


def stream_batches(chunks: Iterable[Columns], origin: str) -> Iterator[UnitBatch]:
    """:func:`stream_index_units` for a TM file read with tm.store.iter_columns: batches of
    whole documents (a document cut by a chunk's end is finished with the next chunk)."""
    carry: Columns | None = None
    for chunk in chunks:
        if carry is not None:
            chunk = Columns(*(getattr(carry, f) + getattr(chunk, f) for f in _FIELDS))
        last = chunk.doc_id[-1]
        cut = len(chunk)
        while cut and chunk.doc_id[cut - 1] == last:
            cut -= 1
        if cut == 0:  # one document so far: wait for its end
            carry = chunk
            continue
        yield _places(_slice(chunk, 0, cut), origin)
        carry = _slice(chunk, cut, len(chunk))
    if carry is not None and len(carry):
        yield _places(carry, origin)


_FIELDS = ("tuid", "doc_id", "segtype", "status", "confidence", "source", "target")


def _slice(columns: Columns, start: int, end: int) -> Columns:
    return Columns(*(getattr(columns, f)[start:end] for f in _FIELDS))


def _places(c: Columns, origin: str) -> UnitBatch:
    """Positions and contexts (as :func:`index_units` gives them) of whole documents,
    made list by list (a million units pass through here)."""
    n = len(c)
    at = [i for i, segtype in enumerate(c.segtype) if segtype == "sentence"]
    docs = [c.doc_id[i] for i in at]
    texts = [_neighbour(c.source[i]).encode("utf-8") for i in at]  # each encoded once
    first = list(map(operator.ne, docs, [None, *docs[:-1]]))  # a document's first sentence
    before = [b"" if f else t for f, t in zip(first, [b"", *texts[:-1]], strict=True)]
    after = [b"" if f else t for f, t in zip([*first[1:], True], [*texts[1:], b""], strict=True)]
    sep = SEPARATOR.encode("utf-8")
    contexts = [
        hashlib.blake2b(b + sep + a, digest_size=8).hexdigest()
        for b, a in zip(before, after, strict=True)
    ]
    starts = accumulate((k if f else 0 for k, f in enumerate(first)), max)
    positions = [k - s for k, s in enumerate(starts)]
    if len(at) < n:  # block and paragraph units: position -1, no context
        all_positions, all_contexts = [-1] * n, [""] * n
        for k, i in enumerate(at):
            all_positions[i], all_contexts[i] = positions[k], contexts[k]
        positions, contexts = all_positions, all_contexts
    return UnitBatch(
        c.tuid, c.doc_id, c.segtype, c.source, c.target, c.status, c.confidence,
        origin, positions, contexts,
    )  # fmt: skip


def _neighbour(text: str) -> str:
    """A sentence as its neighbours' context sees it (see grams.context_key)."""
    return unicodedata.normalize("NFC", text).strip()

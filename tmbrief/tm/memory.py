"""The translation memory: units from beads, composite units, the TM file, pandas views.

One sentence unit per bead, tuid ``<id>:<n>`` (n = bead index). A bead whose
English has no Chinese (``0-1``) would make a unit with an empty source, which
no CAT tool can match; its English is merged into the neighbouring unit (the
previous one if its English ends in the same English paragraph, else the next
one, else the nearest) and that unit becomes ``needs-review`` with a note. A
bead whose Chinese has no English (``1-0``) is an ``untranslated`` unit.

Composite units (paragraph and block units, tmbrief/tm_composite.py, whose
functions this module re-exports) help CAT tools that segment differently
from us find exact matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tmbrief.core import escape
from tmbrief.core.errors import InputError, ParseError
from tmbrief.core.model import UNIT_STATUSES, Bead, Segment, TMHeader, Unit
from tmbrief.core.textio import read_text
from tmbrief.core.units import clean_note, status_of
from tmbrief.tm.composite import (  # noqa: F401 (part of this module's API)
    CAT_BREAKS,
    build_paragraph_units,
    is_break,
    refresh_composites,
)
from tmbrief.tm.store import COLUMNS, validate_unit

NOTES_HEADER = ("zh", "note")


# --- notes -----------------------------------------------------------------------------


def load_notes(path) -> dict[str, str]:
    """Read ``seeds/<id>.notes.tsv`` (header ``zh<TAB>note``) as {Chinese sentence: note}.

    Fields use the project's TSV escapes (``\\t``, ``\\n``, ``\\\\``); blank lines
    and lines starting with ``#`` are skipped. A missing header, a row without
    exactly two fields, an empty field or a sentence given twice is a ParseError.
    """
    lines = read_text(path).split("\n")
    notes: dict[str, str] = {}
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != NOTES_HEADER:
                raise ParseError(path, "header must be 'zh<TAB>note'", number)
            header_seen = True
            continue
        if len(fields) != 2:
            raise ParseError(path, f"expected 2 tab-separated fields, found {len(fields)}", number)
        zh, note = (escape.unescape(f).strip() for f in fields)
        if not zh or not note:
            raise ParseError(path, "empty Chinese sentence or note", number)
        if zh in notes:
            raise ParseError(path, f"sentence {zh[:20]!r} has a note already", number)
        notes[zh] = note
    if not header_seen:
        raise ParseError(path, "no header 'zh<TAB>note'", 1)
    return notes


def _notes_for(source: str, notes: Mapping[str, str] | None) -> tuple[str, ...]:
    if not notes or not source:
        return ()
    return tuple(clean_note(n) for zh, n in notes.items() if zh and zh in source)


def unmatched_notes(units: Iterable[Unit], notes: Mapping[str, str]) -> tuple[str, ...]:
    """Chinese sentences of ``notes`` that no unit's source contains (for the caller to report)."""
    sources = [u.source for u in units]
    return tuple(zh for zh in notes if not any(zh in s for s in sources))


# --- sentence units --------------------------------------------------------------------


@dataclass
class _Draft:
    """A unit under construction (mutable while 0-1 beads are merged in)."""

    bead: int
    src: list[Segment]
    tgt: list[Segment]
    score: float
    notes: list[str]
    review: bool = False


def _lookup(segments: Iterable[Segment], lang: str, doc_id: str) -> dict[int, Segment]:
    table: dict[int, Segment] = {}
    for seg in segments:
        if seg.id in table:
            raise InputError(doc_id, f"two {lang} segments have id {seg.id}")
        table[seg.id] = seg
    return table


def _join_zh(segs: Sequence[Segment]) -> str:
    """Chinese segments joined: nothing between adjacent ones, one space over a gap."""
    out = []
    for i, seg in enumerate(segs):
        if i and (seg.paragraph != segs[i - 1].paragraph or seg.start > segs[i - 1].end):
            out.append(" ")
        out.append(seg.text)
    return "".join(out)


def build_units(
    doc_id: str,
    src_segments: Iterable[Segment],
    tgt_segments: Iterable[Segment],
    beads: Sequence[Bead],
    *,
    notes: Mapping[str, str] | None = None,
    review_threshold: float,
) -> tuple[Unit, ...]:
    """One sentence unit per bead (0-1 beads merged into a neighbour, see the module doc).

    Status: ``untranslated`` without English; ``needs-review`` when the bead's
    confidence is below ``review_threshold``, when English was merged in, or
    when the Chinese spans two paragraphs; else ``translated``. Confidence is
    rounded to 4 decimals (as every format writes it). Every segment must be in
    exactly one bead (InputError otherwise: an aligner that loses text is a bug).
    """
    src = _lookup(src_segments, "Chinese", doc_id)
    tgt = _lookup(tgt_segments, "English", doc_id)
    _check_cover(doc_id, src, tgt, beads)
    drafts: list[_Draft] = []
    orphans: list[tuple[int, int, list[Segment]]] = []  # (bead, index in drafts, English)
    for n, bead in enumerate(beads):
        zh = [src[i] for i in bead.src]
        en = [tgt[i] for i in bead.tgt]
        if zh:
            drafts.append(_Draft(n, zh, en, bead.score, []))
        elif en:
            orphans.append((n, len(drafts), en))
    for n, position, en in orphans:
        _merge_orphan(drafts, n, position, en, doc_id)
    return tuple(_unit(doc_id, d, notes, review_threshold) for d in drafts)


def _check_cover(doc_id, src, tgt, beads) -> None:
    for lang, table, ids in (
        ("Chinese", src, [i for b in beads for i in b.src]),
        ("English", tgt, [i for b in beads for i in b.tgt]),
    ):
        unknown = sorted(set(ids) - set(table))
        if unknown:
            raise InputError(doc_id, f"beads refer to unknown {lang} segments {unknown[:10]}")
        seen, twice = set(), set()
        for i in ids:
            (twice if i in seen else seen).add(i)
        if twice:
            raise InputError(doc_id, f"{lang} segments {sorted(twice)[:10]} are in two beads")
        missing = sorted(set(table) - seen)
        if missing:
            raise InputError(doc_id, f"{lang} segments {missing[:10]} are in no bead")


def _merge_orphan(drafts: list[_Draft], n: int, position: int, en: list[Segment], doc_id) -> None:
    """Merge the English of 0-1 bead ``n`` into a neighbouring draft (never drop it)."""
    prev = drafts[position - 1] if position > 0 else None
    nxt = drafts[position] if position < len(drafts) else None
    para = en[0].paragraph
    if prev is not None and (not prev.tgt or prev.tgt[-1].paragraph == para):
        host, append = prev, True
    elif nxt is not None and (not nxt.tgt or nxt.tgt[0].paragraph == para):
        host, append = nxt, False
    elif prev is not None:
        host, append = prev, True
    elif nxt is not None:
        host, append = nxt, False
    else:
        # No Chinese at all in the document: keep the English as a source-less unit.
        drafts.append(_Draft(n, [], list(en), 0.0, [], True))
        drafts[-1].notes.append("tmbrief: English without any Chinese in the document")
        return
    host.tgt = host.tgt + en if append else en + host.tgt
    host.review = True
    ids = ", ".join(str(s.id) for s in en)
    host.notes.append(
        f"tmbrief: English segment {ids} had no Chinese counterpart (bead {n}) and was "
        "merged here; check the alignment"
    )


def _unit(doc_id: str, d: _Draft, notes, threshold: float) -> Unit:
    source = _join_zh(d.src)
    target = " ".join(s.text.strip() for s in d.tgt if s.text.strip())
    first = d.src[0] if d.src else None
    paragraph = first.paragraph if first else d.tgt[0].paragraph
    same = [s for s in d.src if s.paragraph == paragraph]
    crosses = len(same) != len(d.src)
    auto = list(d.notes)
    if crosses:
        auto.append("tmbrief: the Chinese of this unit spans two paragraphs")
    confidence = round(min(max(float(d.score), 0.0), 1.0), 4)
    if not target:
        status = "untranslated"
    elif d.review or crosses or confidence < threshold:
        status = "needs-review"
    else:
        status = "translated"
    return Unit(
        tuid=f"{doc_id}:{d.bead}",
        doc_id=doc_id,
        paragraph=paragraph,
        src_ids=tuple(s.id for s in d.src),
        tgt_ids=tuple(s.id for s in d.tgt),
        source=source,
        target=target,
        bead_type=f"{len(d.src)}-{len(d.tgt)}",
        confidence=confidence,
        status=status,
        notes=_notes_for(source, notes) + tuple(auto),
        src_start=first.start if first else 0,
        src_end=same[-1].end if same else 0,
    )


# --- the TM file -----------------------------------------------------------------------


def write_tm(units: Iterable[Unit], header: TMHeader, fh) -> None:
    """Write the TM TSV (``tm/<id>.tsv``) to the text file ``fh``; see tm/store.py."""
    from tmbrief.tm import store as tm_tsv

    tm_tsv.write(units, header, fh)


def read_tm(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read and validate a TM TSV; ParseError (file, line) on anything malformed."""
    from tmbrief.tm import store as tm_tsv

    return tm_tsv.read(path)


def load_tm(path):
    """The TM as a pandas DataFrame, one row per unit; ``frame.attrs["header"]`` is its TMHeader.

    Columns are :data:`COLUMNS`; ``src_ids``/``tgt_ids`` hold tuples of ints and
    ``notes`` a tuple of strings.
    """
    import pandas as pd

    header, units = read_tm(path)
    frame = pd.DataFrame([[getattr(u, c) for c in COLUMNS] for u in units], columns=list(COLUMNS))
    frame.attrs["header"] = header
    return frame


def frame_units(frame) -> tuple[Unit, ...]:
    """Units of a DataFrame shaped like :func:`load_tm`'s (ids may be "0,1" strings too).

    Edits are made coherent as :mod:`tmbrief.tm.merge` makes a translator's: a
    sentence unit's status follows its target (:func:`status_of`: blanking a
    target makes it ``untranslated``, a target on an untranslated unit makes it
    ``translated``, ``needs-review`` stays while it has a target), and block and
    paragraph units are rebuilt from their sentence units. Every unit is then
    checked as the TM reader checks it; InputError naming the row otherwise.
    """
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError("<DataFrame>", f"missing columns {missing}")
    units = []
    for n, row in enumerate(frame[list(COLUMNS)].itertuples(index=False), 1):
        try:
            target, segtype = _text(row.target), str(row.segtype)
            status = str(row.status)
            if segtype == "sentence" and status in UNIT_STATUSES:
                status = status_of(target, status == "needs-review")
            units.append(
                Unit(
                    tuid=str(row.tuid),
                    doc_id=str(row.doc_id),
                    paragraph=int(row.paragraph),
                    src_ids=_ids(row.src_ids),
                    tgt_ids=_ids(row.tgt_ids),
                    source=_text(row.source),
                    target=target,
                    bead_type=str(row.bead_type),
                    confidence=float(row.confidence),
                    status=status,
                    notes=_notes(row.notes),
                    src_start=int(row.src_start),
                    src_end=int(row.src_end),
                    segtype=segtype,
                )
            )
        except (TypeError, ValueError) as exc:
            raise InputError("<DataFrame>", f"row {n}: {exc}") from exc
    units = refresh_composites(units)
    seen: dict[str, int] = {}
    for n, unit in enumerate(units, 1):
        try:
            validate_unit(unit)
        except ValueError as exc:
            raise InputError("<DataFrame>", f"row {n} ({unit.tuid}): {exc}") from exc
        if unit.tuid in seen:
            raise InputError(
                "<DataFrame>", f"row {n}: tuid {unit.tuid} also in row {seen[unit.tuid]}"
            )
        seen[unit.tuid] = n
    return units


def _text(value) -> str:
    return "" if value is None or value != value else str(value)  # NaN != NaN


def _ids(value) -> tuple[int, ...]:
    if isinstance(value, str):
        return tuple(int(t) for t in value.replace(" ", "").split(",") if t)
    return tuple(int(i) for i in value)


def _notes(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(n for n in value.split("\n") if n)
    if value is None or value != value:
        return ()
    return tuple(str(n) for n in value)


def save_tm(frame, path) -> None:
    """Write a DataFrame of units back to a TM file, atomically (see :func:`frame_units`).

    The header is ``frame.attrs["header"]``; failing that, the header of the
    file already at ``path``; failing that, one made from the ``doc_id`` column.
    """
    from tmbrief.core.textio import atomic_open

    units = frame_units(frame)
    header = frame.attrs.get("header")
    if not isinstance(header, TMHeader):
        if Path(path).exists():
            from tmbrief.tm import store as tm_tsv

            header = tm_tsv.read_header(path)
        else:
            ids = sorted({u.doc_id for u in units})
            header = TMHeader(doc_id=ids[0] if len(ids) == 1 else "")
    with atomic_open(path) as fh:
        write_tm(units, header, fh)

"""The review record ``tm/<id>.review.tsv``: a person's alignment fixes and unit edits, replayable.

One row per action, in order, never rewritten (undo is a row of its own)::

    seq  action  tuid  src_ids  before  after  digest

- ``merge``, ``split``, ``move``, ``unpair``: an alignment fix; ``before`` and
  ``after`` are bead runs (``0,1/2/1.0000`` per bead, space-separated),
  ``digest`` a hash of the texts of the sentences in the run.
- ``target``, ``status``, ``note``: an edit of the sentence unit whose Chinese
  is segments ``src_ids`` (its tuid is kept for people: tuids follow bead
  numbers, which alignment fixes shift); ``before``/``after`` are the old and
  new value (a note is added); ``digest`` hashes the unit's Chinese.
- ``undo``: ``before`` is the seq of the action it undoes.

:func:`replay` puts the record on top of a fresh alignment, as ``build`` does:
fixes first (a fix whose ``before`` run is no longer in the alignment, or whose
sentences changed, is a conflict), then the edits, applied with
:func:`tmbrief.tm.merge.merge`, the function ``tmbrief import`` applies a
translator's file with. A conflict is reported and its row kept, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tmbrief.core import escape
from tmbrief.core.errors import ParseError
from tmbrief.core.model import Bead, Paragraph, Segment, Unit
from tmbrief.core.textio import atomic_write, read_text
from tmbrief.core.units import export_view, format_ids, parse_ids
from tmbrief.review.ops import OPS, Fix, apply_fix
from tmbrief.tm.composite import build_paragraph_units
from tmbrief.tm.memory import build_units
from tmbrief.tm.merge import merge

SUFFIX = ".review.tsv"
COLUMNS = ("seq", "action", "tuid", "src_ids", "before", "after", "digest")
EDITS = ("target", "status", "note")
ACTIONS = (*OPS, *EDITS, "undo")
REVIEW_STATUSES = ("translated", "needs-review")


@dataclass(frozen=True)
class Row:
    """One action of the record."""

    seq: int
    action: str
    tuid: str = ""
    src_ids: tuple[int, ...] = ()
    before: str = ""
    after: str = ""
    digest: str = ""

    @property
    def is_fix(self) -> bool:
        return self.action in OPS


@dataclass(frozen=True)
class Replayed:
    """The record on top of an alignment: beads, units, what matched, what did not."""

    beads: tuple[Bead, ...]
    units: tuple[Unit, ...]
    edited: frozenset[tuple[int, ...]]  # src ids of units with a live edit
    fixed: frozenset[tuple[tuple[int, ...], tuple[int, ...]]]  # (src, tgt) of fixed beads
    conflicts: tuple[str, ...]


def digest(*texts: str) -> str:
    """A short hash of texts: 12 hex digits of SHA-1 over them, NUL-separated."""
    return hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:12]


def format_beads(beads: Iterable[Bead]) -> str:
    """Beads as one field: ``src/tgt/score`` each, space-separated."""
    return " ".join(f"{format_ids(b.src)}/{format_ids(b.tgt)}/{b.score:.4f}" for b in beads)


def parse_beads(text: str) -> tuple[Bead, ...]:
    """Inverse of :func:`format_beads`; ValueError on anything else."""
    beads = []
    for part in text.split():
        src, tgt, score = part.split("/")
        beads.append(Bead(parse_ids(src), parse_ids(tgt), float(score)))
    return tuple(beads)


def fix_digest(fix: Fix, zh: Mapping[int, Segment], en: Mapping[int, Segment]) -> str:
    """Digest of the texts of every sentence a fix moves (so a changed article is noticed)."""
    texts = [zh[i].text for b in fix.before for i in b.src]
    texts += [en[i].text for b in fix.before for i in b.tgt]
    return digest(*texts)


def fix_of(row: Row) -> Fix:
    """The :class:`Fix` a fix row records."""
    return Fix(row.action, int(row.tuid or 0), parse_beads(row.before), parse_beads(row.after))


def fix_row(seq: int, fix: Fix, zh, en) -> Row:
    """The row recording ``fix`` (``tuid`` holds the bead number it started at)."""
    return Row(
        seq,
        fix.op,
        str(fix.start),
        tuple(i for b in fix.before for i in b.src),
        format_beads(fix.before),
        format_beads(fix.after),
        fix_digest(fix, zh, en),
    )


# --- the file ----------------------------------------------------------------------------


def path_for(tm_dir: Path, doc_id: str) -> Path:
    """``tm/<id>.review.tsv``."""
    return Path(tm_dir) / f"{doc_id}{SUFFIX}"


def read_record(path) -> tuple[Row, ...]:
    """Read a record; ParseError naming the line on anything malformed."""
    header, lines = escape.parse_rows(read_text(path))
    if tuple(header) != COLUMNS:
        raise ParseError(path, f"header must be {' '.join(COLUMNS)}", 1)
    rows: list[Row] = []
    for number, fields in lines:
        if len(fields) != len(COLUMNS):
            raise ParseError(path, f"expected {len(COLUMNS)} fields, found {len(fields)}", number)
        seq, action, tuid, ids, before, after, dig = fields
        try:
            row = Row(int(seq), action, tuid, parse_ids(ids), before, after, dig)
            if row.is_fix:
                fix_of(row)
        except ValueError as exc:
            raise ParseError(path, f"bad field: {exc}", number) from exc
        if action not in ACTIONS:
            raise ParseError(path, f"unknown action {action!r}", number)
        if rows and row.seq <= rows[-1].seq:
            raise ParseError(path, f"seq {row.seq} does not follow {rows[-1].seq}", number)
        rows.append(row)
    return tuple(rows)


def write_record(path, rows: Sequence[Row]) -> None:
    """Write the whole record atomically (it is small; a torn append is never possible)."""
    atomic_write(
        path,
        escape.format_rows(
            COLUMNS,
            (
                (r.seq, r.action, r.tuid, format_ids(r.src_ids), r.before, r.after, r.digest)
                for r in rows
            ),
        ),
    )


# --- replay ------------------------------------------------------------------------------


def live_rows(rows: Sequence[Row]) -> tuple[Row, ...]:
    """The actions in force: every non-undo row that no undo row names."""
    undone = {int(r.before) for r in rows if r.action == "undo"}
    return tuple(r for r in rows if r.action != "undo" and r.seq not in undone)


def apply_fixes(
    beads: Sequence[Bead], rows: Sequence[Row], zh: Mapping[int, Segment], en
) -> tuple[tuple[Bead, ...], tuple[str, ...]]:
    """The live fixes of ``rows`` applied in order; conflicts for those that no longer fit."""
    beads = tuple(beads)
    conflicts = []
    for row in live_rows(rows):
        if not row.is_fix:
            continue
        fix = fix_of(row)
        try:
            same = fix_digest(fix, zh, en) == row.digest
        except KeyError:
            same = False
        fixed = apply_fix(beads, fix) if same else None
        if fixed is None:
            conflicts.append(
                f"alignment fix {row.seq} ({row.action} at bead {row.tuid}) no longer fits "
                "the alignment or its sentences changed; not applied, kept in the record"
            )
            continue
        beads = fixed
    return beads, tuple(conflicts)


def apply_edits(
    units: Sequence[Unit], rows: Sequence[Row]
) -> tuple[tuple[Unit, ...], frozenset[tuple[int, ...]], tuple[str, ...]]:
    """The live edits of ``rows`` applied through the import merge; (units, edited, conflicts)."""
    by_src = {u.src_ids: i for i, u in enumerate(units) if u.segtype == "sentence" and u.src_ids}
    working: dict[int, Unit] = {}
    edited: set[tuple[int, ...]] = set()
    conflicts: list[str] = []
    for row in live_rows(rows):
        if row.is_fix:
            continue
        i = by_src.get(row.src_ids)
        unit = working.get(i) or (export_view(units[i]) if i is not None else None)
        if unit is None or digest(units[i].source) != row.digest:
            conflicts.append(
                f"edit {row.seq} ({row.action} of {row.tuid}): its Chinese is no longer one unit; "
                "not applied, kept in the record"
            )
            continue
        if row.action == "target":
            if unit.target != row.before:
                conflicts.append(
                    f"edit {row.seq} (target of {row.tuid}): the target under it changed; "
                    "not applied, kept in the record"
                )
                continue
            unit = replace(unit, target=row.after)
        elif row.action == "status":
            unit = replace(unit, status=row.after)
        else:
            unit = replace(unit, notes=(*unit.notes, row.after))
        working[i] = unit
        edited.add(row.src_ids)
    result = merge(units, working.values())
    conflicts += [f"edit of {r.tuid} not applied: {r.reason}" for r in result.rejected]
    return result.units, frozenset(edited), tuple(conflicts)


def fixed_beads(beads: Sequence[Bead], rows: Sequence[Row]) -> frozenset:
    """(src, tgt) of the beads in ``beads`` that a live fix made."""
    made = {(b.src, b.tgt) for r in live_rows(rows) if r.is_fix for b in fix_of(r).after}
    return frozenset((b.src, b.tgt) for b in beads if (b.src, b.tgt) in made)


def replay(
    doc_id: str,
    zh: Sequence[Segment],
    en: Sequence[Segment],
    beads: Sequence[Bead],
    paragraphs: Sequence[Paragraph],
    rows: Sequence[Row],
    *,
    notes: Mapping[str, str] | None,
    review_threshold: float,
    fixes_applied: bool = False,
) -> Replayed:
    """The document's units from ``beads`` with the record on top, as ``build`` makes them.

    ``fixes_applied``: the beads already carry the record's fixes (the review app
    keeps them so); otherwise they are the aligner's and the fixes are replayed.
    """
    zh_by_id = {s.id: s for s in zh}
    en_by_id = {s.id: s for s in en}
    conflicts: tuple[str, ...] = ()
    if not fixes_applied:
        beads, conflicts = apply_fixes(beads, rows, zh_by_id, en_by_id)
    units = build_units(doc_id, zh, en, beads, notes=notes, review_threshold=review_threshold)
    units, edited, edit_conflicts = apply_edits(units, rows)
    units = units + build_paragraph_units(doc_id, units, paragraphs)
    return Replayed(
        tuple(beads), units, edited, fixed_beads(beads, rows), conflicts + edit_conflicts
    )

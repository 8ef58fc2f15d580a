"""The alignment-fix record ``tm/<id>.review.tsv``: a person's bead fixes, replayable, undoable.

Unit edits (target, status, notes) are not kept here: they go to the TM's edit
record ``tm/<id>.edits.tsv`` (:mod:`tmbrief.tm.edits`), as imported edits do.
This record holds what that one has no kind for, the alignment fixes, and
the order of the review app's actions, so that undo takes back the last one.
One row per action, never rewritten (undo is a row of its own)::

    seq  action  tuid  src_ids  before  after  digest

- ``merge``, ``split``, ``move``, ``unpair``: an alignment fix at bead ``tuid``
  (a bead number); ``before`` and ``after`` are bead runs (``0,1/2/1.0000``
  per bead, space-separated), ``digest`` a hash of the texts of the sentences.
- ``edit``: the review app recorded edit ``before`` (its seq in the edit
  record) of unit ``tuid``; ``undo`` of it records the inverse edit there.
- ``undo``: ``before`` is the seq of the action it undoes.

:func:`replay` puts both records on top of a fresh alignment, as ``build`` does:
the live fixes first (one whose ``before`` run is no longer in the alignment,
or whose sentences changed, is a conflict), then the edit record with
:func:`tmbrief.tm.edits.replay`. A fix renumbers the beads after it and so the
tuids of their units; an edit whose tuid now names another sentence is
re-keyed to the one sentence unit with its source (:func:`rekey`). A conflict
is reported and its row kept, never dropped.
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
from tmbrief.core.units import format_ids, parse_ids
from tmbrief.review.ops import OPS, Fix, apply_fix
from tmbrief.tm.composite import build_paragraph_units
from tmbrief.tm.edits import Conflict, Edit, state_of
from tmbrief.tm.edits import replay as replay_edits
from tmbrief.tm.memory import build_units

SUFFIX = ".review.tsv"
COLUMNS = ("seq", "action", "tuid", "src_ids", "before", "after", "digest")
ACTIONS = (*OPS, "edit", "undo")


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
    edited: frozenset[str]  # tuids of units the edit record changed
    fixed: frozenset[tuple[tuple[int, ...], tuple[int, ...]]]  # (src, tgt) of fixed beads
    fix_conflicts: tuple[str, ...]  # fixes that no longer fit (kept in the record)
    edit_conflicts: tuple[Conflict, ...]  # edits that no longer fit (kept in the record)

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Every conflict, as a line for a person."""
        return self.fix_conflicts + tuple(map(str, self.edit_conflicts))


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


def read_fixes(tm_dir: Path, doc_id: str) -> tuple[Row, ...]:
    """The review record of ``doc_id`` in ``tm_dir``; none when it does not exist."""
    path = path_for(tm_dir, doc_id)
    return read_record(path) if path.exists() else ()


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


def rekey(units: Sequence[Unit], edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """Edits whose tuid an alignment fix shifted, pointed at the one unit with their source.

    An edit whose tuid still names a sentence unit with its source is kept as
    it is; so is one whose source no unit or several units have (the replay
    reports it as a conflict).
    """
    by_tuid = {u.tuid: u for u in units if u.segtype == "sentence"}
    by_source: dict[str, list[str]] = {}
    for u in by_tuid.values():
        by_source.setdefault(u.source, []).append(u.tuid)
    out = []
    for edit in edits:
        unit = by_tuid.get(edit.tuid)
        owners = by_source.get(edit.source, [])
        if (unit is None or unit.source != edit.source) and len(owners) == 1:
            edit = replace(edit, tuid=owners[0])
        out.append(edit)
    return tuple(out)


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
    edits: Sequence[Edit] = (),
    *,
    notes: Mapping[str, str] | None,
    review_threshold: float,
    fixes_applied: bool = False,
) -> Replayed:
    """The document's units from ``beads`` with the fixes ``rows`` and ``edits`` on top.

    As ``build`` makes them.
    ``fixes_applied``: the beads already carry the record's fixes (the review app
    keeps them so); otherwise they are the aligner's and the fixes are replayed.
    """
    zh_by_id = {s.id: s for s in zh}
    en_by_id = {s.id: s for s in en}
    conflicts: tuple[str, ...] = ()
    if not fixes_applied:
        beads, conflicts = apply_fixes(beads, rows, zh_by_id, en_by_id)
    units = build_units(doc_id, zh, en, beads, notes=notes, review_threshold=review_threshold)
    aligned = units
    units, edit_conflicts = replay_edits(units, rekey(units, edits))
    edited = frozenset(
        u.tuid for u, a in zip(units, aligned, strict=True) if state_of(u) != state_of(a)
    )
    units = units + build_paragraph_units(doc_id, units, paragraphs)
    return Replayed(
        tuple(beads),
        units,
        edited,
        fixed_beads(beads, rows),
        conflicts,
        edit_conflicts,
    )

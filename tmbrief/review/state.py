"""A document under review as a frozen value, and the review actions as pure functions over it.

:class:`DocState` holds what the page shows (sentences, beads, units, QA
findings) and the two records that made it (alignment fixes, unit edits). An
action (:func:`edit_unit`, :func:`fix_beads`, :func:`undo`) checks the request,
and returns a :class:`Change`: the new state and the rows to append to the
records; it never writes. A bad request raises a :class:`ReviewError` whose
``status`` is the HTTP status the app answers with, and changes nothing.

Concurrency is optimistic: every unit has a revision (a hash of its target,
status and notes) and the alignment has one (a hash of its beads); an action
names the revision it was made on and is refused (409) when it is stale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from tmbrief.core.glossary import Term
from tmbrief.core.model import Bead, Finding, Paragraph, Segment, TMHeader, Unit
from tmbrief.core.settings import REVIEW_THRESHOLD
from tmbrief.qa.report import run_checks
from tmbrief.review import ops
from tmbrief.review.record import Replayed, Row, digest, fix_of, fix_row, format_beads, replay
from tmbrief.tm.edits import Edit, edits_between, state_of
from tmbrief.tm.merge import merge

EDIT_SOURCE = "tmbrief review"  # the edit record's "file" for edits made in the app
STATUSES = ("translated", "needs-review")


class ReviewError(ValueError):
    """A request the app refuses; ``status`` is its HTTP status code."""

    status = 400


class NotFound(ReviewError):
    status = 404


class Stale(ReviewError):
    """The request was made on an older revision (another tab changed it since)."""

    status = 409


class Refused(ReviewError):
    """Well-formed, but it cannot be done (would lose text or a person's edit)."""

    status = 422


@dataclass(frozen=True)
class DocState:
    """One document under review: its sentences, beads (fixes applied) and records."""

    doc_id: str
    header: TMHeader
    zh: tuple[Segment, ...]
    en: tuple[Segment, ...]
    paragraphs: tuple[Paragraph, ...]
    beads: tuple[Bead, ...]
    rows: tuple[Row, ...] = ()
    edits: tuple[Edit, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)
    glossary: tuple[Term, ...] = ()
    threshold: float = REVIEW_THRESHOLD

    @cached_property
    def replayed(self) -> Replayed:
        """Units as ``build`` makes them from these beads and records."""
        return replay(
            self.doc_id,
            self.zh,
            self.en,
            self.beads,
            self.paragraphs,
            self.rows,
            self.edits,
            notes=self.notes,
            review_threshold=self.threshold,
            fixes_applied=True,
        )

    @property
    def units(self) -> tuple[Unit, ...]:
        return self.replayed.units

    @cached_property
    def unit_index(self) -> dict[str, Unit]:
        return {u.tuid: u for u in self.units}

    @cached_property
    def findings(self) -> dict[str, tuple[Finding, ...]]:
        """QA findings by tuid (tmbrief.qa.report.run_checks over every unit)."""
        out: dict[str, list[Finding]] = {}
        for f in run_checks(self.units, glossary=self.glossary):
            out.setdefault(f.unit, []).append(f)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def rev(self) -> str:
        """The alignment's revision: a hash of its beads."""
        return digest(format_beads(self.beads))

    def unit_of_bead(self, n: int) -> Unit | None:
        """The sentence unit made from bead ``n`` (None for a bead without Chinese)."""
        return self.unit_index.get(f"{self.doc_id}:{n}")


def unit_rev(unit: Unit) -> str:
    """A unit's revision: a hash of its target, status and notes."""
    return digest(*state_of(unit))


@dataclass(frozen=True)
class Change:
    """What an action did: the new state and the rows it adds to each record."""

    state: DocState
    rows: tuple[Row, ...] = ()
    edits: tuple[Edit, ...] = ()
    summary: str = ""


def _next_seq(state: DocState) -> int:
    return state.rows[-1].seq + 1 if state.rows else 1


def _numbered(state: DocState, edits: Sequence[Edit]) -> tuple[Edit, ...]:
    start = state.edits[-1].seq if state.edits else 0
    return tuple(replace(e, seq=start + i) for i, e in enumerate(edits, 1))


def _record_edit(state: DocState, edit: Edit, summary: str) -> Change:
    (edit,) = _numbered(state, [edit])
    row = Row(_next_seq(state), "edit", edit.tuid, (), str(edit.seq))
    new = replace(state, rows=(*state.rows, row), edits=(*state.edits, edit))
    return Change(new, (row,), (edit,), summary)


def edit_unit(
    state: DocState,
    tuid: str,
    rev: str,
    *,
    target: str | None = None,
    status: str | None = None,
    note: str | None = None,
    time: str = "",
) -> Change:
    """Edit a sentence unit's target, set its status, or add a note (at revision ``rev``).

    Applied with :func:`tmbrief.tm.merge.merge`, as ``tmbrief import`` applies a
    translator's file (an empty target never erases a translation), and recorded
    in the edit record as :func:`tmbrief.tm.edits.edits_between` records imports.
    """
    unit = state.unit_index.get(tuid)
    if unit is None:
        raise NotFound(f"no unit {tuid} in {state.doc_id}")
    if unit.segtype != "sentence":
        raise Refused(f"{tuid} is a {unit.segtype} unit, derived from its sentences: edit those")
    if rev != unit_rev(unit):
        raise Stale(f"{tuid} changed since revision {rev} (now {unit_rev(unit)}): reload it")
    if target is None and status is None and note is None:
        raise ReviewError("nothing to change: give target, status or note")
    if status is not None and status not in STATUSES:
        raise ReviewError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
    new_target = unit.target if target is None else target
    new_status = status or unit.status
    notes = unit.notes
    if note is not None:
        note = " ".join(note.split())
        if not note:
            raise ReviewError("empty note")
        notes = (*notes, note)
    incoming = replace(unit, target=new_target, status=new_status, notes=notes)
    result = merge(state.units, [incoming])
    if result.rejected:
        raise Refused(f"{tuid}: {result.rejected[0].reason}")
    edits = edits_between(state.units, result.units, EDIT_SOURCE, time)
    if not edits:
        return Change(state, summary=f"{tuid} unchanged")
    return _record_edit(state, edits[0], f"edited {tuid}")


def _beads_of(fix: ops.Fix) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(b.src, b.tgt) for b in fix.before}


def fix_beads(state: DocState, op: str, n: int, rev: str, **args) -> Change:
    """Apply the bead operation ``op`` (merge, split, move, unpair) to bead ``n``.

    Refused when a unit of the beads it changes holds a person's edit (the edit
    would no longer fit its unit: undo it first).
    """
    if op not in ops.OPS:
        raise NotFound(f"no bead operation {op!r} (one of {', '.join(ops.OPS)})")
    if rev != state.rev:
        raise Stale(f"the alignment changed since revision {rev} (now {state.rev}): reload")
    try:
        fix = getattr(ops, op)(state.beads, n, **args)
    except ops.OpError as exc:
        raise Refused(str(exc)) from exc
    except TypeError as exc:
        raise ReviewError(f"{op}: bad arguments ({exc})") from exc
    touched = _beads_of(fix)
    for i in range(fix.start, fix.start + len(fix.before)):
        unit = state.unit_of_bead(i)
        if (
            unit is not None
            and unit.tuid in state.replayed.edited
            and ((state.beads[i].src, state.beads[i].tgt) in touched)
        ):
            raise Refused(
                f"{unit.tuid} holds a person's edit; undo it before changing its alignment"
            )
    beads = ops.apply_fix(state.beads, fix)
    zh = {s.id: s for s in state.zh}
    en = {s.id: s for s in state.en}
    row = fix_row(_next_seq(state), fix, zh, en)
    new = replace(state, beads=beads, rows=(*state.rows, row))
    return Change(new, (row,), (), f"{op} at bead {n}")


def undo(state: DocState, *, time: str = "") -> Change:
    """Take back the review app's last action still in force (a fix or an edit)."""
    undone = {int(r.before) for r in state.rows if r.action == "undo"}
    live = [r for r in state.rows if r.action != "undo" and r.seq not in undone]
    if not live:
        raise Refused("nothing to undo")
    last = live[-1]
    mark = Row(_next_seq(state), "undo", last.tuid, (), str(last.seq))
    if last.action != "edit":
        beads = ops.apply_fix(state.beads, fix_of(last), undo=True)
        if beads is None:
            raise Refused(f"the beads of fix {last.seq} changed since; cannot undo it")
        new = replace(state, beads=beads, rows=(*state.rows, mark))
        return Change(new, (mark,), (), f"undid {last.action} at bead {last.tuid}")
    edit = next(e for e in state.edits if e.seq == int(last.before))
    unit = state.unit_index.get(edit.tuid)
    if unit is None or state_of(unit) != edit.new_state:
        raise Refused(f"{edit.tuid} changed since edit {edit.seq}; cannot undo it")
    inverse = Edit(
        tuid=edit.tuid,
        source=unit.source,
        old_target=edit.new_target,
        old_status=edit.new_status,
        new_target=edit.old_target,
        new_status=edit.old_status,
        file=f"{EDIT_SOURCE} (undo of edit {edit.seq})",
        time=time,
        old_notes=edit.new_notes,
        new_notes=edit.old_notes,
    )
    (inverse,) = _numbered(state, [inverse])
    new = replace(state, rows=(*state.rows, mark), edits=(*state.edits, inverse))
    return Change(new, (mark,), (inverse,), f"undid the edit of {edit.tuid}")

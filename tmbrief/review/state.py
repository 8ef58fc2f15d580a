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
from tmbrief.qa.checks import CHECKS, checks_for
from tmbrief.qa.report import run_checks
from tmbrief.qa.settings import QASettings
from tmbrief.review import ops
from tmbrief.review.record import Replayed, Row, digest, fix_of, fix_row, format_beads, replay
from tmbrief.tm.edits import Edit, edits_between, state_of
from tmbrief.tm.merge import merge

# The checks the build's QA runs (the default profile), split by what they look at.
_PROFILE_CHECKS = checks_for(QASettings())
UNIT_CHECKS = tuple(c.name for c in _PROFILE_CHECKS if c.scope == "unit")
TM_CHECKS = tuple(c.name for c in _PROFILE_CHECKS if c.scope == "tm")
CHECK_ORDER = {c.name: i for i, c in enumerate(CHECKS)}
EAGER_TM_UNITS = 2000
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
    # Unit-scope QA findings by unit content (all but the tuid), shared by the states
    # of one document: an edit re-checks one unit, not the document.
    qa_cache: dict = field(default_factory=dict, compare=False, repr=False)
    # The document-wide findings of the state before, for a large document's edit
    # answer (see row_findings); None when there is no state before.
    tm_hint: Mapping | None = field(default=None, compare=False, repr=False)

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
    def unit_findings(self) -> dict[str, tuple[Finding, ...]]:
        """Findings of the checks that look at one unit at a time, by tuid (cached by content)."""
        cache = self.qa_cache
        todo = [u for u in self.units if _content(u) not in cache]
        found: dict[str, list[Finding]] = {}
        if todo and UNIT_CHECKS:
            for f in run_checks(todo, glossary=self.glossary, only=UNIT_CHECKS):
                found.setdefault(f.unit, []).append(replace(f, unit=""))
        for u in todo:
            cache[_content(u)] = tuple(found.get(u.tuid, ()))
        out = {}
        for u in self.units:
            hits = cache[_content(u)]
            if hits:
                out[u.tuid] = tuple(replace(f, unit=u.tuid) for f in hits)
        return out

    @cached_property
    def tm_findings(self) -> dict[str, tuple[Finding, ...]]:
        """Findings of the checks that compare units across the document, by tuid."""
        out: dict[str, list[Finding]] = {}
        if TM_CHECKS:
            for f in run_checks(self.units, glossary=self.glossary, only=TM_CHECKS):
                out.setdefault(f.unit, []).append(f)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def findings(self) -> dict[str, tuple[Finding, ...]]:
        """QA findings by tuid, as tmbrief.qa.report.run_checks gives them for every unit."""
        tuids = set(self.unit_findings) | set(self.tm_findings)
        return {
            t: _ordered(self.unit_findings.get(t, ()) + self.tm_findings.get(t, ())) for t in tuids
        }

    def row_findings(self, tuid: str) -> tuple[Finding, ...]:
        """One unit's findings; in a large document, right after an edit, quickly.

        Up to :data:`EAGER_TM_UNITS` units, or once the document-wide checks have
        run for this state, these are :attr:`findings`. In a larger document an
        edit's answer takes the document-wide findings of the state before (the
        consistency and length-ratio checks take about a second over 5,000
        units); the next page load has them exact.
        """
        if "findings" in self.__dict__ or len(self.units) <= EAGER_TM_UNITS or self.tm_hint is None:
            return self.findings.get(tuid, ())
        return _ordered(self.unit_findings.get(tuid, ()) + tuple(self.tm_hint.get(tuid, ())))

    @cached_property
    def zh_index(self) -> dict[int, Segment]:
        return {s.id: s for s in self.zh}

    @cached_property
    def en_index(self) -> dict[int, Segment]:
        return {s.id: s for s in self.en}

    @cached_property
    def rev(self) -> str:
        """The alignment's revision: a hash of its beads."""
        return digest(format_beads(self.beads))

    def unit_of_bead(self, n: int) -> Unit | None:
        """The sentence unit made from bead ``n`` (None for a bead without Chinese)."""
        return self.unit_index.get(f"{self.doc_id}:{n}")


def _content(unit: Unit) -> tuple:
    """Everything of a unit that a check may read, but its tuid (which fixes renumber)."""
    return (
        unit.doc_id,
        unit.segtype,
        unit.paragraph,
        unit.src_ids,
        unit.tgt_ids,
        unit.source,
        unit.target,
        unit.bead_type,
        unit.confidence,
        unit.status,
        unit.notes,
        unit.src_start,
        unit.src_end,
    )


def _ordered(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """One unit's findings in the check table's order (as run_checks orders them)."""
    return tuple(sorted(findings, key=lambda f: CHECK_ORDER[f.check]))


def seed_findings(state: DocState, findings: Sequence[Finding]) -> DocState:
    """``state`` with the findings of a QA report on exactly its units (the build's report).

    Saves checking a large document again when it opens: the build has just run
    the same checks over the same units. Findings of checks the app does not run
    (an edit-conflict) are left out.
    """
    one: dict[str, list[Finding]] = {}
    many: dict[str, list[Finding]] = {}
    for f in findings:
        if f.check in CHECK_ORDER:
            (many if f.check in TM_CHECKS else one).setdefault(f.unit, []).append(f)
    for u in state.units:
        state.qa_cache[_content(u)] = tuple(replace(f, unit="") for f in one.get(u.tuid, ()))
    state.__dict__["unit_findings"] = {t: tuple(v) for t, v in one.items()}
    state.__dict__["tm_findings"] = {t: tuple(v) for t, v in many.items()}
    return state


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


def _successor(state: DocState, **changes) -> DocState:
    """The next state: the QA cache goes along, the document-wide findings as a hint."""
    hint = state.__dict__.get("tm_findings", state.tm_hint)
    return replace(state, tm_hint=hint, **changes)


def _record_edit(state: DocState, edit: Edit, summary: str) -> Change:
    (edit,) = _numbered(state, [edit])
    row = Row(_next_seq(state), "edit", edit.tuid, (), str(edit.seq))
    new = _successor(state, rows=(*state.rows, row), edits=(*state.edits, edit))
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
    # The import merge, over the unit's paragraph: its composites are all there.
    units = state.units
    where = [i for i, u in enumerate(units) if u.paragraph == unit.paragraph]
    result = merge([units[i] for i in where], [incoming])
    if result.rejected:
        raise Refused(f"{tuid}: {result.rejected[0].reason}")
    edits = edits_between([units[i] for i in where], result.units, EDIT_SOURCE, time)
    if not edits:
        return Change(state, summary=f"{tuid} unchanged")
    change = _record_edit(state, edits[0], f"edited {tuid}")
    new_units = list(units)
    for i, u in zip(where, result.units, strict=True):
        new_units[i] = u
    old = state.replayed
    # The replay's result, made incrementally (tests check it equals a full replay).
    change.state.__dict__["replayed"] = replace(
        old, units=tuple(new_units), edited=old.edited | {tuid}
    )
    return change


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
    new = _successor(state, beads=beads, rows=(*state.rows, row))
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
        new = _successor(state, beads=beads, rows=(*state.rows, mark))
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
    new = _successor(state, rows=(*state.rows, mark), edits=(*state.edits, inverse))
    return Change(new, (mark,), (inverse,), f"undid the edit of {edit.tuid}")

"""The edit record: every human edit of a TM, kept apart from the alignment and replayed on it.

``tm/<id>.edits.tsv`` is an append-only, committed, human-readable TSV. Each row
is one edit of one sentence unit: what the unit held before (target, status,
notes) and after, the source sentence it was made on, the file (or tool) it
came from and when. ``tmbrief build`` aligns afresh and then :func:`replay`\\ s
the record in order, so a rebuild never loses a person's work.

An edit applies when the unit still holds what the edit started from (its
``old_*`` state) and the source sentence is the same. Otherwise it is a
:class:`Conflict` (the unit is gone, its source sentence changed, or the text
under the edit changed since): not applied, reported, and kept in the record
until a later edit of the same unit applies (a person re-edited it from the
current TM: that resolves the conflict) or the record is discarded.

Layout::

    #tmbrief-edits<TAB>1
    seq<TAB>time<TAB>file<TAB>tuid<TAB>source<TAB>old_status<TAB>new_status<TAB>...

Fields use the project's TSV escapes (tmbrief.core.escape). ``seq`` is the
logical order (1, 2, ...); ``time`` is informative (ISO 8601, from the edited
file or the tool that recorded it) and never read by the replay, so a build is
deterministic given the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tmbrief.core import escape
from tmbrief.core.errors import ParseError
from tmbrief.core.model import UNIT_STATUSES, Finding, Unit
from tmbrief.core.textio import atomic_write, input_errors

MAGIC = "#tmbrief-edits\t1"
COLUMNS = (
    "seq",
    "time",
    "file",
    "tuid",
    "source",
    "old_status",
    "new_status",
    "old_target",
    "new_target",
    "old_notes",
    "new_notes",
)
SUFFIX = ".edits.tsv"


@dataclass(frozen=True)
class Edit:
    """One human edit of one sentence unit: its state before and after, and where it came from.

    ``seq`` is the edit's place in the record (assigned by :func:`append_edits`;
    0 for an edit not yet recorded). Notes are one note per line.
    """

    tuid: str
    source: str
    old_target: str
    old_status: str
    new_target: str
    new_status: str
    file: str
    time: str = ""
    old_notes: str = ""
    new_notes: str = ""
    seq: int = 0

    @property
    def old_state(self) -> tuple[str, str, str]:
        return (self.old_target, self.old_status, self.old_notes)

    @property
    def new_state(self) -> tuple[str, str, str]:
        return (self.new_target, self.new_status, self.new_notes)


@dataclass(frozen=True)
class Conflict:
    """An edit that could not be replayed, and why; kept in the record for a person."""

    edit: Edit
    reason: str

    def __str__(self) -> str:
        return f"edit {self.edit.seq} of {self.edit.tuid} (from {self.edit.file}): {self.reason}"


def edits_path(tm_path) -> Path:
    """``tm/<id>.edits.tsv`` next to the TM file ``tm/<id>.tsv``."""
    tm_path = Path(tm_path)
    name = tm_path.name[: -len(".tsv")] if tm_path.name.endswith(".tsv") else tm_path.name
    return tm_path.with_name(name + SUFFIX)


def state_of(unit: Unit) -> tuple[str, str, str]:
    """(target, status, notes) of a unit, as an edit records it."""
    return (unit.target, unit.status, "\n".join(unit.notes))


def edit_between(before: Unit, after: Unit, file: str, time: str = "") -> Edit | None:
    """The edit that turns ``before`` into ``after`` (same tuid), None if nothing changed."""
    old, new = state_of(before), state_of(after)
    if old == new:
        return None
    return Edit(
        tuid=before.tuid,
        source=before.source,
        old_target=old[0],
        old_status=old[1],
        new_target=new[0],
        new_status=new[1],
        file=file,
        time=time,
        old_notes=old[2],
        new_notes=new[2],
    )


def edits_between(
    before: Sequence[Unit], after: Sequence[Unit], file: str, time: str = ""
) -> tuple[Edit, ...]:
    """The edits of sentence units from ``before`` to ``after`` (TM order, seq 0).

    Block and paragraph units are derived from their sentences, so they are
    never recorded: replaying the sentence edits rebuilds them.
    """
    old = {u.tuid: u for u in before if u.segtype == "sentence"}
    edits = []
    for unit in after:
        prior = old.get(unit.tuid)
        if prior is not None:
            edit = edit_between(prior, unit, file, time)
            if edit is not None:
                edits.append(edit)
    return tuple(edits)


def format_edits(edits: Iterable[Edit]) -> str:
    """The whole record as text (magic line, column names, one row per edit)."""
    rows = (
        (
            e.seq,
            e.time,
            e.file,
            e.tuid,
            e.source,
            e.old_status,
            e.new_status,
            e.old_target,
            e.new_target,
            e.old_notes,
            e.new_notes,
        )
        for e in edits
    )
    return MAGIC + "\n" + escape.format_rows(COLUMNS, rows)


def parse_edits(text: str, path) -> tuple[Edit, ...]:
    """The edits of a record's text; ParseError (file and line) on anything else."""
    first, _, rest = text.partition("\n")
    if first.lstrip("\ufeff") != MAGIC:
        raise ParseError(path, f"not a tmbrief edit record (first line must be {MAGIC!r})", 1)
    header, rows = escape.parse_rows(rest)
    if tuple(header) != COLUMNS:
        raise ParseError(path, "column names must be: " + " ".join(COLUMNS), 2)
    edits: list[Edit] = []
    for number, fields in rows:
        number += 1  # the magic line comes first
        if len(fields) != len(COLUMNS):
            raise ParseError(path, f"expected {len(COLUMNS)} fields, found {len(fields)}", number)
        values = dict(zip(COLUMNS, fields, strict=True))
        try:
            seq = int(values.pop("seq"))
        except ValueError as exc:
            raise ParseError(path, f"seq is not a number: {exc}", number) from exc
        if seq != len(edits) + 1:
            raise ParseError(path, f"seq {seq} out of order (expected {len(edits) + 1})", number)
        for key in ("old_status", "new_status"):
            if values[key] not in UNIT_STATUSES:
                raise ParseError(path, f"{key} {values[key]!r} is not a status", number)
        if not values["tuid"]:
            raise ParseError(path, "empty tuid", number)
        edits.append(Edit(seq=seq, **values))
    return tuple(edits)


def read_edits(path) -> tuple[Edit, ...]:
    """The edits recorded in ``path`` (in order); none when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return ()
    with input_errors(path):
        data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8: {exc.reason}") from exc
    return parse_edits(text, path)


def numbered(recorded: Sequence[Edit], new: Iterable[Edit]) -> tuple[Edit, ...]:
    """``new`` edits numbered to follow ``recorded`` (seq continues from the last one)."""
    start = recorded[-1].seq if recorded else 0
    return tuple(replace(e, seq=start + i) for i, e in enumerate(new, 1))


def record_bytes(recorded: Sequence[Edit], new: Iterable[Edit]) -> bytes:
    """The record with ``new`` appended to ``recorded``: what :func:`append_edits` writes.

    For writers that commit several files at once (import writes the TM and its
    record together).
    """
    return format_edits((*recorded, *numbered(recorded, new))).encode("utf-8")


def append_edits(path, edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """Append ``edits`` to the record at ``path`` (created if missing); return them numbered.

    The old rows are kept byte for byte; the file is replaced atomically, so a
    failed write leaves the previous record intact.
    """
    recorded = read_edits(path)
    new = numbered(recorded, edits)
    if new:
        atomic_write(path, format_edits((*recorded, *new)))
    return new


def replay(
    units: Sequence[Unit], edits: Iterable[Edit]
) -> tuple[tuple[Unit, ...], tuple[Conflict, ...]]:
    """``units`` with ``edits`` applied in order; returns (units, conflicts).

    An edit applies when its unit exists, is a sentence unit, has the same
    source, and holds the edit's old state (or already its new state: applying
    twice changes nothing). Anything else is a :class:`Conflict`, not applied.
    A conflict is resolved by a later edit of the same unit that applies.
    Block and paragraph units are not refreshed here (tm.memory.refresh_composites).
    """
    index = {u.tuid: i for i, u in enumerate(units)}
    result = list(units)
    pending: dict[str, list[Conflict]] = {}
    for edit in edits:
        i = index.get(edit.tuid)
        unit = result[i] if i is not None else None
        reason = _conflict_reason(unit, edit)
        if reason:
            pending.setdefault(edit.tuid, []).append(Conflict(edit, reason))
            continue
        target = edit.new_target
        status = edit.new_status if target else "untranslated"
        notes = tuple(edit.new_notes.split("\n")) if edit.new_notes else ()
        result[i] = replace(unit, target=target, status=status, notes=notes)
        pending.pop(edit.tuid, None)
    conflicts = tuple(c for cs in pending.values() for c in cs)
    return tuple(result), tuple(sorted(conflicts, key=lambda c: c.edit.seq))


def _conflict_reason(unit: Unit | None, edit: Edit) -> str | None:
    if unit is None:
        return "the unit is gone (the alignment changed)"
    if unit.segtype != "sentence":
        return f"{unit.tuid} is now a {unit.segtype} unit (the alignment changed)"
    if unit.source != edit.source:
        return (
            f"the source sentence changed (edited on {_short(edit.source)!r}, "
            f"now {_short(unit.source)!r})"
        )
    state = state_of(unit)
    if state in (edit.old_state, edit.new_state):
        return None
    if state[0] != edit.old_target:
        return (
            f"the target changed under the edit (edited from {_short(edit.old_target)!r}, "
            f"now {_short(state[0])!r})"
        )
    return "the status or notes changed under the edit"


CONFLICT_CHECK = "edit-conflict"


def conflict_findings(conflicts: Iterable[Conflict]) -> tuple[Finding, ...]:
    """One QA error per conflict, saying how a translator resolves it."""
    return tuple(
        Finding(
            unit=c.edit.tuid,
            check=CONFLICT_CHECK,
            severity="error",
            message=(
                f"recorded edit {c.edit.seq} (from {c.edit.file}) not applied: {c.reason}; "
                "re-edit the unit from a fresh export and import it (docs/edits.md)"
            ),
            source=c.edit.source,
            target=c.edit.new_target,
        )
        for c in conflicts
    )


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

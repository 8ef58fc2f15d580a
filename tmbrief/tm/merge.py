"""Edits coming back: merge a translator's file (PO, TMX, XLIFF, CSV, XLSX) into the TM.

Pure: :func:`merge` takes the TM's units and the units read from the
translator's file and returns the new units, what changed and what was
rejected. Incoming units are compared with what we exported (the export view:
control characters removed), so an untouched file changes nothing.

Applied, per sentence unit: a changed target (status ``translated``, or
``needs-review`` if the file still flags it: fuzzy, a needs-review state); a
cleared review flag on an unchanged target; changed translator notes.
Rejected (reported, not applied): an unknown or missing tuid, a tuid given
twice, a changed source, an empty target where the TM has one (it would erase
a translation), and an edited block or paragraph unit (those are derived from
their sentence units: edit the sentences). Block and paragraph units are then
refreshed from their sentence units.

Three-way: a unit read from one of our exports carries its *base*, the hash of
what the TM held at the export (units.base_of). When the TM has changed since
(an edit imported from another file), the unit is applied only if the file
changed it too and to something else than the TM now holds, and then it is a
conflict (rejected, the TM kept); a unit the file did not touch never
overwrites the TM, so an older export cannot undo a newer edit. Units without
a base (other tools' files) merge as described above (two-way).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tmbrief.core.model import Unit
from tmbrief.core.units import BASE_RE, base_of, export_view, status_of, unit_base
from tmbrief.tm.memory import refresh_composites


@dataclass(frozen=True)
class Change:
    """One changed field of one unit; ``derived`` for composites refreshed from sentences."""

    tuid: str
    field: str  # target | status | notes
    old: str
    new: str
    derived: bool = False


@dataclass(frozen=True)
class Rejection:
    """An incoming unit that was not applied, and why."""

    tuid: str
    reason: str


@dataclass(frozen=True)
class MergeResult:
    """The merged units (TM order), the changes made, the incoming units rejected."""

    units: tuple[Unit, ...]
    changes: tuple[Change, ...]
    rejected: tuple[Rejection, ...]

    @property
    def edited(self) -> tuple[Change, ...]:
        """The changes a translator made (not the derived ones)."""
        return tuple(c for c in self.changes if not c.derived)


def _notes_text(notes: tuple[str, ...]) -> str:
    return "\n".join(notes)


def merge(units: Sequence[Unit], incoming: Iterable[Unit]) -> MergeResult:
    """Merge ``incoming`` (read from a translator's file) into the TM ``units``."""
    index = {u.tuid: i for i, u in enumerate(units)}
    merged = list(units)
    changes: list[Change] = []
    rejected: list[Rejection] = []
    composite_edits: dict[str, Unit] = {}
    seen: set[str] = set()
    for inc in incoming:
        reason = _reject_reason(inc, index, units, seen)
        seen.add(inc.tuid)
        if reason:
            rejected.append(Rejection(inc.tuid, reason))
            continue
        current = units[index[inc.tuid]]
        if BASE_RE.match(inc.base):
            inc, conflict = _three_way(current, inc)
            if conflict is not None:
                rejected.append(conflict)
                continue
            if inc is None:
                continue
        if current.segtype != "sentence":
            composite_edits[inc.tuid] = inc
            continue
        new, unit_changes = _apply(current, inc)
        if isinstance(new, Rejection):
            rejected.append(new)
            continue
        merged[index[inc.tuid]] = new
        changes.extend(unit_changes)
    before = {u.tuid: u for u in merged if u.segtype != "sentence"}
    refreshed = refresh_composites(merged)
    for u in refreshed:
        old = before.get(u.tuid)
        if old is None:
            continue
        edit = composite_edits.get(u.tuid)
        if edit is not None and edit.target not in (
            export_view(old).target,
            export_view(u).target,
        ):
            rejected.append(
                Rejection(u.tuid, f"{u.segtype} units are derived: edit their sentence units")
            )
        for field in ("target", "status"):
            if getattr(old, field) != getattr(u, field):
                changes.append(Change(u.tuid, field, getattr(old, field), getattr(u, field), True))
    return MergeResult(refreshed, tuple(changes), tuple(rejected))


def _reject_reason(inc: Unit, index, units, seen) -> str | None:
    if not inc.tuid:
        return "no tuid (msgctxt, tuid or trans-unit id): cannot tell which unit it is"
    if inc.tuid in seen:
        return "tuid given twice in the file"
    if inc.tuid not in index:
        return "unknown tuid: not in this TM"
    exported = export_view(units[index[inc.tuid]])
    if inc.source != exported.source:
        return f"source changed (TM: {_short(exported.source)!r}, file: {_short(inc.source)!r})"
    return None


def _three_way(current: Unit, inc: Unit) -> tuple[Unit | None, Rejection | None]:
    """``inc`` as it should merge given its base: itself, reduced to its notes, None, or a conflict.

    None means: nothing of it to merge (a derived unit the file did not touch).
    """
    exported = export_view(current)
    if inc.base == unit_base(exported):
        return inc, None  # the TM did not change since the export: two-way merge
    if base_of(inc.target, inc.status) == inc.base:
        # The file did not touch target or status: only its notes can be news.
        if current.segtype != "sentence":
            return None, None
        return replace(inc, target=exported.target, status=exported.status), None
    if (inc.target, inc.status) == (exported.target, exported.status):
        return inc, None  # both made the same change
    return None, Rejection(
        inc.tuid,
        "conflict: changed in the file and in the TM since the export "
        f"(TM: {_short(exported.target)!r}, file: {_short(inc.target)!r}); "
        "kept the TM: edit it again in a fresh export",
    )


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _same_text(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal but for white space: PO editors re-wrap comments (at spaces and hyphens)."""
    return "".join("".join(a).split()) == "".join("".join(b).split())


def _apply(current: Unit, inc: Unit) -> tuple[Unit | Rejection, list[Change]]:
    """The sentence unit after the translator's edit, and the changes (or a Rejection)."""
    exported = export_view(current)
    if not inc.target and exported.target:
        return Rejection(inc.tuid, "empty target would erase the TM's translation; kept it"), []
    target = current.target if inc.target == exported.target else inc.target
    status = status_of(target, inc.status == "needs-review")
    notes = current.notes if _same_text(inc.notes, exported.notes) else inc.notes
    changes = []
    if target != current.target:
        changes.append(Change(current.tuid, "target", current.target, target))
    if status != current.status:
        changes.append(Change(current.tuid, "status", current.status, status))
    if notes != current.notes:
        changes.append(
            Change(current.tuid, "notes", _notes_text(current.notes), _notes_text(notes))
        )
    if not changes:
        return current, []
    return replace(current, target=target, status=status, notes=notes), changes

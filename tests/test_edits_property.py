"""Round-trip properties of human edits (hypothesis): export -> edit -> import -> rebuild.

Export in any format, edit any subset of sentence units, import (tm.merge), record
the edits (tm.edits) and rebuild (replay the record over the fresh alignment): the
TM holds exactly those edits. Importing an older export of the same TM afterwards
is a no-op, or a reported conflict for the units it changed too: never a revert.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import tm_fixture as fx
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.tm.edits import edits_between, replay
from tmbrief.tm.memory import refresh_composites
from tmbrief.tm.merge import merge

IMPORTABLE = ("tmx", "po", "xliff", "csv", "xlsx")
SENTENCES = [u.tuid for u in fx.units()]

# Targets a translator might type: letters, digits, punctuation, inner spaces.
target_text = st.text(
    alphabet=st.characters(categories=["L", "N", "P"], include_characters=" "),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() == t and t)

edit_sets = st.dictionaries(st.sampled_from(SENTENCES), target_text, min_size=1, max_size=6)


def export_units(fmt_name, units):
    """The units of ``units`` exported in ``fmt_name`` and read back (with their bases)."""
    fmt = FORMATS[fmt_name]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{fmt.extensions[0]}"
        path.write_bytes(write_bytes(fmt, units, fx.HEADER)[0])
        return fmt.read(path)[1]


def edited(incoming, edits):
    """A translator's edits: new targets on some units; the file's base stays."""
    return [
        replace(u, target=edits[u.tuid], status="translated") if u.tuid in edits else u
        for u in incoming
    ]


def rebuild(record):
    """What `tmbrief build` does with the record: a fresh alignment, then the replay."""
    units, conflicts = replay(fx.all_units(), record)
    return refresh_composites(units), conflicts


def targets(units):
    return {u.tuid: u.target for u in units}


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(fmt=st.sampled_from(IMPORTABLE), edits=edit_sets)
def test_the_tm_holds_exactly_the_edits_after_a_rebuild(fmt, edits):
    tm = fx.all_units()
    result = merge(tm, edited(export_units(fmt, tm), edits))
    assert result.rejected == ()
    record = edits_between(tm, result.units, f"edited.{fmt}")
    built, conflicts = rebuild(record)
    assert conflicts == ()
    assert built == result.units  # the rebuild keeps every edit
    before, after = targets(tm), targets(built)
    changed = {t for t in SENTENCES if before[t] != after[t]}
    assert changed == {t for t, text in edits.items() if before[t] != text}
    assert all(after[t] == text for t, text in edits.items())


@SETTINGS
@given(
    first=st.sampled_from(IMPORTABLE),
    second=st.sampled_from(IMPORTABLE),
    edits=edit_sets,
    later=st.dictionaries(st.sampled_from(SENTENCES), target_text, max_size=4),
)
def test_an_older_export_never_reverts_a_newer_edit(first, second, edits, later):
    tm = fx.all_units()
    old_export = export_units(second, tm)  # exported before the first import
    result = merge(tm, edited(export_units(first, tm), edits))
    now = result.units
    # The older file, untouched: a no-op.
    assert merge(now, old_export).changes == ()
    # The older file with its own edits: edits on units changed since are conflicts.
    again = merge(now, edited(old_export, later))
    applied = targets(again.units)
    conflicted = {r.tuid for r in again.rejected}
    for tuid, text in edits.items():
        if targets(now)[tuid] != targets(tm)[tuid]:  # the newer edit changed the unit
            assert applied[tuid] == targets(now)[tuid]  # never reverted
            if tuid in later and later[tuid] != text:
                assert tuid in conflicted
    assert all(r.reason.startswith("conflict:") for r in again.rejected)
    for tuid, text in later.items():
        if tuid not in edits:
            assert applied[tuid] == text  # units no one else touched take the edit

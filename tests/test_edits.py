"""The edit record (tmbrief.tm.edits): format, append-only writes and replay with conflicts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests import tm_fixture
from tmbrief.core.errors import ParseError
from tmbrief.tm import edits as ed


def _sentences():
    return tm_fixture.units()


def _edit(unit, target, status="translated", **kw):
    after = replace(unit, target=target, status=status)
    return replace(ed.edit_between(unit, after, "reviewed.po", "2026-11-30T10:00:00Z"), **kw)


def test_record_round_trips_any_text(tmp_path):
    u = _sentences()[0]
    tricky = "tab\there, newline\nthere, back\\slash, “quotes”, 中文"
    edits = [_edit(u, tricky), _edit(_sentences()[1], "", "untranslated")]
    path = tmp_path / "x.edits.tsv"
    written = ed.append_edits(path, edits)
    assert [e.seq for e in written] == [1, 2]
    assert ed.read_edits(path) == written
    assert ed.read_edits(path)[0].new_target == tricky


def test_append_keeps_earlier_rows_byte_for_byte(tmp_path):
    path = tmp_path / "x.edits.tsv"
    ed.append_edits(path, [_edit(_sentences()[0], "First.")])
    before = path.read_bytes()
    new = ed.append_edits(path, [_edit(_sentences()[2], "Second.")])
    assert new[0].seq == 2
    assert path.read_bytes().startswith(before)
    assert ed.append_edits(path, []) == ()


def test_missing_record_is_empty(tmp_path):
    assert ed.read_edits(tmp_path / "none.edits.tsv") == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("hello\n", 1, "not a tmbrief edit record"),
        (ed.MAGIC + "\nseq\ttuid\n", 2, "column names"),
        (ed.MAGIC + "\n" + "\t".join(ed.COLUMNS) + "\n1\tt\n", 3, "expected 11 fields"),
        (
            ed.MAGIC + "\n" + "\t".join(ed.COLUMNS) + "\n2\t\tf\tu\ts\ttranslated\ttranslated"
            "\ta\tb\t\t\n",
            3,
            "seq 2 out of order",
        ),
        (
            ed.MAGIC + "\n" + "\t".join(ed.COLUMNS) + "\n1\t\tf\tu\ts\tdone\ttranslated"
            "\ta\tb\t\t\n",
            3,
            "old_status 'done'",
        ),
    ],
)
def test_bad_records_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "bad.edits.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as err:
        ed.read_edits(path)
    assert err.value.line == line


def test_edits_path():
    assert str(ed.edits_path("tm/doc.tsv")) == "tm/doc.edits.tsv"


def test_edits_between_records_sentence_changes_only():
    units = tm_fixture.all_units()
    after = list(units)
    after[3] = replace(after[3], target="Changed.", status="needs-review")
    after[-1] = replace(after[-1], target="paragraph unit change is derived")
    found = ed.edits_between(units, after, "f.po")
    assert [(e.tuid, e.old_target, e.new_target, e.new_status) for e in found] == [
        (units[3].tuid, units[3].target, "Changed.", "needs-review")
    ]


def test_replay_applies_edits_in_order():
    units = _sentences()
    first = _edit(units[0], "One.", seq=1)
    second = replace(
        ed.edit_between(replace(units[0], target="One."), replace(units[0], target="Two."), "b.po"),
        seq=2,
    )
    replayed, conflicts = ed.replay(units, [first, second])
    assert conflicts == ()
    assert replayed[0].target == "Two."
    assert replayed[1:] == units[1:]


def test_replay_twice_is_the_same():
    units = _sentences()
    edits = [_edit(units[0], "One.", seq=1)]
    once, _ = ed.replay(units, edits)
    twice, conflicts = ed.replay(once, edits)
    assert (twice, conflicts) == (once, ())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda u: replace(u, source=u.source + "!"), "source sentence changed"),
        (lambda u: replace(u, target="Someone else's text."), "target changed under the edit"),
        (lambda u: replace(u, tuid=u.tuid + "x"), "unit is gone"),
        (lambda u: replace(u, segtype="paragraph"), "now a paragraph unit"),
    ],
)
def test_replay_reports_conflicts_and_keeps_the_unit(change, reason):
    units = list(_sentences())
    edit = _edit(units[0], "Mine.", seq=1)
    units[0] = change(units[0])
    replayed, conflicts = ed.replay(units, [edit])
    assert replayed == tuple(units)
    assert [c.edit for c in conflicts] == [edit]
    assert reason in conflicts[0].reason
    assert "edit 1 of" in str(conflicts[0])


def test_a_later_edit_from_the_current_text_resolves_a_conflict():
    units = list(_sentences())
    stale = _edit(units[0], "Mine.", seq=1)
    units[0] = replace(units[0], target="Realigned.")
    fresh = replace(_edit(units[0], "Mine, again.", seq=2), file="redo.po")
    replayed, conflicts = ed.replay(units, [stale, fresh])
    assert conflicts == ()
    assert replayed[0].target == "Mine, again."

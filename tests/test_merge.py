"""merge(): a translator's edits into the TM; what is applied, what is rejected and why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests import tm_fixture as fx
from tmbrief.formats.common import export_view
from tmbrief.tm.merge import Change, Rejection, merge


def tm():
    return fx.all_units()


def unit(tuid):
    return next(u for u in tm() if u.tuid == tuid)


def incoming(of, **changes):
    """Unit ``of`` as an export carries it, with a translator's changes."""
    return replace(export_view(unit(of)), **changes)


def merged(*edits):
    result = merge(tm(), edits)
    return result, {u.tuid: u for u in result.units}


def test_an_untouched_file_changes_nothing():
    result = merge(tm(), [export_view(u) for u in tm()])
    assert result.units == tm() and result.changes == () and result.rejected == ()


def test_changed_target_is_applied_and_marked_translated():
    result, units = merged(incoming("fuling-excerpt:0", target="Spokespersons Are Here"))
    assert units["fuling-excerpt:0"].target == "Spokespersons Are Here"
    assert result.edited == (
        Change(
            "fuling-excerpt:0", "target", unit("fuling-excerpt:0").target, "Spokespersons Are Here"
        ),
    )


def test_cleared_fuzzy_flag_makes_the_unit_translated():
    result, units = merged(incoming("fuling-excerpt:17", status="translated"))
    assert units["fuling-excerpt:17"].status == "translated"
    assert result.edited == (Change("fuling-excerpt:17", "status", "needs-review", "translated"),)


def test_new_target_still_flagged_fuzzy_stays_needs_review():
    result, units = merged(incoming("fuling-excerpt:17", target="Revised.", status="needs-review"))
    assert (units["fuling-excerpt:17"].target, units["fuling-excerpt:17"].status) == (
        "Revised.",
        "needs-review",
    )


def test_translating_an_untranslated_unit():
    new = "Wu Hui, member of the standing committee and head of its publicity department, attended."
    result, units = merged(incoming("fuling-excerpt:6", target=new, status="translated"))
    assert (units["fuling-excerpt:6"].target, units["fuling-excerpt:6"].status) == (
        new,
        "translated",
    )
    # the paragraph unit, untranslated before, now has the whole paragraph's English
    p3 = units["fuling-excerpt:p3"]
    assert p3.target.endswith(new) and p3.status == "translated"
    assert Change("fuling-excerpt:p3", "status", "untranslated", "translated", True) in (
        result.changes
    )


def test_changed_notes_are_applied():
    result, units = merged(incoming("fuling-excerpt:0", notes=("Series title: keep it.",)))
    assert units["fuling-excerpt:0"].notes == ("Series title: keep it.",)
    assert [c.field for c in result.edited] == ["notes"]


REJECTED = [
    (incoming("fuling-excerpt:0", tuid="fuling-excerpt:999", target="X"), "unknown tuid"),
    (incoming("fuling-excerpt:0", tuid="", target="X"), "no tuid"),
    (incoming("fuling-excerpt:0", source="发言人来了", target="X"), "source changed"),
    (incoming("fuling-excerpt:0", target="", status="untranslated"), "would erase"),
    (incoming("fuling-excerpt:p2", target="A whole new paragraph."), "paragraph units are derived"),
    (incoming("fuling-excerpt:b12", target="A new block."), "block units are derived"),
]


@pytest.mark.parametrize(("edit", "reason"), REJECTED, ids=[r for _, r in REJECTED])
def test_rejected_edits_are_reported_and_not_applied(edit, reason):
    result = merge(tm(), [edit])
    assert len(result.rejected) == 1 and reason in result.rejected[0].reason
    assert result.units == tm() and result.edited == ()


def test_a_tuid_given_twice_is_applied_once():
    first = incoming("fuling-excerpt:0", target="First.")
    second = incoming("fuling-excerpt:0", target="Second.")
    result, units = merged(first, second)
    assert units["fuling-excerpt:0"].target == "First."
    assert result.rejected == (Rejection("fuling-excerpt:0", "tuid given twice in the file"),)


def test_rejections_do_not_stop_other_edits():
    result, units = merged(
        incoming("fuling-excerpt:0", tuid="fuling-excerpt:999"),
        incoming("fuling-excerpt:1", target="Edited."),
    )
    assert units["fuling-excerpt:1"].target == "Edited." and len(result.rejected) == 1


def test_sources_and_targets_with_control_characters_compare_as_exported():
    units = list(tm())
    units[0] = replace(units[0], source=units[0].source + "\x07", target="A\x1b")
    same = export_view(units[0])
    assert same.source == units[0].source[:-1]
    result = merge(units, [same])
    assert result.units == tuple(units) and result.rejected == ()  # kept as they were


def test_composite_sent_back_unchanged_is_no_edit():
    result = merge(tm(), [incoming("fuling-excerpt:p2"), incoming("fuling-excerpt:b12")])
    assert result.rejected == () and result.changes == ()


def test_merge_is_pure():
    before = tm()
    merge(before, [incoming("fuling-excerpt:0", target="X")])
    assert before == fx.all_units()

"""The TM: units from beads, 0-1 and 1-0 beads, notes, composite units, the TM file, pandas."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

import tmbrief
import tmbrief.tm.memory
from tests import tm_fixture as fx
from tests.conftest import SEEDS
from tests.test_formats import BAD_FILES
from tmbrief.core.errors import InputError, ParseError
from tmbrief.core.model import Bead, Segment, TMHeader
from tmbrief.tm.memory import (
    build_units,
    load_notes,
    load_tm,
    read_tm,
    save_tm,
    unmatched_notes,
    write_tm,
)


def zh(i, p, start, text):
    return Segment(i, "zh-CN", p, start, start + len(text), text)


def en(i, p, text):
    return Segment(i, "en", p, 0, len(text), text)


def build(src, tgt, beads, threshold=0.5):
    return build_units("d", src, tgt, beads, review_threshold=threshold)


def by_tuid(units):
    return {u.tuid: u for u in units}


# --- notes ----------------------------------------------------------------------------


def test_notes_of_the_seed_load():
    notes = load_notes(SEEDS / "fuling-materials-20231220.notes.tsv")
    assert len(notes) >= 10
    assert all(k and v for k, v in notes.items())


def test_notes_attach_to_every_unit_containing_the_sentence():
    units = by_tuid(fx.units())
    assert units["fuling-excerpt:10"].notes[0].startswith("“33618”")
    assert units["fuling-excerpt:20"].notes == (
        "要素保障: the supply of production factors (land, energy, labour, capital).",
    )
    # a phrase note ("“发言人来了”") attaches to the unit whose source contains it
    assert "keep the quotation marks" in units["fuling-excerpt:4"].notes[0]
    assert unmatched_notes(fx.units(), load_notes(fx.NOTES_FILE)) == ()
    assert unmatched_notes(fx.units(), {"不存在的句子。": "x"}) == ("不存在的句子。",)


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("中文\tnote\n", "header must be", 1),
        ("zh\tnote\n甲。\n", "expected 2 tab-separated fields, found 1", 2),
        ("zh\tnote\n甲。\tA\tB\n", "found 3", 2),
        ("zh\tnote\n\n甲。\t \n", "empty Chinese sentence or note", 3),
        ("zh\tnote\n甲。\tA\n甲。\tB\n", "has a note already", 3),
        ("# only a comment\n", "no header", 1),
    ],
)
def test_bad_notes_files_name_file_and_line(tmp_path, content, message, line):
    path = tmp_path / "x.notes.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_notes(path)
    assert message in info.value.message and info.value.line == line
    assert str(path) in str(info.value)


def test_notes_fields_use_tsv_escapes(tmp_path):
    path = tmp_path / "n.tsv"
    path.write_text("zh\tnote\n甲。\tsee\\tthis\n", encoding="utf-8")
    assert load_notes(path) == {"甲。": "see\tthis"}


# --- sentence units -------------------------------------------------------------------

# tuid -> (paragraph, bead type, status, source offsets) for the excerpt
EXPECTED_UNITS = [
    ("fuling-excerpt:0", 0, "1-1", "translated", (0, 32)),
    ("fuling-excerpt:2", 2, "1-2", "translated", (0, 63)),
    ("fuling-excerpt:3", 2, "1-1", "translated", (63, 121)),
    ("fuling-excerpt:6", 3, "1-0", "untranslated", (132, 151)),
    ("fuling-excerpt:8", 4, "1-1", "translated", (7, 11)),
    ("fuling-excerpt:10", 6, "1-2", "needs-review", (0, 47)),  # 0-1 bead 11 merged in
    ("fuling-excerpt:17", 8, "1-2", "needs-review", (39, 172)),  # score 0.41 < 0.5
    ("fuling-excerpt:19", 10, "1-2", "translated", (0, 93)),
]


@pytest.mark.parametrize(("tuid", "paragraph", "bead_type", "status", "offsets"), EXPECTED_UNITS)
def test_excerpt_units(tuid, paragraph, bead_type, status, offsets):
    u = by_tuid(fx.units())[tuid]
    assert (u.paragraph, u.bead_type, u.status, (u.src_start, u.src_end)) == (
        paragraph,
        bead_type,
        status,
        offsets,
    )
    assert fx.paragraphs()[paragraph].text[u.src_start : u.src_end] == u.source


def test_every_segment_text_is_in_the_units_once():
    zh_segs, en_segs, _ = fx.inputs()
    units = fx.units()
    assert sorted(i for u in units for i in u.src_ids) == [s.id for s in zh_segs]
    assert sorted(i for u in units for i in u.tgt_ids) == [s.id for s in en_segs]
    for s in en_segs:
        assert sum(s.text in u.target for u in units if s.id in u.tgt_ids) == 1


def test_tuids_are_bead_indices_and_unique():
    units = fx.units()
    assert len({u.tuid for u in units}) == len(units)
    assert "fuling-excerpt:11" not in by_tuid(units)  # bead 11 (0-1) merged into unit 10


def test_zero_one_bead_joins_the_previous_unit_of_its_english_paragraph():
    u = by_tuid(fx.units())["fuling-excerpt:10"]
    assert u.target.endswith("eighteen 10-billion-yuan ones.")
    assert u.tgt_ids == (10, 11)
    assert any("no Chinese counterpart (bead 11)" in n for n in u.notes)


def test_zero_one_bead_joins_the_next_unit_when_the_previous_is_another_paragraph():
    src = [zh(0, 0, 0, "甲。"), zh(1, 1, 0, "乙。")]
    tgt = [en(0, 0, "A."), en(1, 1, "Added."), en(2, 1, "B.")]
    beads = [Bead((0,), (0,), 0.9), Bead((), (1,), 0.0), Bead((1,), (2,), 0.9)]
    units = build_units("d", src, tgt, beads, review_threshold=0.5)
    assert [(u.tuid, u.target, u.status) for u in units] == [
        ("d:0", "A.", "translated"),
        ("d:2", "Added. B.", "needs-review"),
    ]


def test_english_without_any_chinese_is_kept_as_a_sourceless_unit():
    units = build([], [en(0, 0, "Only English.")], [Bead((), (0,), 0.0)])
    assert [(u.source, u.target, u.status) for u in units] == [
        ("", "Only English.", "needs-review")
    ]


def test_chinese_across_two_paragraphs_needs_review():
    src = [zh(0, 0, 0, "甲。"), zh(1, 1, 0, "乙。")]
    units = build(src, [en(0, 0, "A. B.")], [Bead((0, 1), (0,), 0.99)])
    assert units[0].status == "needs-review" and units[0].source == "甲。 乙。"
    assert (units[0].src_start, units[0].src_end) == (0, 2)
    assert "spans two paragraphs" in units[0].notes[-1]


@pytest.mark.parametrize(
    ("segments", "gap_text"),
    [
        ([zh(0, 0, 0, "甲。"), zh(1, 0, 2, "乙。")], "甲。乙。"),  # adjacent: no space
        ([zh(0, 0, 0, "甲。”"), zh(1, 0, 4, "乙。")], "甲。” 乙。"),  # a gap: one space
    ],
)
def test_chinese_segments_of_a_bead_are_joined_by_their_gap(segments, gap_text):
    units = build(segments, [en(0, 0, "A.")], [Bead((0, 1), (0,), 1.0)], threshold=0)
    assert units[0].source == gap_text


@pytest.mark.parametrize(
    ("beads", "message"),
    [
        ([Bead((0, 5), (0,))], "unknown Chinese segments [5]"),
        ([Bead((0,), (0,)), Bead((0,), ())], "Chinese segments [0] are in two beads"),
        ([Bead((0,), ())], "English segments [0] are in no bead"),
    ],
)
def test_beads_that_lose_or_repeat_text_are_input_errors(beads, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        build_units("d", [zh(0, 0, 0, "甲。")], [en(0, 0, "A.")], beads, review_threshold=0.5)


def test_confidence_is_rounded_and_clamped():
    units = build([zh(0, 0, 0, "甲。")], [en(0, 0, "A.")], [Bead((0,), (0,), 1.23456)])
    assert units[0].confidence == 1.0
    units = build([zh(0, 0, 0, "甲。")], [en(0, 0, "A.")], [Bead((0,), (0,), 0.123456)])
    assert (units[0].confidence, units[0].status) == (0.1235, "needs-review")


# --- the TM file ----------------------------------------------------------------------


def tm_text(units, header=fx.HEADER) -> str:
    buf = io.StringIO()
    write_tm(units, header, buf)
    return buf.getvalue()


def test_tm_file_round_trips_and_is_deterministic(tmp_path):
    text = tm_text(fx.all_units())
    assert text == tm_text(fx.all_units())
    path = tmp_path / "t.tsv"
    path.write_text(text, encoding="utf-8")
    assert read_tm(path) == (fx.HEADER, fx.all_units())
    lines = text.splitlines()
    assert lines[0] == "#tmbrief-tm\t1" and "#date\t2023-12-20" in lines
    assert len(lines) == len(fx.all_units()) + 10  # 7 header lines, 2 settings, column names


@pytest.mark.parametrize(
    "text",
    ["tab\there", "two\nlines", "cr\rhere", "back\\slash", "literal \\t", "\\", "bell\x07"],
)
def test_tm_file_escaping_is_lossless(tmp_path, text):
    unit = replace(fx.units()[0], source=text, target=text)
    path = tmp_path / "t.tsv"
    path.write_text(tm_text([unit]), encoding="utf-8")
    assert read_tm(path)[1] == (unit,)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 11


# A tuid given twice is read_tm's check of a whole file, not a check of a line.
BAD_LINES = [case for case in BAD_FILES["tsv"] if "also on line" not in case[1]]


@pytest.mark.parametrize(("text", "message", "line"), BAD_LINES)
@pytest.mark.parametrize("blank", [False, True])
def test_the_column_reader_rejects_what_read_tm_rejects(tmp_path, text, message, line, blank):
    from tmbrief.tm.store import iter_columns

    lines = text.split("\n")
    if blank and line and line > 10:  # a blank line among the units: skipped, but counted
        lines.insert(10, "")
        line += 1
    path = tmp_path / "t.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ParseError) as info:
        list(iter_columns(path, size=2))
    assert message in info.value.message and info.value.line == line


def test_the_column_reader_reads_what_the_unit_reader_reads(tmp_path):
    from tmbrief.tm.store import iter_columns, iter_units

    texts = ["tab\there", "two\nlines", "back\\slash", "平"]
    units = [
        replace(u, source=texts[i % 4], target=texts[i % 4][::-1] + "x" if u.target else "")
        for i, u in enumerate(fx.all_units())
    ]
    path = tmp_path / "t.tsv"
    lines = tm_text(units).split("\n")
    lines[12:12] = ["", ""]  # blank lines among the units are skipped
    path.write_text("\n".join(lines), encoding="utf-8")
    columns = list(iter_columns(path, size=3))
    assert [len(c) for c in columns] and sum(len(c) for c in columns) == len(units)
    for name in ("tuid", "doc_id", "segtype", "status", "confidence", "source", "target"):
        got = [v for c in columns for v in getattr(c, name)]
        assert got == [getattr(u, name) for u in iter_units(path)], name


def test_the_column_reader_names_the_line_that_is_not_utf8(tmp_path):
    from tmbrief.tm.store import iter_columns

    path = tmp_path / "t.tsv"
    path.write_bytes(tm_text(fx.units()[:2]).encode("utf-8") + "甲".encode("gb18030") + b"\n")
    with pytest.raises(ParseError, match="not UTF-8") as info:
        list(iter_columns(path))
    assert info.value.line == 13


def test_tm_file_that_is_not_utf8_is_a_parse_error(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(tm_text(fx.units()[:2]).encode("utf-8") + "甲".encode("gb18030") + b"\n")
    with pytest.raises(ParseError, match="not UTF-8"):
        read_tm(path)


def test_read_tm_reads_the_file_once(tmp_path, monkeypatch):
    from tmbrief.tm import store as tm_tsv

    path = tmp_path / "t.tsv"
    path.write_text(tm_text(fx.all_units()), encoding="utf-8")
    opened = []
    lines = tm_tsv._lines
    monkeypatch.setattr(tm_tsv, "_lines", lambda p: opened.append(p) or lines(p))
    assert read_tm(path) == (fx.HEADER, fx.all_units())
    assert list(tm_tsv.iter_units(path)) == list(fx.all_units())
    assert opened == [path, path]  # once by read_tm, once by iter_units


def test_missing_tm_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_tm(tmp_path / "absent.tsv")


# --- pandas ---------------------------------------------------------------------------


def test_load_tm_gives_one_row_per_unit_and_save_tm_writes_edits(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(tm_text(fx.all_units()), encoding="utf-8")
    frame = tmbrief.load_tm(path)
    assert len(frame) == len(fx.all_units()) and frame.attrs["header"] == fx.HEADER
    assert frame.loc[0, "src_ids"] == (0,) and isinstance(frame.loc[0, "notes"], tuple)
    assert frame.groupby("status").size().to_dict() == {
        "needs-review": 4,
        "translated": 25,
        "untranslated": 2,
    }
    frame.loc[frame.tuid == "fuling-excerpt:0", "target"] = "Spokespersons Are Here"
    out = tmp_path / "out.tsv"
    tmbrief.save_tm(frame, out)
    header, units = read_tm(out)
    assert header == fx.HEADER and units[0].target == "Spokespersons Are Here"
    assert units[1:] == fx.all_units()[1:]


def test_save_tm_without_header_keeps_the_files_header(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(tm_text(fx.units()), encoding="utf-8")
    frame = load_tm(path)
    frame.attrs.clear()
    frame["src_ids"] = frame["src_ids"].map(lambda ids: ",".join(map(str, ids)))  # strings work
    save_tm(frame, path)
    assert read_tm(path) == (fx.HEADER, fx.units())


def test_save_tm_with_a_bad_frame_is_an_input_error(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(tm_text(fx.units()), encoding="utf-8")
    frame = load_tm(path).drop(columns=["target"])
    with pytest.raises(InputError, match="missing columns"):
        save_tm(frame, tmp_path / "o.tsv")
    assert not (tmp_path / "o.tsv").exists()


def edited_frame(tmp_path, row_tuid, **values):
    path = tmp_path / "t.tsv"
    path.write_text(tm_text(fx.all_units()), encoding="utf-8")
    frame = load_tm(path)
    for column, value in values.items():
        frame.loc[frame.tuid == row_tuid, column] = value
    return frame


def test_save_tm_rebuilds_the_block_and_paragraph_of_an_edited_sentence(tmp_path):
    frame = edited_frame(tmp_path, "fuling-excerpt:12", target="EDITED.")
    save_tm(frame, tmp_path / "out.tsv")
    units = by_tuid(read_tm(tmp_path / "out.tsv")[1])
    assert units["fuling-excerpt:12"].target == "EDITED."
    for composite in ("fuling-excerpt:b12", "fuling-excerpt:p6"):
        assert "EDITED." in units[composite].target
        assert units[composite].target != by_tuid(fx.all_units())[composite].target


@pytest.mark.parametrize(
    ("status", "target", "expected"),
    [
        ("translated", "", "untranslated"),  # blanking a target
        ("needs-review", "", "untranslated"),
        ("untranslated", "Now translated.", "translated"),
        ("needs-review", "Still to review.", "needs-review"),
    ],
)
def test_save_tm_status_follows_the_edited_target(tmp_path, status, target, expected):
    frame = edited_frame(tmp_path, "fuling-excerpt:12", target=target, status=status)
    save_tm(frame, tmp_path / "out.tsv")
    units = by_tuid(load_tm(tmp_path / "out.tsv").pipe(tmbrief.tm.memory.frame_units))
    assert units["fuling-excerpt:12"].status == expected
    if expected == "untranslated":  # the weakest part decides a composite's status
        assert units["fuling-excerpt:p6"].status == "untranslated"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"status": "done"}, "status 'done' is not one of"),
        ({"confidence": 1.5}, "confidence 1.5 is not in"),
        ({"bead_type": "one"}, "bead type 'one' is not m-n"),
        ({"segtype": "page"}, "segtype 'page' is not one of"),
        ({"tuid": ""}, "empty tuid"),
        ({"tuid": "fuling-excerpt:1"}, "row 2: tuid fuling-excerpt:1 also in row 1"),
    ],
)
def test_save_tm_refuses_what_the_reader_refuses(tmp_path, values, message):
    frame = edited_frame(tmp_path, "fuling-excerpt:0", **values)
    with pytest.raises(InputError, match=message):
        save_tm(frame, tmp_path / "o.tsv")
    assert not (tmp_path / "o.tsv").exists()


def test_header_defaults_are_explicit_languages():
    assert (TMHeader("x").srclang, TMHeader("x").tgtlang) == ("zh-CN", "en")

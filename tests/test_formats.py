"""The shared format contract, run over every format in the registry.

read(write(units)) == format.expected(units): the units come back as the
format carries them (control characters removed and reported; block and
paragraph units only in TMX and the TM file; no targets in POT).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import tm_fixture as fx
from tmbrief.core.errors import InputError, ParseError
from tmbrief.core.model import TMHeader, Unit
from tmbrief.formats import (
    EXPORT_FORMATS,
    FORMATS,
    export_all,
    format_for_path,
    get_format,
    removed_characters,
    write_bytes,
)
from tmbrief.formats.common import Removed
from tmbrief.formats.xliff import NS

ALL = sorted(FORMATS)
SPECIAL = (
    "\"'<&>]]>"  # XML and PO quoting
    "😀👍🏽"  # emoji, with a modifier
    "𠀀𪚥"  # astral CJK (Extension B)
    "שלום مرحبا\u200f"  # RTL text and mark
    "\x00\x07\x1b\x7f\x85\ufffe"  # control characters and a non-character
    "\t\n\r\\ \u3000\u2028"  # white space and escapes
    "涪陵。，、“”‘’（）"
)


def round_trip(fmt, units, header, tmp_path, name="f"):
    data, removed = write_bytes(fmt, units, header)
    path = tmp_path / fmt.filename(name)
    path.write_bytes(data)
    read_header, read_units = fmt.read(path)
    return data, removed, read_header, read_units


HEADERS = [fx.HEADER, TMHeader("fuling-excerpt")]  # with and without date, title, settings


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("tm_header", HEADERS, ids=["full-header", "bare-header"])
def test_contract_round_trip_of_the_excerpt(name, tm_header, tmp_path):
    fmt = FORMATS[name]
    data, removed, header, units = round_trip(fmt, fx.all_units(), tm_header, tmp_path)
    assert units == fmt.expected(fx.all_units())
    assert header == tm_header
    assert removed == ()
    assert len(units) == (31 if set(fmt.segtypes) >= {"block", "paragraph"} else 22)


OLD_HEADER = replace(fx.HEADER, date="1975-06-01")  # before ZIP timestamps begin (1980)


@pytest.mark.parametrize("name", ALL)
def test_contract_an_article_before_1980_round_trips(name, tmp_path):
    fmt = FORMATS[name]
    _, _, header, units = round_trip(fmt, fx.all_units(), OLD_HEADER, tmp_path)
    assert header == OLD_HEADER and units == fmt.expected(fx.all_units())


ARTICLE_DATES = [
    ("2023-12-20", ("2023", "12", "20")),
    ("1975-06-01", ("1975", "06", "01")),
    ("2024-02-29", ("2024", "02", "29")),
    ("", None),
]
BAD_ARTICLE_DATES = [
    ("2023-02-30", "impossible"),
    ("2023-13-01", "impossible"),
    ("2023-00-10", "impossible"),
    ("2023-02-29", "impossible"),
    ("20231220", "not YYYY-MM-DD"),
    ("2023-12-20T00:00", "not YYYY-MM-DD"),
]


@pytest.mark.parametrize(("date", "ymd"), ARTICLE_DATES)
def test_article_date_of_a_valid_date(date, ymd):
    from tmbrief.formats.common import article_date

    assert article_date(replace(fx.HEADER, date=date)) == ymd


@pytest.mark.parametrize(("date", "message"), BAD_ARTICLE_DATES)
@pytest.mark.parametrize("name", EXPORT_FORMATS)
def test_an_impossible_article_date_is_an_input_error(name, date, message):
    with pytest.raises(InputError, match=message):
        write_bytes(FORMATS[name], fx.all_units(), replace(fx.HEADER, date=date))


@pytest.mark.parametrize("name", ALL)
def test_contract_output_is_deterministic(name):
    fmt = FORMATS[name]
    assert write_bytes(fmt, fx.all_units(), fx.HEADER) == write_bytes(
        fmt, fx.all_units(), fx.HEADER
    )


@pytest.mark.parametrize("name", ALL)
def test_contract_writers_stream_from_a_generator(name, tmp_path):
    fmt = FORMATS[name]
    _, _, _, units = round_trip(fmt, (u for u in fx.all_units()), fx.HEADER, tmp_path)
    assert units == fmt.expected(fx.all_units())


@pytest.mark.parametrize("name", ALL)
def test_contract_says_how_it_was_made(name):
    data, _ = write_bytes(FORMATS[name], fx.units(), fx.HEADER)
    if FORMATS[name].binary:
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = b"".join(z.read(n) for n in z.namelist())
    assert b"tmbrief" in data and b"0.1.0" in data
    assert b"hand-made test fixture" in data  # the settings


@pytest.mark.parametrize("name", ALL)
def test_contract_removes_and_reports_control_characters(name, tmp_path):
    unit = replace(
        fx.units()[1], source="涪陵\x07作为", target="Fu\x1bling\x85", notes=("n\x00ote",)
    )
    fmt = FORMATS[name]
    _, removed, _, units = round_trip(fmt, [unit], fx.HEADER, tmp_path)
    assert units == fmt.expected([unit])
    if name == "tsv":
        assert removed == () and units[0].source == "涪陵\x07作为"
    else:
        assert units[0].source == "涪陵作为"
        assert [(r.field, r.offset, r.char) for r in removed] == [
            ("source", 2, "\x07"),
            ("target", 2, "\x1b"),
            ("target", 7, "\x85"),
            ("note", 1, "\x00"),
        ]
        assert str(removed[0]) == (
            "fuling-excerpt:1: removed U+0007 (control character) from source at offset 2"
        )


@pytest.mark.parametrize("name", ALL)
def test_contract_every_special_character_survives(name, tmp_path):
    unit = replace(fx.units()[2], source="涪" + SPECIAL, target=SPECIAL + " end", notes=(SPECIAL,))
    fmt = FORMATS[name]
    _, removed, _, units = round_trip(fmt, [unit], fx.HEADER, tmp_path)
    assert units == fmt.expected([unit])
    if name != "tsv":
        assert len(removed) == 3 * 6  # 6 removable characters in source, target and note


GARBAGE = [
    b"",
    b"\x00\x01\x02\xff\xfe binary",
    "纯文本,不是任何格式。\n".encode("gb18030"),
    b"<?xml version='1.0'?><tmx><header",
    b'msgid "unterminated\nmsgstr ""\n',
    b"PK\x03\x04 not really a zip",
]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("content", GARBAGE, ids=range(len(GARBAGE)))
def test_contract_bad_input_raises_only_input_errors(name, content, tmp_path):
    fmt = FORMATS[name]
    path = tmp_path / fmt.filename("bad")
    path.write_bytes(content)
    try:
        fmt.read(path)
    except InputError as exc:  # ParseError is an InputError
        assert str(path) in str(exc)
    else:
        # a lenient reader may accept junk only if it finds no units in it
        assert fmt.read(path)[1] == ()


@pytest.mark.parametrize("name", ALL)
def test_contract_truncated_file_is_a_parse_error(name, tmp_path):
    fmt = FORMATS[name]
    data, _ = write_bytes(fmt, fx.units(), fx.HEADER)
    path = tmp_path / fmt.filename("cut")
    path.write_bytes(data[: len(data) // 2])
    if name in ("po", "pot", "csv", "tsv"):
        # line formats: half a file is a shorter valid file or an error, never a crash
        try:
            _, units = fmt.read(path)
        except ParseError:
            return
        assert 0 < len(units) < len(fx.units())
    else:
        with pytest.raises(ParseError):
            fmt.read(path)


# --- Files that are not what they claim: one table, one test, every reader ---------------
# (format, file text, what the one-line error says, the line it names or None)

_TM = write_bytes(FORMATS["tsv"], fx.units(), fx.HEADER)[0].decode("utf-8")


def _tm_row(edit) -> str:
    """The excerpt's TM file with its first unit row (line 11) changed by ``edit``."""
    lines = _TM.split("\n")
    lines[10] = edit(lines[10])
    return "\n".join(lines)


BAD_FILES = {
    "tmx": [
        ("<tmx version='1.4'><header srclang='zh-CN'/><body>\n<tu>", "not well-formed XML", 2),
        (
            "<tmx version='1.4'>\n<header creationtool='x'/>\n<body/></tmx>",
            "<header> has no srclang",
            2,
        ),
        (
            "<tmx version='1.4'><header srclang='zh-CN'/><body>\n"
            "<tu><tuv><seg>甲</seg></tuv></tu></body></tmx>",
            "<tuv> without xml:lang",
            2,
        ),
        (
            "<tmx version='1.4'><header srclang='zh-CN'/><body>\n"
            "<tu><tuv xml:lang='en'><seg>A</seg></tuv></tu></body></tmx>",
            "<tu> without a zh-CN <tuv>",
            2,
        ),
        (
            "<tmx version='1.4'><header srclang='zh-CN'/><body>\n<tu>\n"
            "<prop type='x-confidence'>high</prop>"
            "<tuv xml:lang='zh-CN'><seg>甲</seg></tuv></tu></body></tmx>",
            "bad number",
            2,
        ),
        ("<xliff/>", "no <header>", None),
    ],
    "po": [
        ('msgid "unterminated\nmsgstr ""\n', "not PO syntax", 1),
        ('msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nnonsense here\n', "not PO syntax", 5),
        ('msgid "a " quote"\nmsgstr ""\n', "not PO syntax", 1),
        (
            'msgctxt "a"\nmsgid "x"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x"\nmsgstr ""\n',
            "duplicate msgctxt 'a' (first at line 1)",
            5,
        ),
    ],
    "xliff": [
        (
            f'<xliff version="1.2" xmlns="{NS}">'
            '<file original="d" source-language="zh-CN">\n<body>',
            "not well-formed XML",
            2,
        ),
        (
            f'<xliff xmlns="{NS}">\n<file original="d"><body/></file></xliff>',
            "no source-language",
            2,
        ),
        ('<xliff version="1.2"><file source-language="zh-CN"/></xliff>', "no <file> in the", None),
        (
            f'<xliff xmlns="{NS}"><file source-language="zh-CN"><body>\n'
            '<trans-unit id="a"><target>A</target></trans-unit></body></file></xliff>',
            "without <source>",
            2,
        ),
        (
            f'<xliff xmlns="{NS}"><file source-language="zh-CN"/>\n'
            '<file source-language="zh-CN"/></xliff>',
            "more than one <file>",
            2,
        ),
    ],
    "csv": [
        ("#doc_id,d\n#srclang,zh-CN\nid,text\n", "no column tuid, source, target", 3),
        ("tuid,source,target\n", "no 'about' column", None),
        (
            "tuid,source,target,about\nd:0,甲,A,doc_id=d\n",
            "no doc_id or srclang in the 'about'",
            None,
        ),
        (
            "#doc_id,d\n#srclang,zh-CN\ntuid,source,target,status\nd:0,甲,A,done\n",
            "status 'done'",
            4,
        ),
        ("#doc_id,d\n#srclang,zh-CN\ntuid,source,target,paragraph\nd:0,甲,A,x\n", "bad number", 4),
        ('#doc_id,d\n#srclang,zh-CN\ntuid,source,target\nd:0,"甲\n', "not valid CSV", 4),
        ("#doc_id,d\n#srclang,zh-CN\n", "no column names row", None),
    ],
    "tsv": [
        (_tm_row(lambda r: r.replace("\ttranslated\t", "\tdone\t", 1)), "status 'done'", 11),
        (_tm_row(lambda r: r.replace("\tsentence\t", "\tphrase\t", 1)), "segtype 'phrase'", 11),
        (_tm_row(lambda r: r.replace("\t0.9300\t", "\t1.5\t", 1)), "confidence 1.5", 11),
        (_tm_row(lambda r: r.replace("\t0.9300\t", "\thigh\t", 1)), "bad number", 11),
        (
            _tm_row(lambda r: r.rsplit("\t", 1)[0]),
            "expected 14 fields, found 13",
            11,
        ),
        (_tm_row(lambda r: r.replace("\ttranslated\t", "\tuntranslated\t", 1)), "go together", 11),
        (_tm_row(lambda r: r.replace("\t1-1\t", "\tone\t", 1)), "bead type 'one'", 11),
        (_TM.replace("#tmbrief-tm\t1", "tuid\tsource"), "not a tmbrief TM file", 1),
        (_TM.replace("tuid\tdoc_id", "id\tdoc_id"), "column names must be", 10),
        (_TM.replace("#title", "#colour"), "unknown header line #colour", 7),
        (_TM + _TM.split("\n")[10] + "\n", "also on line 11", 33),
        (_TM.replace("#srclang\tzh-CN\n", ""), "header has no #srclang", None),
    ],
}
BAD_FILE_CASES = [(name, *case) for name, cases in BAD_FILES.items() for case in cases]


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    BAD_FILE_CASES,
    ids=[f"{c[0]}-{n}" for n, c in enumerate(BAD_FILE_CASES)],
)
def test_contract_a_bad_file_is_a_parse_error_naming_its_line(name, text, message, line, tmp_path):
    fmt = FORMATS[name]
    path = tmp_path / fmt.filename("bad")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        fmt.read(path)
    assert message in info.value.message and info.value.line == line


@pytest.mark.parametrize("name", ALL)
def test_contract_missing_file_is_an_input_error(name, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        FORMATS[name].read(tmp_path / FORMATS[name].filename("absent"))


@pytest.mark.parametrize("name", ALL)
def test_contract_directory_is_an_input_error(name, tmp_path):
    with pytest.raises(InputError, match="is a directory|not a file"):
        FORMATS[name].read(tmp_path)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("a.tmx", "tmx"),
        ("a.PO", "po"),
        ("a.pot", "pot"),
        ("a.xlf", "xliff"),
        ("a.xliff", "xliff"),
        ("a.csv", "csv"),
        ("a.xlsx", "xlsx"),
        ("tm/a.tsv", "tsv"),
    ],
)
def test_format_lookup_by_extension(path, name):
    assert format_for_path(path).name == name
    assert get_format(name).name == name


@pytest.mark.parametrize("bad", ["a.docx", "a"])
def test_unknown_extension_is_an_input_error(bad):
    with pytest.raises(InputError, match="unknown file type"):
        format_for_path(bad)


def test_unknown_format_name_is_an_input_error():
    with pytest.raises(InputError, match="known: tmx, po"):
        get_format("sdlxliff")


def test_export_all_writes_every_export_deterministically(caplog):
    files, removed = export_all(fx.all_units(), fx.HEADER)
    assert sorted(files) == sorted(
        f"fuling-excerpt{get_format(n).extensions[0]}" for n in EXPORT_FORMATS
    )
    assert (files, removed) == export_all(fx.all_units(), fx.HEADER)
    assert removed == ()
    assert not files["fuling-excerpt.tmx"].startswith(b"\xef\xbb\xbf")  # no BOM in XML
    assert files["fuling-excerpt.csv"].startswith(b"\xef\xbb\xbf")  # BOM for Excel


def test_removed_characters_are_returned_by_export_all_not_logged(caplog):
    units = (replace(fx.units()[0], target="A\x0cB"),)
    assert removed_characters(units) == (Removed("fuling-excerpt:0", "target", 1, "\x0c"),)
    _, removed = export_all(units, fx.HEADER, names=("tmx",))
    assert "removed U+000C" in "\n".join(map(str, removed))
    assert removed == removed_characters(units)
    assert caplog.text == ""  # the caller reports them (the build: once, as warnings)


def test_export_all_lists_a_removal_once_whatever_the_formats_carrying_it():
    from tmbrief.tm.memory import refresh_composites

    units = list(fx.all_units())
    units[12] = replace(units[12], target="Fu\x07ling " + units[12].target)
    units = refresh_composites(units)  # its block b12 and paragraph p6 carry it too
    _, removed = export_all(units, fx.HEADER)
    # Five formats carry :13 and each reports the removal; TMX alone carries b12 and p6.
    assert [(r.tuid, r.char) for r in removed] == [
        ("fuling-excerpt:13", "\x07"),
        ("fuling-excerpt:b12", "\x07"),
        ("fuling-excerpt:p6", "\x07"),
    ]
    assert removed == removed_characters(units)


LANGUAGE_MATCHES = [
    ("zh-CN", "zh-CN", True),
    ("ZH-CN", "zh-CN", True),
    ("zh", "zh-CN", True),
    ("en-GB", "en", True),
    ("EN", "en", True),
    ("zh-TW", "zh-CN", False),
    # BCP 47 (langcodes): one language whatever the spelling or region; another script is not
    ("zh-Hans", "zh-CN", True),
    ("zh-Hans-CN", "zh-CN", True),
    ("zh_CN", "zh-CN", True),
    ("zh-Hant", "zh-CN", False),
    ("en-US", "en-GB", True),
    ("eng", "en", True),  # ISO 639-2 spelling of en, which langcodes reads as en
    ("*all*", "zh-CN", False),
    ("de", "en", False),
    ("", "en", False),
]


@pytest.mark.parametrize(("tag", "wanted", "match"), LANGUAGE_MATCHES)
def test_same_language_matches_at_subtag_boundaries(tag, wanted, match):
    from tmbrief.formats.common import same_language

    assert same_language(tag, wanted) is match


LANGUAGE_PAIRS = [
    (TMHeader("d", "zh-CN", "de"), "target language is de, tmbrief needs en"),
    (TMHeader("d", "en", "zh-CN"), "source language is en, tmbrief needs zh-CN"),
    (TMHeader("d", "zh-CN", ""), "names no target language; tmbrief needs en"),
    (TMHeader("d", "", "en"), "names no source language; tmbrief needs zh-CN"),
    (TMHeader("d", "zh-TW", "en"), "source language is zh-TW"),
]


@pytest.mark.parametrize(("header", "message"), LANGUAGE_PAIRS)
def test_a_file_of_another_language_pair_is_refused(header, message):
    from tmbrief.formats.common import require_language_pair

    with pytest.raises(InputError, match=message):
        require_language_pair("f.po", header)


@pytest.mark.parametrize("header", [TMHeader("d"), TMHeader("d", "ZH-CN", "en-GB")])
def test_a_file_of_the_language_pair_passes(header):
    from tmbrief.formats.common import require_language_pair

    require_language_pair("f.po", header)


# --- property: random units through every format ----------------------------------------

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
).map(lambda s: unicodedata.normalize("NFC", s))
LONG = st.integers(min_value=2000, max_value=2000).map(lambda n: ("涪陵先进材料" * 400)[:n])
SOURCE = st.one_of(TEXT, LONG).map(lambda s: "涪" + s)  # never empty after removals
NOTE = TEXT.map(lambda s: " ".join(s.split())).filter(bool)


@st.composite
def units_strategy(draw):
    n = draw(st.integers(min_value=1, max_value=4))
    units = []
    for i in range(n):
        target = draw(st.one_of(st.just(""), TEXT, LONG))
        status = draw(st.sampled_from(("translated", "needs-review")))
        src_ids = tuple(range(draw(st.integers(0, 3))))
        tgt_ids = tuple(range(draw(st.integers(0, 3))))
        units.append(
            Unit(
                tuid=f"doc-1:{i}",
                doc_id="doc-1",
                paragraph=draw(st.integers(0, 50)),
                src_ids=src_ids,
                tgt_ids=tgt_ids,
                source=draw(SOURCE),
                target=target,
                bead_type=f"{len(src_ids)}-{len(tgt_ids)}",
                confidence=draw(st.integers(0, 10000)) / 10000,
                status=status if target else "untranslated",
                notes=tuple(draw(st.lists(NOTE, max_size=2))),
                src_start=draw(st.integers(0, 500)),
                src_end=draw(st.integers(0, 500)),
                segtype=draw(st.sampled_from(("sentence", "sentence", "block", "paragraph"))),
            )
        )
    return units


PROPERTY_HEADER = TMHeader(
    "doc-1", date="2024-02-29", title="标题 <&> “引号”", settings=(("k", "v=1"),)
)


@pytest.mark.parametrize("name", ALL)
@settings(
    derandomize=True,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(units=units_strategy())
def test_property_random_units_survive_every_format(name, units, tmp_path):
    fmt = FORMATS[name]
    _, removed, header, back = round_trip(fmt, units, PROPERTY_HEADER, tmp_path, "prop")
    assert back == fmt.expected(units)
    assert header == PROPERTY_HEADER
    if name != "tsv":
        expected_removed = removed_characters(u for u in units if u.segtype in fmt.segtypes)
        assert removed == expected_removed


def test_illegal_class_equals_the_unicode_properties():
    import regex

    from tmbrief.formats.common import ILLEGAL

    everything = "".join(map(chr, range(0x110000)))
    by_property = regex.findall(r"[[\p{Cc}\p{Cs}\uFFFE\uFFFF]--[\t\n\r]]", everything, regex.V1)
    assert ILLEGAL.findall(everything) == by_property
    assert len(by_property) == 65 - 3 + 2048 + 2


def reference_escape(text: str) -> str:
    """The TSV escapes spelled out one character at a time: what the regexes must equal."""
    table = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
    return "".join(table.get(ch, ch) for ch in text)


def reference_unescape(field: str) -> str:
    """Left to right: a known escape becomes its character, any other backslash stays."""
    table = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 1 < len(field) and field[i + 1] in table:
            out.append(table[field[i + 1]])
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


@pytest.mark.parametrize(
    "text", ["", "plain", "a\\tb", "\\\\t", "\\\\\\t", "\\x", "end\\", "\t\n\r\\", "\\n\\r\\\\"]
)
def test_tm_fast_escapes_equal_the_project_tsv_escapes(text):
    from tmbrief.core import escape

    assert escape.unescape(text) == reference_unescape(text)
    assert escape.escape(text) == reference_escape(text)
    assert escape.unescape(escape.escape(text)) == text


@pytest.mark.parametrize(
    ("value", "field"), [(None, ""), (3, "3"), (0.5, "0.5"), ("a\tb", "a\\tb")]
)
def test_tsv_escape_takes_any_value(value, field):
    from tmbrief.core import escape

    assert escape.escape(value) == field

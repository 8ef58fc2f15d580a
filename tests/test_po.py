"""PO and POT: msgfmt accepts them with the TM's counts, polib and translate-toolkit read them."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace

import polib
import pytest

from tests import tm_fixture as fx
from tmbrief.core.errors import ParseError
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.formats.po import keyword, quote, read

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="msgfmt (gettext) not installed")


def write(tmp_path, units=None, name="po"):
    path = tmp_path / f"t.{name}"
    path.write_bytes(write_bytes(FORMATS[name], units or fx.all_units(), fx.HEADER)[0])
    return path


def msgfmt(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )


def counts(stats: str) -> dict[str, int]:
    found = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", stats):
        found[kind] = int(n)
    return found


@needs_msgfmt
def test_msgfmt_check_passes_and_counts_equal_the_tm(tmp_path):
    out = msgfmt(write(tmp_path))
    assert out.returncode == 0, out.stderr
    status = Counter(u.status for u in fx.units())  # sentence units
    assert counts(out.stderr) == {
        "translated": status["translated"],
        "fuzzy": status["needs-review"],
        "untranslated": status["untranslated"],
    }
    assert counts(out.stderr) == {"translated": 19, "fuzzy": 2, "untranslated": 1}


@needs_msgfmt
def test_msgfmt_accepts_escapes_and_multiline_strings(tmp_path):
    tricky = 'quote " back\\slash\ttab\nnew line\r carriage'
    units = [replace(fx.units()[0], source="甲\n乙" + tricky, target="A\nB" + tricky)]
    path = write(tmp_path, units)
    out = msgfmt(path)
    assert out.returncode == 0, out.stderr
    assert read(path)[1] == tuple(units)


@needs_msgfmt
def test_msgfmt_accepts_the_template(tmp_path):
    out = msgfmt(write(tmp_path, name="pot"))
    assert out.returncode == 0, out.stderr
    assert counts(out.stderr) == {"translated": 0, "fuzzy": 0, "untranslated": 22}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("Language", "en"),
        ("X-Source-Language", "zh_CN"),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("X-Generator", "tmbrief 0.1.0"),
        ("POT-Creation-Date", "2023-12-20 00:00+0000"),
        ("PO-Revision-Date", "2023-12-20 00:00+0000"),
        ("X-Tmbrief-Document", "fuling-excerpt"),
        ("X-Tmbrief-Settings", "review_threshold=0.5; aligner=hand-made test fixture"),
    ],
)
def test_header_fields(tmp_path, field, value):
    assert polib.pofile(str(write(tmp_path))).metadata[field] == value


def test_polib_reads_every_entry_as_written(tmp_path):
    po = polib.pofile(str(write(tmp_path)))
    sentence = fx.units()
    assert len(po) == len(sentence)  # block and paragraph units stay out
    for entry, u in zip(po, sentence, strict=True):
        assert (entry.msgctxt, entry.msgid, entry.msgstr) == (u.tuid, u.source, u.target)
        assert entry.occurrences == [(u.doc_id, str(u.paragraph))]
        assert ("fuzzy" in entry.flags) == (u.status == "needs-review")
        assert entry.comment.startswith(f"tmbrief: bead {u.bead_type} ")
        assert f"confidence {u.confidence:.4f}" in entry.comment
        assert entry.tcomment == "\n\n".join(u.notes)


def test_notes_survive_an_editor_rewrapping_the_comments(tmp_path):
    path = write(tmp_path)
    po = polib.pofile(str(path))
    po.save(str(path))  # polib, like gettext tools, wraps comment lines at 78 columns
    assert "\n# 100-billion-yuan and 18" in path.read_text(encoding="utf-8")
    notes = {u.tuid: u.notes for u in read(path)[1]}
    assert notes == {u.tuid: u.notes for u in fx.units()}


def test_template_has_sources_only(tmp_path):
    po = polib.pofile(str(write(tmp_path, name="pot")))
    assert [e.msgid for e in po] == [u.source for u in fx.units()]
    assert all(e.msgstr == "" and "fuzzy" not in e.flags for e in po)
    assert po.metadata["Language"] == "" and po.metadata["X-Source-Language"] == "zh_CN"
    assert po.metadata["X-Tmbrief-Target-Language"] == "en"
    assert read(write(tmp_path, name="pot"))[0].tgtlang == "en"


def test_translate_toolkit_reads_source_and_target_of_every_unit(tmp_path):
    factory = pytest.importorskip("translate.storage.factory")
    store = factory.getobject(str(write(tmp_path)))
    units = [u for u in store.units if not u.isheader()]
    got = [(u.getcontext(), u.source, u.target, u.isfuzzy()) for u in units]
    assert got == [(u.tuid, u.source, u.target, u.status == "needs-review") for u in fx.units()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "hi"', 'say \\"hi\\"'),
        ("a\\b", "a\\\\b"),
        ("tab\tcr\rlf\n", "tab\\tcr\\rlf\\n"),
        ("涪陵 😀 𠀀", "涪陵 😀 𠀀"),
    ],
)
def test_quote_escapes_what_gettext_needs(text, expected):
    assert quote(text) == expected
    assert polib.unescape(quote(text)) == text


def test_multiline_strings_split_after_each_newline_like_xgettext():
    assert keyword("msgid", "a\nb\n") == 'msgid ""\n"a\\n"\n"b\\n"\n'
    assert keyword("msgid", "one line\n") == 'msgid "one line\\n"\n'


def test_plural_entries_are_carried_not_rejected(tmp_path):
    path = tmp_path / "plural.po"
    path.write_text(
        'msgctxt "d:0"\nmsgid "甲"\nmsgstr "A"\n\n'
        'msgctxt "d:1"\nmsgid "一个文件"\nmsgid_plural "%d 个文件"\n'
        'msgstr[0] "one file"\nmsgstr[1] "%d files"\n',
        encoding="utf-8",
    )
    units = read(path)[1]
    assert [(u.tuid, u.target, u.status) for u in units] == [
        ("d:0", "A", "translated"),
        ("d:1", "one file", "translated"),
    ]
    assert units[1].notes == (
        "PO plural entry: msgid_plural='%d 个文件'; msgstr[0]='one file'; msgstr[1]='%d files'",
    )


def test_po_that_is_not_utf8_is_a_parse_error(tmp_path):
    path = tmp_path / "gbk.po"
    path.write_bytes('msgid "涪陵"\nmsgstr ""\n'.encode("gb18030"))
    with pytest.raises(ParseError, match="not UTF-8"):
        read(path)


PO_LANGUAGE_LINES = [
    # (header line removed or replaced, its replacement, (srclang, tgtlang) read)
    ('"Language: en\\n"\n', "", ("zh-CN", "")),
    ('"X-Source-Language: zh_CN\\n"\n', "", ("", "en")),
    ('"Language: en\\n"\n', '"Language: de_DE\\n"\n', ("zh-CN", "de-DE")),
]


@pytest.mark.parametrize(("line", "replacement", "languages"), PO_LANGUAGE_LINES)
def test_languages_come_from_the_header_only(tmp_path, line, replacement, languages):
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert line in text
    path.write_text(text.replace(line, replacement), encoding="utf-8")
    header = read(path)[0]
    assert (header.srclang, header.tgtlang) == languages


def test_the_duplicate_check_reuses_the_text_read_for_the_syntax_check(tmp_path, monkeypatch):
    import builtins

    path = write(tmp_path)
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    assert len(read(path)[1]) == len(fx.units())
    assert opened == []  # Path.read_bytes and polib use io.open; nothing opens it a third time

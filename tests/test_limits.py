"""Untrusted files have limits (tmbrief.core.limits), and other CAT tools' TMX files come in."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests import tm_fixture as fx
from tests.conftest import DATA
from tmbrief.cli import main
from tmbrief.core import limits
from tmbrief.core.errors import InputError
from tmbrief.core.langs import same_language
from tmbrief.formats import FORMATS, export_all, format_for_path
from tmbrief.formats.common import require_language_pair
from tmbrief.formats.tmx import read as read_tmx

TOOLS = DATA / "tools"
IMPORTABLE = ("tmx", "po", "xlf", "csv", "xlsx")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    for name, data in export_all(fx.all_units(), fx.HEADER)[0].items():
        (out / name).write_bytes(data)
    return out


@pytest.mark.parametrize("ext", IMPORTABLE)
def test_every_reader_has_a_size_cap(exports, monkeypatch, ext):
    path = exports / f"fuling-excerpt.{ext}"
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(max_bytes=path.stat().st_size - 1))
    with pytest.raises(InputError, match="bytes, more than the"):
        format_for_path(path).read(path)


@pytest.mark.parametrize("ext", IMPORTABLE)
def test_every_reader_has_a_unit_cap(exports, monkeypatch, ext):
    path = exports / f"fuling-excerpt.{ext}"
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(max_units=5))
    with pytest.raises(InputError, match="more than 5 units"):
        format_for_path(path).read(path)


@pytest.mark.parametrize("ext", IMPORTABLE)
def test_the_caps_leave_real_files_alone(exports, ext):
    path = exports / f"fuling-excerpt.{ext}"
    assert format_for_path(path).read(path)[1]


def _zip_bomb(path, entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, size in entries:
            zf.writestr(name, b"0" * size)
    path.write_bytes(buf.getvalue())


def test_a_zip_bomb_xlsx_is_refused_without_unpacking(tmp_path, capsys):
    bomb = tmp_path / "bomb.xlsx"
    _zip_bomb(bomb, [("[Content_Types].xml", 100), ("xl/worksheets/sheet1.xml", 64 << 20)])
    assert bomb.stat().st_size < 1 << 20  # 64 MB of zeros deflate to well under 1 MB
    assert main(["import", str(bomb), "--tm", "tm.tsv"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "refused as a zip bomb" in err and "bomb.xlsx" in err


def test_many_small_entries_over_the_unpacked_cap_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(max_unpacked=10_000))
    bomb = tmp_path / "wide.xlsx"
    _zip_bomb(bomb, [(f"xl/part{i}.xml", 2_000) for i in range(6)])
    with pytest.raises(InputError, match="would unpack to 12,000 bytes"):
        FORMATS["xlsx"].read(bomb)


# --- Other tools' TMX (tests/data/tools, written from each tool's documented output) ---

TOOL_FILES = [
    ("trados.tmx", 2, "en-US"),
    ("memoq.tmx", 2, "en-gb"),
    ("omegat.tmx", 3, "EN"),
]


@pytest.mark.parametrize(("name", "count", "tgtlang"), TOOL_FILES)
def test_tmx_of_other_tools_reads_with_every_target(name, count, tgtlang):
    header, units = read_tmx(TOOLS / name)
    require_language_pair(name, header)  # zh-CN -> en, whatever the spelling
    assert header.tgtlang == tgtlang
    assert len(units) == count
    assert all(u.source and u.target and u.status == "translated" for u in units)
    assert not any("<" in u.target or "&lt;" in u.target for u in units)  # codes are not text


def test_srclang_all_takes_the_chinese_tuv_as_source_in_any_order():
    header, units = read_tmx(TOOLS / "omegat.tmx")
    assert header.srclang == "zh-CN"
    assert [u.source for u in units][:2] == ["发布活动现场。", "吴辉参加活动。"]
    assert units[1].target == "Wu Hui attended the event."  # en-US beside EN


@pytest.mark.parametrize("name", [n for n, _, _ in TOOL_FILES])
def test_qa_checks_other_tools_tmx(name, capsys):
    assert main(["qa", str(TOOLS / name)]) in (0, 1)
    out = capsys.readouterr().out
    assert "target is empty" not in out.lower()


@pytest.mark.parametrize(
    ("tag", "wanted"),
    [(t, "zh-CN") for t in ("zh-CN", "zh-Hans", "zh-Hans-CN", "ZH-CN", "zh_CN")]
    + [(t, "en") for t in ("en", "en-US", "en-GB")],
)
def test_one_language_whatever_the_spelling(tag, wanted):
    assert same_language(tag, wanted)

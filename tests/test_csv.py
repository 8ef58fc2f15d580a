"""Spreadsheets for reviewers: CSV with BOM and XLSX via pandas, with how they were made."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from tests import tm_fixture as fx
from tmbrief.core.errors import ParseError
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.formats.csv import COLUMNS, read, read_xlsx


def csv_rows(units=None) -> list[list[str]]:
    data = write_bytes(FORMATS["csv"], units or fx.all_units(), fx.HEADER)[0]
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_how_it_was_made_then_the_columns():
    rows = csv_rows()
    assert rows[:9] == [
        ["#generator", "tmbrief 0.1.0"],
        ["#doc_id", "fuling-excerpt"],
        ["#srclang", "zh-CN"],
        ["#tgtlang", "en"],
        ["#date", "2023-12-20"],
        ["#title", fx.HEADER.title],
        ["#setting:review_threshold", "0.5"],
        ["#setting:aligner", "hand-made test fixture"],
        list(COLUMNS),
    ]
    assert len(rows) == 9 + len(fx.units())  # sentence units only


def test_pandas_reads_the_csv_table():
    data = write_bytes(FORMATS["csv"], fx.all_units(), fx.HEADER)[0]
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=8, dtype=str)
    assert list(frame["tuid"]) == [u.tuid for u in fx.units()]
    assert list(frame["source"]) == [u.source for u in fx.units()]


@pytest.fixture(scope="module")
def workbook():
    data = write_bytes(FORMATS["xlsx"], fx.all_units(), fx.HEADER)[0]
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_has_units_and_about_sheets(workbook):
    assert workbook.sheetnames == ["units", "about"]
    units = workbook["units"]
    assert [c.value for c in units[1]] == list(COLUMNS)
    assert units.max_row == 1 + len(fx.units())
    about = {r[0].value: r[1].value for r in workbook["about"].iter_rows(min_row=2)}
    assert about["generator"] == "tmbrief 0.1.0" and about["setting:aligner"] == (
        "hand-made test fixture"
    )


@pytest.mark.parametrize("text", ["=SUM(A1:A3)", "+86 23", "-based", "@mention"])
def test_xlsx_cells_that_look_like_formulas_stay_text(tmp_path, text):
    unit = replace(fx.units()[0], target=text)
    path = tmp_path / "f.xlsx"
    path.write_bytes(write_bytes(FORMATS["xlsx"], [unit], fx.HEADER)[0])
    cell = openpyxl.load_workbook(path)["units"]["F2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert read_xlsx(path)[1][0].target == text


def test_xlsx_is_deterministic_with_the_article_date():
    data = write_bytes(FORMATS["xlsx"], fx.all_units(), fx.HEADER)[0]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 12, 20, 0, 0, 0)}
        assert b"2023-12-20T00:00:00Z" in z.read("docProps/core.xml")


def test_xlsx_of_an_article_before_1980_stamps_the_zip_epoch_and_keeps_the_date():
    header = replace(fx.HEADER, date="1975-06-01")
    data = write_bytes(FORMATS["xlsx"], fx.all_units(), header)[0]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1975-06-01T00:00:00Z" in z.read("docProps/core.xml")


BAD_CSV = [
    ("#doc_id,d\n#srclang,zh-CN\nid,text\n", "no column tuid, source, target", 3),
    ("tuid,source,target\n", "no #doc_id or #srclang", None),
    ("#doc_id,d\n#srclang,zh-CN\ntuid,source,target,status\nd:0,甲,A,done\n", "status 'done'", 4),
    ("#doc_id,d\n#srclang,zh-CN\ntuid,source,target,paragraph\nd:0,甲,A,x\n", "bad number", 4),
    ('#doc_id,d\n#srclang,zh-CN\ntuid,source,target\nd:0,"甲\n', "not valid CSV", 4),
    ("#doc_id,d\n#srclang,zh-CN\n", "no column names row", None),
]


@pytest.mark.parametrize(("text", "message", "line"), BAD_CSV)
def test_bad_csv_is_a_parse_error(tmp_path, text, message, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read(path)
    assert message in info.value.message and info.value.line == line


def test_xlsx_without_the_about_sheet_is_a_parse_error(tmp_path):
    path = tmp_path / "plain.xlsx"
    pd.DataFrame({"tuid": ["d:0"], "source": ["甲"], "target": ["A"]}).to_excel(path, index=False)
    with pytest.raises(ParseError, match="needs sheets 'units' and 'about'"):
        read_xlsx(path)

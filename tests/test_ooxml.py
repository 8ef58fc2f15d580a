"""The small XLSX writer: workbooks openpyxl and pandas read back cell for cell."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest

from tmbrief.formats.ooxml import column_letter, workbook_bytes

COLUMN_LETTERS = [
    (0, "A"),
    (25, "Z"),
    (26, "AA"),
    (51, "AZ"),
    (52, "BA"),
    (701, "ZZ"),
    (702, "AAA"),
]


@pytest.mark.parametrize(("index", "letters"), COLUMN_LETTERS)
def test_column_letter(index, letters):
    assert column_letter(index) == letters


ROWS = [
    ["text", "int", "float", "whole float"],
    ["=SUM(A1:A3)", 0, 0.9984, 1.0],
    [" edge spaces ", 12, 0.5, 3.0],
    ["a\r\nb\tc <&> \"'", -7, 1e-05, 0.0],
    ["涪陵 😀 𠀀 \u3000", 10**12, 0.9995, 2.0],
]


@pytest.fixture(scope="module")
def data():
    return workbook_bytes(
        [("units", ROWS), ("about", [["key", "value"], ["k", "v"]])], (2023, 12, 20)
    )


def test_openpyxl_reads_every_cell_with_its_type(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["units", "about"]
    rows = [[c.value for c in row] for row in book["units"].iter_rows()]
    assert rows == ROWS
    types = {c.data_type for row in book["units"].iter_rows(min_row=2) for c in row[:1]}
    assert types == {"s"}  # "=SUM(...)" is text, never a formula


def test_pandas_reads_the_sheets(data):
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["units", "about"]
    assert sheets["units"]["text"].tolist() == [r[0] for r in ROWS[1:]]
    assert sheets["about"].to_dict("records") == [{"key": "k", "value": "v"}]


def test_same_cells_and_date_give_the_same_bytes(data):
    again = workbook_bytes(
        [("units", ROWS), ("about", [["key", "value"], ["k", "v"]])], (2023, 12, 20)
    )
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 12, 20, 0, 0, 0)}
        assert z.testzip() is None


@pytest.mark.parametrize("value", ["bell \x07", "nul \x00", "non-character \ufffe"])
def test_a_character_xml_cannot_carry_is_refused(value):
    with pytest.raises(ValueError, match="cell A1: a character XML cannot carry"):
        workbook_bytes([("s", [[value]])], (2023, 1, 1))


def test_the_xlsx_export_imports_neither_pandas_nor_openpyxl():
    code = (
        "import sys\n"
        "from tests import tm_fixture as fx\n"
        "from tmbrief.formats import FORMATS, write_bytes\n"
        "write_bytes(FORMATS['xlsx'], fx.all_units(), fx.HEADER)\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

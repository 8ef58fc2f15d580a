"""The small XLSX writer: workbooks openpyxl and pandas read back cell for cell."""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
import zipfile

import openpyxl
import pandas as pd
import pytest

from tmbrief.formats.ooxml import column_letter, sheet_xml, workbook_bytes, write_workbook

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


class _Pipe(io.BytesIO):
    """A stream that cannot seek, as a pipe or a socket."""

    def seekable(self):
        return False


def _long_sheet():
    rows = [["id", "text", "score"]]
    rows += [
        [f"t{k}", f"第{k}段：涪陵区新材料产业 {k * 7 % 1000} 亿元。" * 6, k / 7]
        for k in range(7000)
    ]
    return [("units", rows), ("about", [["key", "value"]])]


def test_a_long_sheet_is_written_row_by_row_not_held_whole(tmp_path):
    sheets = _long_sheet()
    xml_size = len(sheet_xml(sheets[0][1]).encode("utf-8"))
    with open(tmp_path / "big.xlsx", "wb") as fh:
        tracemalloc.start()
        try:
            write_workbook(fh, sheets, (2023, 12, 20))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # Holding the sheet's XML (or its compressed file) whole would take more than this.
    assert xml_size > 2_000_000
    assert peak < xml_size / 4
    assert (tmp_path / "big.xlsx").read_bytes() == workbook_bytes(sheets, (2023, 12, 20))


def test_a_stream_that_cannot_seek_gets_the_same_bytes():
    sheets = _long_sheet()
    pipe = _Pipe()
    write_workbook(pipe, sheets, (2023, 12, 20))
    assert pipe.getvalue() == workbook_bytes(sheets, (2023, 12, 20))
    with zipfile.ZipFile(io.BytesIO(pipe.getvalue())) as z:
        assert not any(i.flag_bits & 0x08 for i in z.infolist())  # no data descriptors

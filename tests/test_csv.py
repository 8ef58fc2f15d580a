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
from tmbrief.core.errors import InputError, ParseError
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.formats.csv import COLUMNS, read, read_xlsx


def csv_rows(units=None) -> list[list[str]]:
    data = write_bytes(FORMATS["csv"], units or fx.all_units(), fx.HEADER)[0]
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_the_columns_and_says_how_it_was_made_in_the_last():
    rows = csv_rows()
    assert rows[0] == [*COLUMNS, "about"]
    assert [r[-1] for r in rows[1:9]] == [
        "generator=tmbrief 0.1.0",
        "doc_id=fuling-excerpt",
        "srclang=zh-CN",
        "tgtlang=en",
        "date=2023-12-20",
        f"title={fx.HEADER.title}",
        "setting:review_threshold=0.5",
        "setting:aligner=hand-made test fixture",
    ]
    assert len(rows) == 1 + len(fx.units())  # sentence units only
    assert {r[-1] for r in rows[9:]} == {""}


def test_about_cells_outlast_the_units():
    rows = csv_rows(fx.units()[:2])
    assert [r[0] for r in rows[1:]] == ["fuling-excerpt:0", "fuling-excerpt:1"] + [""] * 6
    assert read_back(rows)[1] == fx.units()[:2]


def read_back(rows, tmp_path=None):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        return read(path)


def test_plain_pandas_read_csv_reads_it():
    data = write_bytes(FORMATS["csv"], fx.all_units(), fx.HEADER)[0]
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(frame["tuid"]) == [u.tuid for u in fx.units()]
    assert list(frame["source"]) == [u.source for u in fx.units()]


def _resaved(tmp_path, sep, encoding, rows=None):
    """The CSV as a spreadsheet re-saves it: another separator and encoding."""
    rows = rows or csv_rows()
    path = tmp_path / f"resaved-{encoding}.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return path


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [(";", "utf-8-sig"), (";", "utf-8"), (",", "utf-8"), ("\t", "utf-16"), (";", "utf-16")],
)
def test_csv_resaved_by_a_spreadsheet_reads_the_same(tmp_path, sep, encoding):
    header, units = read(_resaved(tmp_path, sep, encoding))
    assert header == fx.HEADER
    assert units == fx.units()


def test_the_older_layout_with_hash_rows_still_reads(tmp_path):
    rows = csv_rows()
    about = [r[-1].split("=", 1) for r in rows[1:9]]
    old = [["#" + k, v] for k, v in about] + [r[:-1] for r in rows]
    assert read(_resaved(tmp_path, ",", "utf-8", old)) == (fx.HEADER, fx.units())


def test_csv_without_about_column_gets_a_hint(tmp_path):
    rows = [r[:-1] for r in csv_rows()]  # the XLSX's units sheet saved as CSV
    with pytest.raises(ParseError, match="no 'about' column .* import the XLSX itself"):
        read(_resaved(tmp_path, ";", "utf-8-sig", rows))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_gets_a_hint(tmp_path, codec):
    path = tmp_path / "nobom.csv"
    path.write_bytes(
        write_bytes(FORMATS["csv"], fx.units(), fx.HEADER)[0].decode("utf-8-sig").encode(codec)
    )
    with pytest.raises(InputError, match=f"looks like {codec.upper()} without a byte-order mark"):
        read(path)


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


def test_xlsx_without_the_about_sheet_is_a_parse_error(tmp_path):
    path = tmp_path / "plain.xlsx"
    pd.DataFrame({"tuid": ["d:0"], "source": ["甲"], "target": ["A"]}).to_excel(path, index=False)
    with pytest.raises(ParseError, match="needs sheets 'units' and 'about'"):
        read_xlsx(path)

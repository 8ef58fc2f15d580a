"""A small SpreadsheetML (XLSX) writer: sheets of text and number cells, nothing else.

The XLSX export needs only typed cells on named sheets, which is a handful of
fixed XML parts in a ZIP (ECMA-376 Part 1, SpreadsheetML; Part 2, Open
Packaging Conventions). Writing them here keeps pandas and openpyxl (about a
second of imports) off the build; openpyxl, pandas and LibreOffice read the
result (tests/test_csv.py reads it back with openpyxl and pandas).

Text cells are inline strings (``t="inlineStr"``), so a value such as ``=SUM(A1)``
stays text and is never a formula; numbers are ``t="n"``. Every ZIP entry and the
document properties carry one given date, so the bytes depend only on the cells
and that date.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

import regex

from tmbrief.formats.common import xml_attr, xml_text

Cell = str | int | float
ZIP_EPOCH = (1980, 1, 1)  # the earliest date a ZIP entry can carry

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument."
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot carry at all (section 2.2); exports strip them before
# (core.units.export_view), so one here is a bug upstream, refused as openpyxl did.
_ILLEGAL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EDGE_SPACE = regex.compile(r"^\s|\s$")


def column_letter(index: int) -> str:
    """Spreadsheet column name of 0-based ``index``: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: Cell) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"cell {ref}: cannot write {type(value).__name__}")
    if not isinstance(value, str):
        return f'<c r="{ref}" t="n"><v>{_number(value)}</v></c>'
    if _ILLEGAL.search(value):
        raise ValueError(f"cell {ref}: a character XML cannot carry in {value!r}")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>'


def _number(value: int | float) -> str:
    """A number as SpreadsheetML stores it: 3 -> 3, 1.0 -> 1, 0.9984 -> 0.9984."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def sheet_xml(rows: Sequence[Sequence[Cell]]) -> str:
    """One worksheet part: ``rows`` from A1 down, every row's cells from column A."""
    return "".join(_sheet_pieces(rows))


def _sheet_pieces(rows: Sequence[Sequence[Cell]]) -> Iterator[str]:
    """The worksheet part of ``rows`` in pieces (one per row), to stream a long sheet."""
    width = max((len(r) for r in rows), default=1) or 1
    letters = [column_letter(k) for k in range(width)]
    yield _DECL
    yield f'<worksheet xmlns="{_MAIN}">'
    yield f'<dimension ref="A1:{letters[-1]}{max(len(rows), 1)}"/>'
    yield "<sheetData>"
    for n, row in enumerate(rows, 1):
        cells = "".join(_cell(f"{letters[k]}{n}", v) for k, v in enumerate(row))
        yield f'<row r="{n}">{cells}</row>'
    yield "</sheetData></worksheet>"


def _static_parts(names: Sequence[str], created: str) -> dict[str, str]:
    count = len(names)
    sheets = "".join(
        f'<sheet name="{xml_attr(name)}" sheetId="{k}" r:id="rId{k}"/>'
        for k, name in enumerate(names, 1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, count + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
        f'ContentType="{_CT}spreadsheetml.worksheet+xml"/>'
        for k in range(1, count + 1)
    )
    return {
        "[Content_Types].xml": (
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.'
            f'main+xml"/><Override PartName="/xl/styles.xml" ContentType="{_CT}spreadsheetml.'
            f'styles+xml"/>{overrides}<Override PartName="/docProps/core.xml" ContentType='
            f'"application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName='
            f'"/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_DECL}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
            f'officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type='
            f'"{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/><Relationship '
            f'Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            f"</Relationships>"
        ),
        "docProps/app.xml": (
            f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'extended-properties"><Application>tmbrief</Application></Properties>'
        ),
        "docProps/core.xml": (
            f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            f'2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
            f"</cp:coreProperties>"
        ),
        "xl/workbook.xml": (
            f'{_DECL}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets>'
            f"</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_DECL}<Relationships xmlns="{_PKG_REL}">{sheet_rels}<Relationship '
            f'Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        ),
        # The one default style every cell uses (a workbook without styles.xml makes
        # Excel repair the file).
        "xl/styles.xml": (
            f'{_DECL}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
            f'<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
            f'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
            f'</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
            f'</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
            f'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" '
            f'fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
            f'<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
    }


def workbook_bytes(
    sheets: Iterable[tuple[str, Sequence[Sequence[Cell]]]], date: tuple[int, int, int]
) -> bytes:
    """An XLSX file of ``sheets`` (name, rows), every timestamp on ``date`` (y, m, d)."""
    out = io.BytesIO()
    write_workbook(out, sheets, date)
    return out.getvalue()


def write_workbook(
    fh: BinaryIO, sheets: Iterable[tuple[str, Sequence[Sequence[Cell]]]], date: tuple[int, int, int]
) -> None:
    """Write an XLSX file of ``sheets`` (name, rows) to ``fh``, every timestamp on ``date``.

    ZIP (MS-DOS) timestamps start at 1980-01-01, so an earlier date stamps the
    entries with that day; the document properties keep the real date. Each
    worksheet is compressed row by row as it is made, so a long sheet is never
    held whole; a stream that cannot seek (a pipe) gets the file made in memory
    first, so the bytes are the same wherever they go (a ZIP written to a pipe
    would carry data descriptors instead).
    """
    if not fh.seekable():
        fh.write(workbook_bytes(sheets, date))
        return
    sheets = list(sheets)
    created = f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}T00:00:00Z"
    parts = _static_parts([name for name, _ in sheets], created)
    stamp = (*max(tuple(date), ZIP_EPOCH), 0, 0, 0)

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, wherever it is written: the bytes do not vary
        info.external_attr = 0o644 << 16
        return info

    with zipfile.ZipFile(fh, "w") as archive:
        for name in (
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
        ):
            archive.writestr(entry(name), parts[name].encode("utf-8"))
        for k, (_, rows) in enumerate(sheets, 1):
            with archive.open(entry(f"xl/worksheets/sheet{k}.xml"), "w") as part:
                for piece in _sheet_pieces(rows):
                    part.write(piece.encode("utf-8"))

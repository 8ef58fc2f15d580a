"""Spreadsheets for reviewers: CSV (UTF-8 with BOM, so Excel reads it) and XLSX (formats.ooxml).

One row per sentence unit, in TM order, columns :data:`COLUMNS` (source and
target early, ids late). How the file was made (``generator``, ``doc_id``,
``srclang``, ``tgtlang``, ``date``, ``title``, ``setting:<key>``): in CSV in a
last column, ``about``, one ``key=value`` a cell, so the column names are the
first row and ``pandas.read_csv`` reads the file as it is; in XLSX on a second
sheet, ``about``. Notes are one per line in a cell.

CSV cells are written as they are: a cell starting with ``=`` is text to
tmbrief but a formula to Excel, so open CSV in Excel through its import
dialog, or use the XLSX, whose cells are all typed as text.
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from tmbrief.core.errors import ParseError
from tmbrief.core.limits import check_size, check_units, check_zip
from tmbrief.core.model import UNIT_STATUSES, TMHeader, Unit
from tmbrief.core.textio import detect_encoding, input_errors, require_file
from tmbrief.core.units import origin_text, unit_base
from tmbrief.formats.common import (
    GENERATOR,
    Removed,
    article_date,
    export_view,
    format_confidence,
    format_ids,
    notes_of,
    parse_ids,
    status_of,
)
from tmbrief.formats.ooxml import write_workbook

SEGTYPES = ("sentence",)
COLUMNS = (
    "tuid",
    "paragraph",
    "status",
    "confidence",
    "source",
    "target",
    "notes",
    "bead_type",
    "src_ids",
    "tgt_ids",
    "src_start",
    "src_end",
    "doc_id",
    "base",  # what the TM held when exported (units.base_of): import merges three-way
    "origin",  # "aligned", or the human edit that made the target (read by no one)
)
UNITS_SHEET, ABOUT_SHEET = "units", "about"


def about_rows(header: TMHeader) -> list[tuple[str, str]]:
    """(key, value) rows saying how the file was made and for which document.

    The date is checked as every export checks it (InputError if impossible).
    """
    article_date(header)
    rows = [
        ("generator", GENERATOR),
        ("doc_id", header.doc_id),
        ("srclang", header.srclang),
        ("tgtlang", header.tgtlang),
        ("date", header.date),
        ("title", header.title),
    ]
    rows.extend((f"setting:{k}", v) for k, v in header.settings)
    return rows


def _row(u: Unit) -> list[str]:
    return [
        u.tuid,
        str(u.paragraph),
        u.status,
        format_confidence(u.confidence),
        u.source,
        u.target,
        "\n".join(u.notes),
        u.bead_type,
        format_ids(u.src_ids),
        format_ids(u.tgt_ids),
        str(u.src_start),
        str(u.src_end),
        u.doc_id,
        unit_base(u),
        origin_text(u),
    ]


def _rows(units: Iterable[Unit], removed: list[Removed]) -> Iterator[list[str]]:
    for unit in units:
        if unit.segtype in SEGTYPES:
            yield _row(export_view(unit, removed))


ABOUT = "about"  # the CSV's last column: how the file was made, one key=value a cell
CSV_COLUMNS = (*COLUMNS, ABOUT)
DELIMITERS = (",", ";", "\t")  # ours; Excel's in locales with a decimal comma; TSV


def write(units: Iterable[Unit], header: TMHeader, fh) -> tuple[Removed, ...]:
    """Stream a CSV (UTF-8 with BOM) to the text file ``fh``; return removed characters.

    The column names come first, so ``pandas.read_csv`` reads it as it is; how
    the file was made is the last column, ``about``, one ``key=value`` per cell
    from the first row down (rows with only an ``about`` cell follow when there
    are more of them than units). ``fh`` should be opened with ``newline=""``
    semantics; the BOM is written here.
    """
    removed: list[Removed] = []
    fh.write("\ufeff")
    writer = _csv.writer(fh, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    about = [f"{k}={v}" for k, v in about_rows(header)]
    written = 0
    for i, row in enumerate(_rows(units, removed)):
        writer.writerow([*row, about[i] if i < len(about) else ""])
        written = i + 1
    for cell in about[written:]:
        writer.writerow([*[""] * len(COLUMNS), cell])
    return tuple(removed)


def read(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read a CSV written by :func:`write`, maybe edited and re-saved by a spreadsheet.

    Any encoding core.textio reads (UTF-8 with or without BOM, UTF-16 with BOM,
    ...), separators ``,``, ``;`` (Excel in locales with a decimal comma) or tab,
    and the older layout with ``#key,value`` rows before the column names. A
    file without the ``about`` column (a CSV saved from the XLSX's sheet) is
    refused with a hint.
    """
    check_size(path)
    with input_errors(path):
        data = Path(path).read_bytes()
    # Decoded exactly (no NFC, no line-end change: a cell keeps its CR); the encoding
    # is detected as for every text input, with its hints (UTF-16 without BOM).
    codec = detect_encoding(data, path)
    try:
        text = data.decode(codec).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(path, f"cannot decode as {codec}: {exc.reason}", line) from exc
    reader = _csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    legacy: list[tuple[str, str]] = []
    try:
        for row in reader:
            if row and row[0].startswith("#"):
                legacy.append((row[0][1:], row[1] if len(row) > 1 else ""))
                continue
            columns = _columns(path, row, reader.line_num)
            units, about = [], []
            for r in reader:
                fields = dict(zip(columns, r, strict=False))
                if fields.get(ABOUT):
                    key, _, value = fields[ABOUT].partition("=")
                    about.append((key, value))
                if any(v for k, v in fields.items() if k != ABOUT):
                    units.append(_unit(path, reader.line_num, fields))
                    check_units(path, len(units))
            header = _header(path, legacy or about, has_about=ABOUT in columns)
            return header, tuple(units)
    except _csv.Error as exc:
        raise ParseError(path, f"not valid CSV: {exc}", reader.line_num) from exc
    raise ParseError(path, "no column names row", None)


def _delimiter(text: str) -> str:
    """The separator of the column names row (the first line not starting with ``#``)."""
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            return max(DELIMITERS, key=line.count)
    return ","


def _header(path, about: list[tuple[str, str]], has_about: bool = True) -> TMHeader:
    values = dict(about)
    if not values.get("doc_id") or not values.get("srclang"):
        if not has_about:
            raise ParseError(
                path,
                "no 'about' column naming the document and its languages (a CSV saved "
                "from a spreadsheet's sheet?): import the XLSX itself, or re-export the CSV",
                None,
            )
        raise ParseError(path, "no doc_id or srclang in the 'about' column", None)
    return TMHeader(
        doc_id=values["doc_id"],
        srclang=values["srclang"],
        tgtlang=values.get("tgtlang", ""),
        date=values.get("date", ""),
        title=values.get("title", ""),
        settings=tuple((k[8:], v) for k, v in about if k.startswith("setting:")),
    )


def _columns(path, row: list[str], line: int) -> list[str]:
    missing = [c for c in ("tuid", "source", "target") if c not in row]
    if missing:
        raise ParseError(path, f"no column {', '.join(missing)}", line)
    return row


def _unit(path, line, row: dict[str, str]) -> Unit:
    try:
        src_ids = parse_ids(row.get("src_ids", ""))
        tgt_ids = parse_ids(row.get("tgt_ids", ""))
        paragraph = int(row.get("paragraph") or 0)
        confidence = float(row.get("confidence") or 0)
        start, end = int(row.get("src_start") or 0), int(row.get("src_end") or 0)
    except ValueError as exc:
        raise ParseError(path, f"bad number: {exc}", line) from exc
    status = row.get("status", "")
    if status and status not in UNIT_STATUSES:
        raise ParseError(path, f"status {status!r} is not one of {', '.join(UNIT_STATUSES)}", line)
    target = row.get("target", "")
    return Unit(
        tuid=row.get("tuid", ""),
        doc_id=row.get("doc_id", ""),
        paragraph=paragraph,
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        source=row.get("source", ""),
        target=target,
        bead_type=row.get("bead_type") or f"{len(src_ids)}-{len(tgt_ids)}",
        confidence=confidence,
        status=status_of(target, status == "needs-review"),
        notes=notes_of(row.get("notes", "").split("\n")),
        src_start=start,
        src_end=end,
        segtype="sentence",
        base=row.get("base", ""),
    )


# --- XLSX ------------------------------------------------------------------------------

_NUMBER_COLUMNS = {"paragraph": int, "src_start": int, "src_end": int, "confidence": float}


def write_xlsx(units: Iterable[Unit], header: TMHeader, fh) -> tuple[Removed, ...]:
    """Write an XLSX workbook (sheets ``units`` and ``about``) to the binary file ``fh``.

    Deterministic: every cell typed as text where the value is text (so ``=...``
    stays text), numbers as numbers, and the workbook's dates and zip timestamps
    are the article date (formats.ooxml).
    """
    removed: list[Removed] = []
    kinds = [_NUMBER_COLUMNS.get(name, str) for name in COLUMNS]
    units_rows = [list(COLUMNS)]
    units_rows += [
        [kind(value) for kind, value in zip(kinds, row, strict=True)]
        for row in _rows(units, removed)
    ]
    about = [["key", "value"], *map(list, about_rows(header))]
    ymd = article_date(header) or ("1980", "01", "01")
    date = (int(ymd[0]), int(ymd[1]), int(ymd[2]))
    write_workbook(fh, [(UNITS_SHEET, units_rows), (ABOUT_SHEET, about)], date)
    return tuple(removed)


def read_xlsx(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read an XLSX written by :func:`write_xlsx` (and maybe edited in a spreadsheet)."""
    import pandas as pd

    require_file(path)
    check_zip(path)  # before anything is unpacked: a zip bomb is refused
    try:
        sheets = pd.read_excel(
            path, sheet_name=None, dtype=str, keep_default_na=False, na_filter=False
        )
    except Exception as exc:  # noqa: BLE001
        # A damaged workbook fails anywhere in zipfile, zlib, openpyxl or its XML
        # parser, each with its own exception types (the fuzz run found zlib.error).
        raise ParseError(path, f"not a readable XLSX workbook: {exc}") from exc
    if UNITS_SHEET not in sheets or ABOUT_SHEET not in sheets:
        raise ParseError(path, f"needs sheets {UNITS_SHEET!r} and {ABOUT_SHEET!r}")
    about = sheets[ABOUT_SHEET]
    if list(about.columns[:2]) != ["key", "value"]:
        raise ParseError(path, "sheet 'about' needs columns key, value", 1)
    header = _header(path, list(zip(about["key"], about["value"], strict=True)))
    frame = sheets[UNITS_SHEET]
    _columns(path, list(frame.columns), 1)
    check_units(path, len(frame))
    units = tuple(
        _unit(path, n, {k: str(v) for k, v in row.items()})
        for n, row in enumerate(frame.to_dict("records"), 2)
    )
    return header, units

"""The TM file itself (``tm/<id>.tsv``): lossless, human-diffable UTF-8 TSV, one unit a line.

Layout::

    #tmbrief-tm<TAB>1
    #generator<TAB>tmbrief 0.1.0
    #doc_id<TAB>fuling-materials-20231220
    #srclang<TAB>zh-CN
    #tgtlang<TAB>en
    #date<TAB>2023-12-20
    #title<TAB>...
    #setting<TAB>review_threshold<TAB>0.5      (one line per setting)
    tuid<TAB>doc_id<TAB>segtype<TAB>...        (the column names, COLUMNS)
    fuling-materials-20231220:0<TAB>...        (one line per unit)

Fields use the project's TSV escapes (tmbrief/core/escape.py: ``\\t``, ``\\n``, ``\\r``,
``\\\\``), so any text survives; ids are ``0,1``; notes are one per line
inside the field (each note made one line by ``clean_note``). Nothing is
removed: the TM keeps control characters (exports report and drop them).
Text is read exactly as written (no normalisation).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat

from tmbrief.core import escape
from tmbrief.core.errors import ParseError
from tmbrief.core.model import UNIT_STATUSES, TMHeader, Unit
from tmbrief.core.textio import input_errors
from tmbrief.core.units import (
    SEGTYPES,
    Removed,
    clean_note,
    format_confidence,
    format_ids,
    parse_ids,
)
from tmbrief.core.version import GENERATOR

NAME = "tsv"
EXTENSIONS = (".tsv",)
MAGIC = "#tmbrief-tm\t1"
COLUMNS = (
    "tuid",
    "doc_id",
    "segtype",
    "paragraph",
    "src_ids",
    "tgt_ids",
    "bead_type",
    "confidence",
    "status",
    "src_start",
    "src_end",
    "source",
    "target",
    "notes",
)
_HEADER_KEYS = ("doc_id", "srclang", "tgtlang", "date", "title")
_BEAD_TYPE = re.compile(r"^\d+-\d+$")


def _meta(key: str, *values: str) -> str:
    return "\t".join(["#" + key, *(escape.escape(v) for v in values)]) + "\n"


def write(units: Iterable[Unit], header: TMHeader, fh) -> tuple[Removed, ...]:
    """Write header lines and one line per unit to the text file ``fh`` (streaming)."""
    fh.write(MAGIC + "\n")
    fh.write(_meta("generator", GENERATOR))
    for key in _HEADER_KEYS:
        fh.write(_meta(key, getattr(header, key)))
    for key, value in header.settings:
        fh.write(_meta("setting", key, value))
    fh.write("\t".join(COLUMNS) + "\n")
    esc = escape.escape
    for u in units:
        fh.write(
            "\t".join(
                (
                    esc(u.tuid),
                    esc(u.doc_id),
                    u.segtype,
                    str(u.paragraph),
                    format_ids(u.src_ids),
                    format_ids(u.tgt_ids),
                    esc(u.bead_type),
                    format_confidence(u.confidence),
                    u.status,
                    str(u.src_start),
                    str(u.src_end),
                    esc(u.source),
                    esc(u.target),
                    esc("\n".join(n for n in map(clean_note, u.notes) if n)),
                )
            )
            + "\n"
        )
    return ()


def _lines(path) -> Iterator[tuple[int, str]]:
    """(line number, line without its end) of a UTF-8 file; decoding errors are ParseErrors."""
    with input_errors(path):
        fh = open(path, encoding="utf-8-sig", newline=None)  # noqa: SIM115 (closed below)
    number = 0
    with fh:
        try:
            for number, line in enumerate(fh, 1):  # noqa: B007 (number is used on error)
                yield number, line.rstrip("\n")
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"not UTF-8: {exc.reason}", number + 1) from exc


def _read_header(path, lines: Iterator[tuple[int, str]]) -> TMHeader:
    first = next(lines, None)
    if first is None or first[1] != MAGIC:
        raise ParseError(path, f"not a tmbrief TM file (first line must be {MAGIC!r})", 1)
    values: dict[str, str] = {}
    settings: list[tuple[str, str]] = []
    for number, line in lines:
        if not line.startswith("#"):
            if tuple(line.split("\t")) != COLUMNS:
                raise ParseError(path, "column names must be: " + " ".join(COLUMNS), number)
            break
        key, *rest = line[1:].split("\t")
        rest = [escape.unescape(v) for v in rest]
        if key == "setting" and len(rest) == 2:
            settings.append((rest[0], rest[1]))
        elif key in _HEADER_KEYS and len(rest) == 1:
            values[key] = rest[0]
        elif key != "generator":
            raise ParseError(path, f"unknown header line #{key}", number)
    else:
        raise ParseError(path, "no column names line", None)
    for key in ("doc_id", "srclang", "tgtlang"):
        if not values.get(key):
            raise ParseError(path, f"header has no #{key}", None)
    return TMHeader(settings=tuple(settings), **values)


def read_header(path) -> TMHeader:
    """Only the header of a TM file."""
    return _read_header(path, _lines(path))


def _stream(path) -> tuple[TMHeader, Iterator[tuple[int, Unit]]]:
    """The header of a TM file, and its (line number, unit) pairs as they are read."""
    lines = _lines(path)
    header = _read_header(path, lines)
    return header, ((number, _unit(path, number, line)) for number, line in lines if line)


def iter_units(path) -> Iterator[Unit]:
    """Stream the units of a TM file, validating each line (not tuid uniqueness)."""
    for _, unit in _stream(path)[1]:
        yield unit


@dataclass(frozen=True)
class Columns:
    """Consecutive units of a TM file, column by column (see :func:`iter_columns`).

    Each attribute is a list with one value per unit, unescaped.
    """

    tuid: list[str]
    doc_id: list[str]
    segtype: list[str]
    status: list[str]
    confidence: list[float]
    source: list[str]
    target: list[str]

    def __len__(self) -> int:
        return len(self.tuid)


def iter_columns(path, size: int = 50_000) -> Iterator[Columns]:
    """The units of a TM file in :class:`Columns` of about ``size``: for bulk readers.

    Validates every line as :func:`iter_units` does (a bad line is the same
    ParseError, naming the file and the line), column by column: each distinct
    value of a column is checked once, not every unit. Faster than making a
    :class:`Unit` of each line (the corpus index reads a million-unit TM so).
    """
    with input_errors(path):
        fh = open(path, encoding="utf-8-sig", newline=None)  # noqa: SIM115 (closed below)
    with fh:
        number = 0

        def header_lines():
            nonlocal number
            for line in iter(fh.readline, ""):
                number += 1
                yield number, line.rstrip("\n")
                if line.startswith("tuid\t"):
                    return

        try:
            _read_header(path, header_lines())
            while lines := fh.readlines(size * 400):
                count, columns = len(lines), _columns(path, number + 1, lines)
                del lines  # not held while the reader works on the columns
                yield columns
                number += count
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"not UTF-8: {exc.reason}", _bad_utf8_line(path)) from exc


def _bad_utf8_line(path) -> int | None:
    """The line of a file's first UTF-8 decoding error (read again, as bytes, to say where)."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return None


_INT_COLUMNS = (3, 9, 10)  # paragraph, src_start, src_end
_UNESCAPED = (0, 1, 11, 12)  # tuid, doc_id, source, target


def _columns(path, first: int, lines: list[str]) -> Columns:
    """The columns of ``lines`` (as read, with their line ends; the first is line ``first``)."""
    if lines.count("\n") or lines[-1] == "":
        lines = [ln for ln in lines if ln not in ("\n", "")]
        first = None  # blank lines: line numbers are counted again on error
    # One split of the lines joined by tabs (notes, unused here, keep the line end): the
    # fields of line k are flat[k * len(COLUMNS):][:len(COLUMNS)] when each has as many.
    if set(map(str.count, lines, repeat("\t"))) != {len(COLUMNS) - 1}:
        _raise_first_error(path, first, lines)
    flat = "\t".join(lines).split("\t")
    cols = [flat[i :: len(COLUMNS)] for i in range(len(COLUMNS))]
    del flat
    if not _valid(cols):
        _raise_first_error(path, first, lines)
    unesc = {i: list(map(escape.unescape, cols[i])) if any(map(operator.contains, cols[i],
             repeat("\\"))) else cols[i] for i in _UNESCAPED}  # fmt: skip
    confidence = {v: float(v) for v in set(cols[7])}
    return Columns(
        tuid=unesc[0],
        doc_id=unesc[1],
        segtype=cols[2],
        status=cols[8],
        confidence=list(map(confidence.__getitem__, cols[7])),
        source=unesc[11],
        target=unesc[12],
    )


def _raise_first_error(path, first: int | None, lines: list[str]):
    if first is None:  # find the chunk's lines in the file again
        for number, line in _lines(path):
            if line and not line.startswith("#") and line.split("\t")[0] != "tuid":
                _unit(path, number, line)
    else:
        for i, line in enumerate(lines):
            _unit(path, first + i, line.rstrip("\n"))
    raise ParseError(path, "invalid TM line", first)  # not reached: _unit raised


def _valid(cols) -> bool:
    """Whether every row passes :func:`_unit`'s checks, judged on each column's distinct values."""
    try:
        for i in _INT_COLUMNS:
            for v in set(cols[i]):
                int(v)
        for i in (4, 5):
            for v in set(cols[i]):
                parse_ids(v)
        typed = {"confidence": [float(v) for v in set(cols[7])]}
    except ValueError:
        return False
    for field, ok, _ in UNIT_RULES:
        column = cols[COLUMNS.index(field)]
        # bool is cheaper than the hashing a set of distinct values costs (tuids: all distinct)
        values = typed.get(field) or (column if ok is bool else set(column))
        if not all(map(ok, values)):
            return False
    untranslated = list(map(operator.eq, cols[8], repeat("untranslated")))
    return untranslated == list(map(operator.not_, cols[12]))


# What a TM line's unit must be, field by field: (field, whether a value passes, what is
# wrong with one that does not). validate_unit checks a unit against each rule in turn;
# iter_columns checks each distinct value of a column once. Besides: status
# "untranslated" exactly when the target is empty (a rule on two fields).
UNIT_RULES = (
    ("tuid", bool, lambda v: "empty tuid"),
    ("segtype", SEGTYPES.__contains__,
     lambda v: f"segtype {v!r} is not one of {', '.join(SEGTYPES)}"),
    ("status", UNIT_STATUSES.__contains__,
     lambda v: f"status {v!r} is not one of {', '.join(UNIT_STATUSES)}"),
    ("confidence", lambda v: 0.0 <= v <= 1.0, lambda v: f"confidence {v} is not in [0, 1]"),
    ("bead_type", lambda v: bool(_BEAD_TYPE.match(v)), lambda v: f"bead type {v!r} is not m-n"),
)  # fmt: skip


def validate_unit(unit: Unit) -> None:
    """ValueError saying what makes ``unit`` unfit for a TM file (the reader's rules,
    :data:`UNIT_RULES`): the first rule it breaks."""
    for field, ok, problem in UNIT_RULES:
        value = getattr(unit, field)
        if not ok(value):
            raise ValueError(problem(value))
    if (unit.status == "untranslated") != (unit.target == ""):
        raise ValueError("status 'untranslated' and an empty target go together")


def _unit(path, number: int, line: str) -> Unit:
    fields = line.split("\t")
    if len(fields) != len(COLUMNS):
        raise ParseError(path, f"expected {len(COLUMNS)} fields, found {len(fields)}", number)
    # The order of COLUMNS.
    (tuid, doc_id, segtype, paragraph, src_ids, tgt_ids, bead_type, confidence, status) = fields[:9]
    src_start, src_end, source, target, notes = fields[9:]
    try:
        src, tgt = parse_ids(src_ids), parse_ids(tgt_ids)
        para, start, end = int(paragraph), int(src_start), int(src_end)
        conf = float(confidence)
    except ValueError as exc:
        raise ParseError(path, f"bad number: {exc}", number) from exc
    notes = escape.unescape(notes)
    unit = Unit(
        escape.unescape(tuid),
        escape.unescape(doc_id),
        para,
        src,
        tgt,
        escape.unescape(source),
        escape.unescape(target),
        bead_type,
        conf,
        status,
        tuple(notes.split("\n")) if notes else (),
        start,
        end,
        segtype,
    )
    try:
        validate_unit(unit)
    except ValueError as exc:
        raise ParseError(path, str(exc), number) from exc
    return unit


def read(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Header and every unit of a TM file (read once); a tuid given twice is a ParseError."""
    header, numbered = _stream(path)
    units, seen = [], {}
    for number, unit in numbered:
        if unit.tuid in seen:
            raise ParseError(path, f"tuid {unit.tuid} also on line {seen[unit.tuid]}", number)
        seen[unit.tuid] = number
        units.append(unit)
    return header, tuple(units)

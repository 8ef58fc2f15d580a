"""Lossless tab-separated rows: backslash escapes for tab, newline, CR and backslash."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
# The escapes, read left to right (so an escaped backslash before "t" is no tab).
_ESCAPED = re.compile(r"\\([\\tnr])")


def _escape_one(m: re.Match) -> str:
    return _ESCAPES[m.group()]


def _unescape_one(m: re.Match) -> str:
    return _UNESCAPES[m.group(1)]


def escape(value) -> str:
    """Escape one field: ``a<TAB>b`` -> ``a\\tb``; None -> empty.

    One regex pass, skipped for the common field that needs none (the TM
    writer's hot loop).
    """
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return _NEEDS_ESCAPE.sub(_escape_one, text) if _NEEDS_ESCAPE.search(text) else text


def unescape(field: str) -> str:
    """Undo :func:`escape`; an unknown escape keeps its backslash (one regex pass)."""
    return _ESCAPED.sub(_unescape_one, field) if "\\" in field else field


def format_rows(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A whole TSV document: header line, one escaped line per row, LF line ends."""
    lines = ["\t".join(header)]
    lines.extend("\t".join(escape(v) for v in row) for row in rows)
    return "\n".join(lines) + "\n"


def parse_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split a TSV document into (header, [(line number, unescaped fields)])."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return [], []
    header = lines[0].split("\t")
    rows = [
        (n, [unescape(f) for f in line.split("\t")])
        for n, line in enumerate(lines[1:], 2)
        if line.strip()
    ]
    return header, rows

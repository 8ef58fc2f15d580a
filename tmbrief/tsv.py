"""Lossless tab-separated rows: backslash escapes for tab, newline, CR and backslash."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape(value) -> str:
    """Escape one field: ``a<TAB>b`` -> ``a\\tb``; None -> empty."""
    text = "" if value is None else str(value)
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def unescape(field: str) -> str:
    """Undo :func:`escape`; an unknown escape keeps its backslash."""
    out, i = [], 0
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field) and field[i + 1] in _UNESCAPES:
            out.append(_UNESCAPES[field[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


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

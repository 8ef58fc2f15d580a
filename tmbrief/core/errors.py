"""Typed errors. The CLI maps every :class:`TmbriefError` to one stderr line and exit 2."""

from __future__ import annotations


class TmbriefError(Exception):
    """Base class of every error tmbrief reports to a user."""


class InputError(TmbriefError):
    """Bad input: names the file and, where there is one, the line (1-based)."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class ParseError(InputError):
    """A file that a format reader cannot parse (PO, TMX, XLIFF, TSV, glossary, ...)."""


class OutputError(TmbriefError):
    """An output that cannot be written (missing or read-only directory, ...)."""

    def __init__(self, path, message: str):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")

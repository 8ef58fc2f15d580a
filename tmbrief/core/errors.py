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

    def __reduce__(self):
        # Rebuilt from its fields, not its one message: the error crosses process
        # boundaries (a Dask worker's failure reaches the client pickled).
        return type(self), (self.path, self.message, self.line)


class ParseError(InputError):
    """A file that a format reader cannot parse (PO, TMX, XLIFF, TSV, glossary, ...)."""


class OutputError(TmbriefError):
    """An output that cannot be written (missing or read-only directory, ...)."""

    def __init__(self, path, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self):
        return type(self), (self.path, self.message)


class ServiceError(TmbriefError):
    """A server tmbrief needs (a Dask scheduler, a database) that it cannot reach or use.

    Names the server's address (without any password) and what went wrong.
    """

    def __init__(self, address: str, message: str):
        self.address = address
        self.message = message
        super().__init__(f"{address}: {message}")

    def __reduce__(self):
        return type(self), (self.address, self.message)

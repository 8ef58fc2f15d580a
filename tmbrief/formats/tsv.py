"""The TM file (``tm/<id>.tsv``) as a format plugin; the file itself is :mod:`tmbrief.tm.store`."""

from tmbrief.tm.store import EXTENSIONS, NAME, SEGTYPES, read, write

__all__ = ["EXTENSIONS", "NAME", "SEGTYPES", "read", "write"]

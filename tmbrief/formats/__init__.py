"""Format plugins behind one registry, :data:`FORMATS`: name -> :class:`Format`.

Each format writes units streaming (``write(units, header, fh)``, returning the
characters it removed, see :mod:`tmbrief.formats.common`) and reads a file back
(``read(path) -> (header, units)``, raising only InputError/ParseError). A
format declares which unit kinds it carries (``segtypes``) and ``view``: what
a unit looks like after a round trip through it. One contract test
(tests/test_formats.py) checks ``read(write(units)) == view(units)`` for all.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tmbrief.core.errors import InputError
from tmbrief.core.model import TMHeader, Unit
from tmbrief.core.textio import OpenFile, OutputFiles
from tmbrief.formats import csv, po, tmx, tsv, xliff
from tmbrief.formats.common import Removed, clean_note, export_view


def _tsv_view(unit: Unit) -> Unit:
    notes = tuple(n for n in map(clean_note, unit.notes) if n)
    return unit if notes == unit.notes else replace(unit, notes=notes)


def _template_view(unit: Unit) -> Unit:
    return replace(export_view(unit), target="", status="untranslated")


@dataclass(frozen=True)
class Format:
    """A file format: how to write and read units, and what survives the trip."""

    name: str
    extensions: tuple[str, ...]
    description: str
    write: Callable[[Iterable[Unit], TMHeader, object], tuple[Removed, ...]]
    read: Callable[[object], tuple[TMHeader, tuple[Unit, ...]]]
    segtypes: tuple[str, ...]  # the unit kinds it carries: its module's SEGTYPES
    view: Callable[[Unit], Unit] = export_view
    binary: bool = False
    importable: bool = True  # can carry a translator's edits back

    def filename(self, doc_id: str) -> str:
        """Export file name of a document: ``<doc id><first extension>``."""
        return f"{doc_id}{self.extensions[0]}"

    def expected(self, units: Iterable[Unit]) -> tuple[Unit, ...]:
        """What :attr:`read` returns after :attr:`write` wrote ``units``."""
        return tuple(self.view(u) for u in units if u.segtype in self.segtypes)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "tmx",
            tmx.EXTENSIONS,
            "TMX 1.4 for CAT tools (sentence, block and paragraph units)",
            tmx.write,
            tmx.read,
            segtypes=tmx.SEGTYPES,
        ),
        Format(
            "po",
            (".po",),
            "gettext PO: msgctxt tuid, fuzzy = needs review",
            po.write,
            po.read,
            segtypes=po.SEGTYPES,
        ),
        Format(
            "pot",
            (".pot",),
            "gettext template: sources only",
            po.write_pot,
            po.read,
            segtypes=po.SEGTYPES,
            view=_template_view,
            importable=False,
        ),
        Format(
            "xliff",
            xliff.EXTENSIONS,
            "XLIFF 1.2 bilingual article",
            xliff.write,
            xliff.read,
            segtypes=xliff.SEGTYPES,
        ),
        Format(
            "csv",
            (".csv",),
            "CSV (UTF-8 with BOM) for reviewers",
            csv.write,
            csv.read,
            segtypes=csv.SEGTYPES,
        ),
        Format(
            "xlsx",
            (".xlsx",),
            "Excel workbook for reviewers",
            csv.write_xlsx,
            csv.read_xlsx,
            segtypes=csv.SEGTYPES,
            binary=True,
        ),
        Format(
            "tsv",
            tsv.EXTENSIONS,
            "the TM file itself (lossless)",
            tsv.write,
            tsv.read,
            segtypes=tsv.SEGTYPES,
            view=_tsv_view,
        ),
    )
}
# What `tmbrief export` and export_all write by default (the TM file is not an export).
EXPORT_FORMATS = ("tmx", "po", "pot", "xliff", "csv", "xlsx")


def get_format(name: str) -> Format:
    """The format called ``name``; InputError naming the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(name, f"unknown format; known: {', '.join(FORMATS)}") from None


def format_for_path(path) -> Format:
    """The format of a file, by its extension (``.xliff`` and ``.xlf`` are XLIFF)."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(e for f in FORMATS.values() for e in f.extensions)
    raise InputError(path, f"unknown file type {suffix or '(none)'!r}; known: {known}")


def write_bytes(fmt: Format, units: Iterable[Unit], header: TMHeader) -> tuple[bytes, tuple]:
    """(file content, removed characters) of ``units`` written in ``fmt``, in memory."""
    if fmt.binary:
        buf = io.BytesIO()
        removed = fmt.write(units, header, buf)
        return buf.getvalue(), removed
    text = io.StringIO(newline="")
    removed = fmt.write(units, header, text)
    return text.getvalue().encode("utf-8"), removed


def export_all(
    units: Sequence[Unit], header: TMHeader, names: Sequence[str] = EXPORT_FORMATS
) -> tuple[dict[str, bytes], tuple[Removed, ...]]:
    """Every export of one document, deterministic, and the characters they removed.

    Returns ``({"<doc id>.<ext>": bytes}, removed)``: ``removed`` joins what
    each writer reported (a character removed from a unit that several formats
    carry is listed once), in TM order. Nothing is logged: the caller reports.
    """
    files = OutputFiles()
    removed = export_each(units, header, files.open, names)
    return dict(files), removed


def export_each(
    units: Sequence[Unit],
    header: TMHeader,
    open_file: OpenFile,
    names: Sequence[str] = EXPORT_FORMATS,
) -> tuple[Removed, ...]:
    """Like :func:`export_all`, each export written to the stream ``open_file(name, binary)``
    gives (a build's staged file: no export is held in memory); returns ``removed``."""
    removed: dict[Removed, None] = {}
    for name in names:
        fmt = get_format(name)
        with open_file(fmt.filename(header.doc_id), fmt.binary) as stream:
            removed.update(dict.fromkeys(fmt.write(units, header, stream)))
    order = {u.tuid: i for i, u in enumerate(units)}
    return tuple(sorted(removed, key=lambda r: order.get(r.tuid, len(order))))


def removed_characters(units: Iterable[Unit]) -> tuple[Removed, ...]:
    """Characters every export removes from ``units`` (see formats/common.py)."""
    removed: list[Removed] = []
    for u in units:
        export_view(u, removed)
    return tuple(removed)

"""What every export shares about a unit: its export view, removed characters, status, ids, stamps.

Every writer exports :func:`export_view` of each unit, so all formats carry the
same text: characters that XML 1.0 cannot carry (C0/C1 control characters other
than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF) are removed from
source, target and notes, and each removal is reported as a :class:`Removed`.
Spreadsheets and PO could carry some of them, but a control character in a
news article is scraping debris, and one rule for all formats keeps them
interchangeable.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from tmbrief.core.errors import InputError
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.model import DocMeta, TMHeader, Unit
from tmbrief.core.version import GENERATOR

SEGTYPES = ("sentence", "block", "paragraph")


def _illegal_class() -> str:
    """A character class of what XML 1.0 cannot carry, made from the Unicode categories.

    Cc (control) is the C0 and C1 controls, all below U+00A0, fixed by Unicode's
    stability policy; Cs (surrogates) is U+D800-U+DFFF. The stdlib ``re`` runs
    this class about four times faster than ``regex`` runs ``\\p{Cc}`` (export
    speed); tests/test_formats.py checks it against ``\\p{Cc}\\p{Cs}`` for every
    code point.
    """
    controls = "".join(
        chr(c)
        for c in range(0xA0)
        if unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\t\n\r"
    )
    return "[" + re.escape(controls) + "\ud800-\udfff\ufffe\uffff]"


ILLEGAL = re.compile(_illegal_class())
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Removed:
    """One character an export removed: which unit, which field, where, what."""

    tuid: str
    field: str  # source | target | note
    offset: int  # in the field's text before removal (0-based)
    char: str

    def __str__(self) -> str:
        return (
            f"{self.tuid}: removed U+{ord(self.char):04X} "
            f"({_char_name(self.char)}) from {self.field} at offset {self.offset}"
        )


def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "control character")


def clean_note(note: str) -> str:
    """A note as every format stores it: one line, runs of whitespace as one space."""
    return " ".join(note.split())


def notes_of(texts: Iterable[str]) -> tuple[str, ...]:
    """Notes as read from a file: each made one line, empty ones dropped."""
    return tuple(n for n in map(clean_note, texts) if n)


def _strip(text: str, tuid: str, field: str, removed: list[Removed] | None) -> str:
    if not ILLEGAL.search(text):
        return text
    if removed is not None:
        removed.extend(Removed(tuid, field, m.start(), m.group()) for m in ILLEGAL.finditer(text))
    return ILLEGAL.sub("", text)


def export_view(unit: Unit, removed: list[Removed] | None = None) -> Unit:
    """The unit as exports carry it; removals are appended to ``removed``.

    Besides removing illegal characters: notes become single lines (empty ones
    are dropped), and status follows the target, because PO and XLIFF can only
    say "untranslated" with an empty target: an empty target is ``untranslated``
    and a target marked ``untranslated`` is ``needs-review``.
    """
    source = _strip(unit.source, unit.tuid, "source", removed)
    target = _strip(unit.target, unit.tuid, "target", removed)
    notes = unit.notes
    if notes:
        notes = tuple(
            n for n in (clean_note(_strip(n, unit.tuid, "note", removed)) for n in notes) if n
        )
    status = unit.status
    if not target:
        status = "untranslated"
    elif status == "untranslated":
        status = "needs-review"
    if (
        source is unit.source
        and target is unit.target
        and notes == unit.notes
        and status is unit.status
    ):
        return unit
    return replace(unit, source=source, target=target, notes=notes, status=status)


# A base is "b" and 8 hex digits (32 bits, compared only with its own unit): the
# letter keeps spreadsheets from reading "1234e567" as a number.
BASE_RE = re.compile(r"^b[0-9a-f]{8}$")


def base_of(target: str, status: str) -> str:
    """The short hash of what a unit holds (target and status), carried by every export.

    ``import`` compares it with the TM (what changed since the export) and with the
    file's own unit (what the file changed): a three-way merge per unit.
    """
    return "b" + hashlib.sha256(f"{status}\x1f{target}".encode()).hexdigest()[:8]


def unit_base(unit: Unit) -> str:
    """:func:`base_of` an export-view unit (the exported text and status)."""
    return base_of(unit.target, unit.status)


def origin_text(unit: Unit) -> str:
    """Where a unit's target comes from, as exports say it: ``aligned`` or the human edit."""
    return unit.origin or "aligned"


def status_of(target: str, needs_review: bool) -> str:
    """Status of an imported unit: untranslated if no target, else by the review flag."""
    if not target:
        return "untranslated"
    return "needs-review" if needs_review else "translated"


def article_date(header: TMHeader) -> tuple[str, str, str] | None:
    """(year, month, day) of the article date, None when the header has none.

    InputError when the date is not ``YYYY-MM-DD`` or is no day of the calendar
    (``2023-02-30``): an export must not carry a date no tool can read.
    """
    if not header.date:
        return None
    m = DATE_RE.match(header.date)
    if not m:
        raise InputError(
            header.doc_id or "<header>", f"article date {header.date!r} is not YYYY-MM-DD"
        )
    try:
        datetime.date.fromisoformat(header.date)
    except ValueError as exc:
        raise InputError(
            header.doc_id or "<header>", f"article date {header.date!r} is impossible: {exc}"
        ) from exc
    return m.group(1), m.group(2), m.group(3)


def settings_text(header: TMHeader) -> str:
    """``key=value; ...`` of the header's settings, or ``defaults``."""
    return "; ".join(f"{k}={v}" for k, v in header.settings) or "defaults"


def made_by(header: TMHeader) -> str:
    """One line saying how an export was made (tool version, document, settings)."""
    return (
        f"Made by {GENERATOR} from the translation memory of {header.doc_id} "
        f"({header.srclang} -> {header.tgtlang}); settings: {settings_text(header)}"
    )


def format_ids(ids: tuple[int, ...]) -> str:
    """Segment ids as written in exports: ``0,1``."""
    return ",".join(map(str, ids))


def parse_ids(text: str) -> tuple[int, ...]:
    """Inverse of :func:`format_ids`; raises ValueError on anything else."""
    text = text.strip()
    return tuple(int(t) for t in text.split(",")) if text else ()


def format_confidence(value: float) -> str:
    """Confidence as every format writes it: four decimals (units store it rounded so)."""
    return f"{value:.4f}"


def document_header(meta: DocMeta, *made_by: tuple[str, str]) -> TMHeader:
    """The header of a file made from one article: its languages, id, date and title,
    then this tool and ``made_by``, the (key, value) settings that say how it was made."""
    return TMHeader(
        doc_id=meta.doc_id,
        srclang=SRC_LANG,
        tgtlang=TGT_LANG,
        date=meta.date,
        title=meta.title,
        settings=(("tool", GENERATOR), *made_by),
    )

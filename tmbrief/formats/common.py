"""What every format shares: the export view of a unit, removed characters, escaping, stamps.

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
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from tmbrief import SRC_LANG, TGT_LANG, __version__
from tmbrief.errors import InputError
from tmbrief.model import TMHeader, Unit
from tmbrief.textio import input_errors

GENERATOR = f"tmbrief {__version__}"
TOOL_NAME = "tmbrief"
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


def same_language(tag: str, wanted: str) -> bool:
    """Whether BCP-47 ``tag`` is ``wanted`` or a variant of it, or ``wanted`` one of ``tag``.

    Case-insensitive prefix matching at subtag boundaries (RFC 4647 basic
    filtering, both ways): ``EN-GB`` matches ``en``, ``zh`` matches ``zh-CN``,
    ``zh-TW`` does not match ``zh-CN``, and an empty tag matches nothing.
    """
    a, b = tag.lower(), wanted.lower()
    if not a or not b:
        return False
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def require_language_pair(
    path,
    header: TMHeader,
    srclang: str = SRC_LANG,
    tgtlang: str = TGT_LANG,
    *,
    expected: str = "tmbrief needs",
) -> None:
    """InputError unless a file's header says ``srclang`` -> ``tgtlang`` (see same_language).

    A language the file does not name is refused, never assumed. The message
    reads ``target language is de, <expected> en``.
    """
    for what, theirs, mine in (
        ("source", header.srclang, srclang),
        ("target", header.tgtlang, tgtlang),
    ):
        if not theirs:
            raise InputError(path, f"names no {what} language; {expected} {mine}")
        if not same_language(theirs, mine):
            raise InputError(path, f"{what} language is {theirs}, {expected} {mine}")


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


# --- XML -------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """Escape element content; CR as a reference, since XML parsers turn a raw CR into LF."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:  # only "]]>" must be escaped; escaping every ">" is simpler and valid
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def xml_attr(text: str) -> str:
    """Escape a double-quoted attribute value; white space as references survives normalisation."""
    text = xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\t" in text:
        text = text.replace("\t", "&#9;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    return text


def iterparse(path, tag: str | tuple[str, ...], events=("end",)):
    """Yield (event, element) from lxml.iterparse; every failure becomes ParseError.

    No DTD loading, no entity resolution, no network: an imported file cannot
    make us read other files.
    """
    from lxml import etree

    from tmbrief.errors import ParseError

    try:
        with input_errors(path):
            context = etree.iterparse(
                str(path),
                events=events,
                tag=tag,
                load_dtd=False,
                no_network=True,
                resolve_entities=False,
                huge_tree=True,
                remove_comments=True,
                remove_pis=True,
            )
            yield from context
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise ParseError(path, f"not well-formed XML: {exc.msg}", line) from exc
    except OSError as exc:  # what input_errors leaves: the file opened but reading failed
        raise ParseError(path, f"cannot read: {exc}") from exc


def element_text(elem, inline_text: frozenset[str] = frozenset()) -> str:
    """Text of ``elem`` with inline markup: keep text of tags in ``inline_text``, skip codes.

    TMX ``<bpt>``/``<ph>`` and XLIFF ``<x>``/``<bx>`` hold native codes, not
    text; ``<hi>``/``<g>`` wrap text. We never write inline markup; this reads
    what a CAT tool may have added.
    """
    parts = [elem.text or ""]
    for child in elem:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local in inline_text:
            parts.append(element_text(child, inline_text))
        parts.append(child.tail or "")
    return "".join(parts)

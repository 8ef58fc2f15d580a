"""gettext PO (translations) and POT (template): written as streamed text, read with polib.

One entry per sentence unit, in TM order (block and paragraph units are
derived and stay out: a translator would see every sentence twice)::

    # translator note (one line per note, an empty "#" line between notes)
    #. tmbrief: bead 2-1 [0,1]:[0], confidence 0.8731, source offsets 12-40
    #: fuling-materials-20231220:3
    #, fuzzy
    msgctxt "fuling-materials-20231220:5"
    msgid "Chinese"
    msgstr "English"

``fuzzy`` marks needs-review units; an untranslated unit has ``msgstr ""``.
The header carries Language, X-Source-Language (``zh_CN``), Plural-Forms,
UTF-8 Content-Type, X-Generator, the document and settings, and
POT-Creation-Date/PO-Revision-Date from the article date (never the clock).
A POT has empty msgstr, no fuzzy flags and an empty Language (gettext's
convention: msginit fills it); its X-Tmbrief-Target-Language names the
language its translations are for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from tmbrief.core.errors import ParseError
from tmbrief.core.model import TMHeader, Unit
from tmbrief.core.textio import require_file
from tmbrief.formats.common import (
    GENERATOR,
    Removed,
    article_date,
    export_view,
    format_confidence,
    format_ids,
    made_by,
    notes_of,
    parse_ids,
    settings_text,
    status_of,
)

SEGTYPES = ("sentence",)
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"  # English (gettext manual, "Plural forms")
_COMMENT = re.compile(
    # Ids are written by format_ids ("0,1"); anything else is an edited comment, ignored.
    r"tmbrief: bead (?P<type>\S*) \[(?P<src>(?:\d+(?:,\d+)*)?)\]:\[(?P<tgt>(?:\d+(?:,\d+)*)?)\], "
    r"confidence (?P<conf>\d+(?:\.\d+)?), source offsets (?P<start>\d+)-(?P<end>\d+)"
)
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
# One line of PO syntax (polib accepts some broken lines, e.g. an unterminated string).
_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_PO_STRING}|{_PO_STRING})?$"
)


def po_lang(tag: str) -> str:
    """gettext locale name of a BCP-47 tag: ``zh-CN`` -> ``zh_CN``."""
    return tag.replace("-", "_")


def bcp47(name: str) -> str:
    """BCP-47 tag of a gettext locale name: ``zh_CN`` -> ``zh-CN``."""
    return name.replace("_", "-")


def quote(text: str) -> str:
    """A PO string literal body (without the quotes): C escapes gettext and polib read."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\t" in text:
        text = text.replace("\t", "\\t")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    return text


def keyword(name: str, text: str) -> str:
    """``msgid "..."``; a text with inner newlines is split after each, as xgettext does."""
    if "\n" not in text[:-1]:
        return f'{name} "{quote(text)}"\n'
    return f'{name} ""\n' + "".join(f'"{quote(line)}"\n' for line in _LINES.findall(text))


def _header_entry(header: TMHeader, template: bool) -> str:
    ymd = article_date(header)
    date = f"{ymd[0]}-{ymd[1]}-{ymd[2]} 00:00+0000" if ymd else ""
    fields = [
        ("Project-Id-Version", header.doc_id),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", date),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE" if template else date),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>" if template else ""),
        ("Language-Team", ""),
        ("Language", "" if template else po_lang(header.tgtlang)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", PLURAL_FORMS),
        ("X-Generator", GENERATOR),
        ("X-Source-Language", po_lang(header.srclang)),
        *([("X-Tmbrief-Target-Language", po_lang(header.tgtlang))] if template else []),
        ("X-Tmbrief-Document", header.doc_id),
        ("X-Tmbrief-Title", header.title),
        ("X-Tmbrief-Article-Date", header.date),
        ("X-Tmbrief-Settings", settings_text(header) if header.settings else ""),
    ]
    # Header values are one line each (a newline would end the field).
    body = "".join(f"{k}: {' '.join(v.split())}\n" for k, v in fields)
    title = f"Translation memory of {header.doc_id}" + (" (template)" if template else "")
    return (
        f"# {title}.\n# {' '.join(made_by(header).split())}.\n"
        + ("#, fuzzy\n" if template else "")
        + 'msgid ""\n'
        + keyword("msgstr", body)
        + "\n"
    )


def entry(u: Unit, template: bool = False) -> str:
    """One PO entry of an export-view unit (with its trailing blank line)."""
    # An empty comment line between notes: PO editors re-wrap comment lines, but keep those.
    parts = ["#\n" * (i > 0) + f"# {n}\n" for i, n in enumerate(u.notes)]
    parts.append(
        f"#. tmbrief: bead {u.bead_type} [{format_ids(u.src_ids)}]:[{format_ids(u.tgt_ids)}], "
        f"confidence {format_confidence(u.confidence)}, "
        f"source offsets {u.src_start}-{u.src_end}\n"
    )
    parts.append(f"#: {u.doc_id}:{u.paragraph}\n")
    if u.status == "needs-review" and not template:
        parts.append("#, fuzzy\n")
    parts.append(keyword("msgctxt", u.tuid))
    parts.append(keyword("msgid", u.source))
    parts.append(keyword("msgstr", "" if template else u.target))
    parts.append("\n")
    return "".join(parts)


def _write(units: Iterable[Unit], header: TMHeader, fh, template: bool) -> tuple[Removed, ...]:
    removed: list[Removed] = []
    fh.write(_header_entry(header, template))
    chunk: list[str] = []  # a few hundred entries per write() call: fewer calls, flat memory
    for unit in units:
        if unit.segtype in SEGTYPES:
            chunk.append(entry(export_view(unit, removed), template))
            if len(chunk) >= 256:
                fh.write("".join(chunk))
                chunk.clear()
    fh.write("".join(chunk))
    return tuple(removed)


def write(units: Iterable[Unit], header: TMHeader, fh) -> tuple[Removed, ...]:
    """Stream sentence units as a PO file to the text file ``fh``; return removed characters."""
    return _write(units, header, fh, template=False)


def write_pot(units: Iterable[Unit], header: TMHeader, fh) -> tuple[Removed, ...]:
    """Stream sentence units as a POT template (no translations)."""
    return _write(units, header, fh, template=True)


def read(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read a PO or POT file with polib; ParseError (with the line polib names) on bad input.

    Languages come from the header only, never assumed: srclang from
    X-Source-Language, tgtlang from Language (in a template, which leaves
    Language empty, from X-Tmbrief-Target-Language); "" when it names none.
    """
    import polib

    lines = _check_syntax(path)
    try:
        # polib reads the file itself: given the text, it would split lines with
        # str.splitlines (at U+2028 and kin too, breaking strings that hold them) and
        # take a text that names an existing file for that file.
        po = polib.pofile(str(path), encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8: {exc.reason}") from exc
    except (OSError, ValueError) as exc:
        m = _POLIB_LINE.search(str(exc))
        message = _POLIB_LINE.sub("", str(exc)).replace(f"{path} ", "").strip()
        raise ParseError(path, message or "not a PO file", int(m.group(1)) if m else None) from exc
    _check_duplicates(path, po, lines)
    meta = po.metadata
    doc_id = meta.get("X-Tmbrief-Document", "")
    header = TMHeader(
        doc_id=doc_id,
        srclang=bcp47(meta.get("X-Source-Language", "")),
        tgtlang=bcp47(meta.get("Language", "") or meta.get("X-Tmbrief-Target-Language", "")),
        date=meta.get("X-Tmbrief-Article-Date", ""),
        title=meta.get("X-Tmbrief-Title", ""),
        settings=_settings(meta.get("X-Tmbrief-Settings", "")),
    )
    units = tuple(u for e in po if not e.obsolete for u in _units(path, e, doc_id))
    return header, units


def _check_duplicates(path, po, lines: list[str]) -> None:
    """ParseError at the second entry with the same msgctxt (our tuid) or msgctxt + msgid.

    Lines are those of the ``msgctxt`` keywords, counted in the file's ``lines``
    (polib's ``linenum`` is not the keyword's line for every entry).
    """
    ctx_lines = iter([n for n, line in enumerate(lines, 1) if line.startswith("msgctxt ")])
    first: dict[tuple[str, str], int] = {}
    for e in po:
        line = next(ctx_lines, e.linenum) if e.msgctxt is not None and not e.obsolete else e.linenum
        key = (e.msgctxt, "") if e.msgctxt else ("", e.msgid)
        if key in first:
            what = f"msgctxt {e.msgctxt!r}" if e.msgctxt else f"msgid {_shorten(e.msgid)!r}"
            raise ParseError(path, f"duplicate {what} (first at line {first[key]})", line)
        first[key] = line


def _check_syntax(path) -> list[str]:
    """The file's lines; ParseError at the first that is not PO syntax (before polib reads it)."""
    require_file(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8: {exc.reason}") from exc
    # Lines end as polib's universal-newline reading ends them (not at U+2028 and kin).
    lines = re.split(r"\r\n|\r|\n", text)
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#~"):
            continue
        if not _PO_LINE.match(stripped):
            raise ParseError(path, f"not PO syntax: {_shorten(stripped)!r}", number)
    return lines


def _shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _settings(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in text.split("; "):
        key, sep, value = item.partition("=")
        if sep:
            pairs.append((key, value))
    return tuple(pairs)


def _units(path, e, doc_id: str) -> tuple[Unit, ...]:
    """The unit of an entry; a plural entry gives one unit per form, none dropped.

    Form 0 pairs msgid with msgstr[0]; form n pairs msgid_plural with msgstr[n],
    its tuid (msgctxt) suffixed ``[n]`` (so QA checks every form).
    """
    if not e.msgid_plural:
        return (_unit(path, e, doc_id),)
    forms = []
    for n, text in sorted(e.msgstr_plural.items()):
        base = _unit(path, e, doc_id)
        tuid = base.tuid if n == 0 else f"{base.tuid}[{n}]"
        source = e.msgid if n == 0 else e.msgid_plural
        status = status_of(text, "fuzzy" in e.flags)
        forms.append(replace(base, tuid=tuid, source=source, target=text, status=status))
    return tuple(forms)


def _unit(path, e, doc_id: str) -> Unit:
    m = _COMMENT.search(e.comment or "")
    doc, paragraph = doc_id, 0
    if e.occurrences:
        occ_doc, occ_line = e.occurrences[0]
        doc = occ_doc or doc_id
        paragraph = int(occ_line) if occ_line and occ_line.isdigit() else 0
    src_ids = parse_ids(m["src"]) if m else ()
    tgt_ids = parse_ids(m["tgt"]) if m else ()
    return Unit(
        tuid=e.msgctxt or "",
        doc_id=doc,
        paragraph=paragraph,
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        source=e.msgid,
        target=e.msgstr,
        bead_type=m["type"] if m else f"{len(src_ids)}-{len(tgt_ids)}",
        confidence=float(m["conf"]) if m else 0.0,
        status=status_of(e.msgstr, "fuzzy" in e.flags),
        notes=notes_of(re.split(r"\n\s*\n", e.tcomment)) if e.tcomment else (),
        src_start=int(m["start"]) if m else 0,
        src_end=int(m["end"]) if m else 0,
        segtype="sentence",
    )

"""XLIFF 1.2: the article as one bilingual document, in order, one ``<group>`` per paragraph.

``<file original="<doc id>" source-language="zh-CN" target-language="en"
datatype="plaintext" date="<article date>T00:00:00Z" tool-id="tmbrief">``;
its ``<header>`` names the tool and version (``<tool>``), says how the file was
made (``<note from="tmbrief">``) and keeps title and settings in the
``urn:x-tmbrief:xliff:1`` namespace (``<tmb:meta>``, ``<tmb:setting>``).

One ``<trans-unit id="<tuid>" xml:space="preserve">`` per sentence unit, with
``<source>``, ``<target state=...>`` (``translated`` with ``approved="yes"``,
``needs-review-translation``, ``new`` for an empty target) and translator
notes as ``<note from="translator">``. Bead, confidence and offsets are
``tmb:`` attributes, which XLIFF 1.2 allows on trans-unit and CAT tools keep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tmbrief.core.errors import ParseError
from tmbrief.core.model import TMHeader, Unit
from tmbrief.core.version import __version__
from tmbrief.formats.common import (
    ILLEGAL,
    TOOL_NAME,
    Removed,
    article_date,
    element_text,
    export_view,
    format_confidence,
    format_ids,
    iterparse,
    made_by,
    notes_of,
    parse_ids,
    status_of,
    xml_attr,
    xml_text,
)

NAME = "xliff"
EXTENSIONS = (".xlf", ".xliff")
SEGTYPES = ("sentence",)
NS = "urn:oasis:names:tc:xliff:document:1.2"
TMB = "urn:x-tmbrief:xliff:1"
STATES = {
    "translated": "translated",
    "needs-review": "needs-review-translation",
    "untranslated": "new",
}
# XLIFF states meaning "a translator still has to look at this" (XLIFF 1.2, section 2.6.3).
REVIEW_STATES = frozenset(
    {
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-translation",
    }
    | {"needs-adaptation", "needs-l10n", "new"}
)
_INLINE_TEXT = frozenset({"g", "mrk"})  # inline elements whose content is text


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def header_xml(header: TMHeader) -> str:
    """Everything before the first trans-unit."""
    ymd = article_date(header)
    date = f' date="{ymd[0]}-{ymd[1]}-{ymd[2]}T00:00:00Z"' if ymd else ""
    meta = [("title", header.title), ("article-date", header.date)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="1.2" xmlns="{NS}" xmlns:tmb="{TMB}">\n'
        f'  <file original="{xml_attr(header.doc_id)}" '
        f'source-language="{xml_attr(header.srclang)}" '
        f'target-language="{xml_attr(header.tgtlang)}" datatype="plaintext"{date} '
        f'tool-id="{TOOL_NAME}">\n'
        "    <header>\n"
        f'      <tool tool-id="{TOOL_NAME}" tool-name="{TOOL_NAME}" '
        f'tool-version="{__version__}"/>\n'
        f'      <note from="{TOOL_NAME}">{xml_text(made_by(header))}</note>\n'
        + "".join(f'      <tmb:meta name="{k}">{xml_text(v)}</tmb:meta>\n' for k, v in meta if v)
        + "".join(
            f'      <tmb:setting name="{xml_attr(k)}">{xml_text(v)}</tmb:setting>\n'
            for k, v in header.settings
        )
        + "    </header>\n    <body>\n"
    )


@dataclass(frozen=True)
class AltTrans:
    """A proposed translation from a TM (XLIFF 1.2 ``<alt-trans>``, section 2.5.3)."""

    source: str
    target: str
    match_quality: int  # 0-100
    origin: str  # where the match comes from, e.g. the TM unit's tuid


def alt_trans_xml(a: AltTrans, srclang: str, tgtlang: str) -> str:
    """One ``<alt-trans>``, on one line (characters XML cannot carry are left out)."""
    source, target = ILLEGAL.sub("", a.source), ILLEGAL.sub("", a.target)
    return (
        f'<alt-trans match-quality="{a.match_quality}" origin="{xml_attr(a.origin)}">'
        f'<source xml:lang="{srclang}">{xml_text(source)}</source>'
        f'<target xml:lang="{tgtlang}">{xml_text(target)}</target></alt-trans>'
    )


def trans_unit(u: Unit, srclang: str, tgtlang: str, alts: Iterable[AltTrans] = ()) -> str:
    """One trans-unit of an export-view unit, on one line (no white space inside it).

    ``alts`` are written after the notes as ``<alt-trans>`` (TM matches offered).
    """
    attrs = (
        f'id="{xml_attr(u.tuid)}" xml:space="preserve" tmb:doc="{xml_attr(u.doc_id)}" '
        f'tmb:paragraph="{u.paragraph}" tmb:src-ids="{format_ids(u.src_ids)}" '
        f'tmb:tgt-ids="{format_ids(u.tgt_ids)}" tmb:bead-type="{xml_attr(u.bead_type)}" '
        f'tmb:confidence="{format_confidence(u.confidence)}" '
        f'tmb:src-start="{u.src_start}" tmb:src-end="{u.src_end}"'
    )
    # approved="yes" is what translate-toolkit (and Weblate, Virtaal) take as "translated".
    if u.status == "translated":
        attrs = f'{attrs} approved="yes"'
    notes = "".join(f'<note from="translator">{xml_text(n)}</note>' for n in u.notes)
    notes += "".join(alt_trans_xml(a, srclang, tgtlang) for a in alts)
    return (
        f"        <trans-unit {attrs}>"
        f'<source xml:lang="{srclang}">{xml_text(u.source)}</source>'
        f'<target xml:lang="{tgtlang}" state="{STATES[u.status]}">{xml_text(u.target)}</target>'
        f"{notes}</trans-unit>\n"
    )


def write(
    units: Iterable[Unit],
    header: TMHeader,
    fh,
    alt_trans: Mapping[str, tuple[AltTrans, ...]] | None = None,
) -> tuple[Removed, ...]:
    """Stream sentence units as XLIFF 1.2, a ``<group>`` per paragraph; return removals.

    ``alt_trans`` maps a tuid to the TM matches offered for it (pre-translation).
    """
    alt_trans = alt_trans or {}
    removed: list[Removed] = []
    srclang, tgtlang = xml_attr(header.srclang), xml_attr(header.tgtlang)
    fh.write(header_xml(header))
    group = None
    for unit in units:
        if unit.segtype not in SEGTYPES:
            continue
        if unit.paragraph != group:
            if group is not None:
                fh.write("      </group>\n")
            group = unit.paragraph
            fh.write(f'      <group id="p{group}" restype="x-paragraph">\n')
        alts = alt_trans.get(unit.tuid, ())
        fh.write(trans_unit(export_view(unit, removed), srclang, tgtlang, alts))
    if group is not None:
        fh.write("      </group>\n")
    fh.write("    </body>\n  </file>\n</xliff>\n")
    return tuple(removed)


def read(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read an XLIFF 1.2 file (one ``<file>``); ParseError with the line on bad input."""
    header: TMHeader | None = None
    units: list[Unit] = []
    for event, elem in iterparse(
        path, (_q("file"), _q("header"), _q("trans-unit")), events=("start", "end")
    ):
        tag = elem.tag
        if tag == _q("file") and event == "start":
            if header is not None:
                raise ParseError(path, "more than one <file>", elem.sourceline)
            header = _file_header(path, elem)
        elif tag == _q("header") and event == "end" and header is not None:
            header = _header_extras(header, elem)
        elif tag == _q("trans-unit") and event == "end":
            if header is None:
                raise ParseError(path, "<trans-unit> outside <file>", elem.sourceline)
            units.append(_unit(path, elem, header))
            elem.clear(keep_tail=True)
    if header is None:
        raise ParseError(path, f"no <file> in the XLIFF 1.2 namespace {NS}", None)
    return header, tuple(units)


def _file_header(path, elem) -> TMHeader:
    srclang = elem.get("source-language")
    if not srclang:
        raise ParseError(path, "<file> has no source-language", elem.sourceline)
    date = elem.get("date", "")[:10]
    return TMHeader(
        doc_id=elem.get("original", ""),
        srclang=srclang,
        tgtlang=elem.get("target-language", ""),
        date=date,
    )


def _header_extras(header: TMHeader, elem) -> TMHeader:
    meta = {m.get("name"): m.text or "" for m in elem.iter(_q("meta", TMB))}
    settings = tuple((s.get("name", ""), s.text or "") for s in elem.iter(_q("setting", TMB)))
    return TMHeader(
        doc_id=header.doc_id,
        srclang=header.srclang,
        tgtlang=header.tgtlang,
        date=meta.get("article-date", header.date),
        title=meta.get("title", ""),
        settings=settings,
    )


def _unit(path, elem, header: TMHeader) -> Unit:
    line = elem.sourceline
    source_el = elem.find(_q("source"))
    if source_el is None:
        raise ParseError(path, "<trans-unit> without <source>", line)
    target_el = elem.find(_q("target"))
    source = element_text(source_el, _INLINE_TEXT)
    target = element_text(target_el, _INLINE_TEXT) if target_el is not None else ""
    state = target_el.get("state", "") if target_el is not None else ""
    # The state decides; without one, approved="no" on a target means "not final".
    review = state in REVIEW_STATES or (not state and elem.get("approved") == "no")
    try:
        src_ids = parse_ids(elem.get(_q("src-ids", TMB), ""))
        tgt_ids = parse_ids(elem.get(_q("tgt-ids", TMB), ""))
        paragraph = int(elem.get(_q("paragraph", TMB), "0"))
        confidence = float(elem.get(_q("confidence", TMB), "0"))
        start = int(elem.get(_q("src-start", TMB), "0"))
        end = int(elem.get(_q("src-end", TMB), "0"))
    except ValueError as exc:
        raise ParseError(path, f"bad number in a tmb: attribute: {exc}", line) from exc
    notes = [n.text or "" for n in elem.findall(_q("note")) if n.get("from") != TOOL_NAME]
    return Unit(
        tuid=elem.get("id", ""),
        doc_id=elem.get(_q("doc", TMB), header.doc_id),
        paragraph=paragraph,
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        source=source,
        target=target,
        bead_type=elem.get(_q("bead-type", TMB), f"{len(src_ids)}-{len(tgt_ids)}"),
        confidence=confidence,
        status=status_of(target, review),
        notes=notes_of(notes),
        src_start=start,
        src_end=end,
        segtype="sentence",
    )

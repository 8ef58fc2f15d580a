"""TMX 1.4 (LISA OSCAR), valid against shared/ref/tmx14.dtd, written as streamed XML text.

Header: the seven required attributes (creationtool, creationtoolversion,
segtype, o-tmf, adminlang, srclang, datatype), ``srclang="zh-CN"``, a
``creationdate`` from the article date (``YYYYMMDDT000000Z``, never the clock),
and props saying how the file was made (``x-generator``, ``x-setting-<key>``)
and for which document (``x-document``, ``x-title``, ``x-article-date``,
``x-target-language``).

One ``<tu>`` per unit, in TM order: sentence units, then ``segtype="block"``
and ``segtype="paragraph"`` units (so CAT tools that segment differently from
us still find exact matches). The header says ``segtype="sentence"``: with
``paragraph`` there, OmegaT would re-split every unit itself. Props ``x-document``, ``x-paragraph``,
``x-bead`` (``0,1:2``), ``x-bead-type``, ``x-confidence``, ``x-status``,
``x-source-offsets``; translator notes as ``<note>``. An untranslated unit has
no English ``<tuv>``: an empty ``<seg>`` would be inserted by OmegaT as an
empty translation. ``<seg>`` holds exactly the text (no added white space).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tmbrief.core.errors import ParseError
from tmbrief.core.langs import same_language
from tmbrief.core.model import TMHeader, Unit
from tmbrief.core.version import __version__
from tmbrief.formats.common import (
    GENERATOR,
    SEGTYPES,
    TOOL_NAME,
    Removed,
    article_date,
    element_text,
    export_view,
    format_ids,
    iterparse,
    notes_of,
    parse_ids,
    status_of,
    xml_attr,
    xml_text,
)

NAME = "tmx"
EXTENSIONS = (".tmx",)
O_TMF = "tmbrief TM TSV"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHUNK = 256
_INLINE_TEXT = frozenset({"hi"})  # TMX inline elements whose content is text


def creation_date(header: TMHeader) -> str:
    """TMX date (``YYYYMMDDThhmmssZ``) of the article, "" when the header has no date."""
    ymd = article_date(header)
    return f"{ymd[0]}{ymd[1]}{ymd[2]}T000000Z" if ymd else ""


def _prop(kind: str, value: str, indent: str) -> str:
    return f'{indent}<prop type="{xml_attr(kind)}">{xml_text(value)}</prop>\n'


def header_xml(header: TMHeader) -> str:
    """Everything before the first ``<tu>``."""
    date = creation_date(header)
    attrs = [
        ("creationtool", TOOL_NAME),
        ("creationtoolversion", __version__),
        ("segtype", "sentence"),
        ("o-tmf", O_TMF),
        ("adminlang", "en"),
        ("srclang", header.srclang),
        ("datatype", "plaintext"),
        ("o-encoding", "UTF-8"),
    ]
    if date:
        attrs.append(("creationdate", date))
    props = [
        ("x-generator", GENERATOR),
        ("x-document", header.doc_id),
        ("x-target-language", header.tgtlang),
    ]
    if header.title:
        props.append(("x-title", header.title))
    if header.date:
        props.append(("x-article-date", header.date))
    props.extend((f"x-setting-{k}", v) for k, v in header.settings)
    head = " ".join(f'{k}="{xml_attr(v)}"' for k, v in attrs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        f"  <header {head}>\n"
        + "".join(_prop(k, v, "    ") for k, v in props)
        + "  </header>\n  <body>\n"
    )


def tu_xml(u: Unit, srclang: str, tgtlang: str) -> str:
    """One ``<tu>`` of an export-view unit (one f-string: this is the hot loop)."""
    notes = "".join(f"      <note>{xml_text(n)}</note>\n" for n in u.notes) if u.notes else ""
    target = (
        f'      <tuv xml:lang="{tgtlang}"><seg>{xml_text(u.target)}</seg></tuv>\n'
        if u.target
        else ""
    )
    return (
        f'    <tu tuid="{xml_attr(u.tuid)}" segtype="{u.segtype}">\n'
        f'      <prop type="x-document">{xml_text(u.doc_id)}</prop>\n'
        f'      <prop type="x-paragraph">{u.paragraph}</prop>\n'
        f'      <prop type="x-bead">{format_ids(u.src_ids)}:{format_ids(u.tgt_ids)}</prop>\n'
        f'      <prop type="x-bead-type">{xml_text(u.bead_type)}</prop>\n'
        f'      <prop type="x-confidence">{u.confidence:.4f}</prop>\n'
        f'      <prop type="x-status">{u.status}</prop>\n'
        f'      <prop type="x-source-offsets">{u.src_start}-{u.src_end}</prop>\n'
        f"{notes}"
        f'      <tuv xml:lang="{srclang}"><seg>{xml_text(u.source)}</seg></tuv>\n'
        f"{target}"
        "    </tu>\n"
    )


def write(units: Iterable[Unit], header: TMHeader, fh) -> tuple[Removed, ...]:
    """Stream ``units`` as TMX to the text file ``fh``; return the characters removed."""
    removed: list[Removed] = []
    srclang, tgtlang = xml_attr(header.srclang), xml_attr(header.tgtlang)
    fh.write(header_xml(header))
    chunk: list[str] = []  # a few hundred units per write() call: fewer calls, flat memory
    for unit in units:
        chunk.append(tu_xml(export_view(unit, removed), srclang, tgtlang))
        if len(chunk) >= CHUNK:
            fh.write("".join(chunk))
            chunk.clear()
    fh.write("".join(chunk))
    fh.write("  </body>\n</tmx>\n")
    return tuple(removed)


def _lang(elem) -> str:
    return elem.get(XML_LANG) or elem.get("lang") or ""


def read(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read a TMX file (ours or a CAT tool's); ParseError with the line on bad input.

    The source ``<tuv>`` is the one whose language equals the header's
    ``srclang`` (case-insensitive); the target is the first other one. Units
    written by other tools get defaults for what our props would say, but
    languages are never assumed: without our ``x-target-language`` prop, the
    target language is that of the first ``<tuv>`` in another language than
    the source ("" if there is none).
    """
    header: TMHeader | None = None
    units: list[Unit] = []
    for _, elem in iterparse(path, ("header", "tu")):
        if elem.tag == "header":
            header = _header(path, elem)
            continue
        if header is None:
            raise ParseError(path, "<tu> before <header>", elem.sourceline)
        unit, target_lang = _tu(path, elem, header)
        units.append(unit)
        if not header.tgtlang and target_lang:
            header = replace(header, tgtlang=target_lang)
        # Free what is parsed: memory stays flat however long the file.
        elem.clear(keep_tail=True)
        while elem.getprevious() is not None:
            del elem.getparent()[0]
    if header is None:
        raise ParseError(path, "no <header> (is this a TMX file?)", None)
    return header, tuple(units)


def _header(path, elem) -> TMHeader:
    srclang = elem.get("srclang")
    if not srclang:
        raise ParseError(path, "<header> has no srclang", elem.sourceline)
    props = {p.get("type", ""): p.text or "" for p in elem.findall("prop")}
    settings = tuple(
        (k[len("x-setting-") :], v) for k, v in props.items() if k.startswith("x-setting-")
    )
    return TMHeader(
        doc_id=props.get("x-document", ""),
        srclang=srclang,
        tgtlang=props.get("x-target-language", ""),
        date=props.get("x-article-date", ""),
        title=props.get("x-title", ""),
        settings=settings,
    )


def _tu(path, elem, header: TMHeader) -> tuple[Unit, str]:
    """The unit of a ``<tu>``, and the language of its target ``<tuv>`` ("" if none)."""
    line = elem.sourceline
    props = {p.get("type", ""): p.text or "" for p in elem.findall("prop")}
    source = target = None
    target_lang = ""
    for tuv in elem.findall("tuv"):
        lang = _lang(tuv)
        if not lang:
            raise ParseError(path, "<tuv> without xml:lang", tuv.sourceline)
        seg = tuv.find("seg")
        if seg is None:
            raise ParseError(path, "<tuv> without <seg>", tuv.sourceline)
        text = element_text(seg, _INLINE_TEXT)
        if lang.lower() == header.srclang.lower():
            source = text if source is None else source
        elif target is None and (not header.tgtlang or same_language(lang, header.tgtlang)):
            target, target_lang = text, lang
    if source is None:
        raise ParseError(path, f"<tu> without a {header.srclang} <tuv>", line)
    target = target or ""
    try:
        src_ids, tgt_ids = _bead(props.get("x-bead", ""))
        start, _, end = props.get("x-source-offsets", "0-0").partition("-")
        confidence = float(props.get("x-confidence", "0") or 0)
        paragraph = int(props.get("x-paragraph", "0") or 0)
        src_start, src_end = int(start or 0), int(end or 0)
    except ValueError as exc:
        raise ParseError(path, f"bad number in a prop: {exc}", line) from exc
    status = props.get("x-status", "")
    segtype = elem.get("segtype") or "sentence"
    if segtype not in SEGTYPES:
        segtype = "sentence"
    unit = Unit(
        tuid=elem.get("tuid", ""),
        doc_id=props.get("x-document", header.doc_id),
        paragraph=paragraph,
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        source=source,
        target=target,
        bead_type=props.get("x-bead-type", f"{len(src_ids)}-{len(tgt_ids)}"),
        confidence=confidence,
        status=status_of(target, status == "needs-review"),
        notes=notes_of(n.text or "" for n in elem.findall("note")),
        src_start=src_start,
        src_end=src_end,
        segtype=segtype,
    )
    return unit, target_lang


def _bead(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if not text:
        return (), ()
    src, sep, tgt = text.partition(":")
    if not sep:
        raise ValueError(f"x-bead {text!r} is not SRC:TGT")
    return parse_ids(src), parse_ids(tgt)

"""What the XML formats share (escaping, safe parsing), and the unit helpers every plugin uses.

The unit-level helpers live in :mod:`tmbrief.core.units` and the language tags in
:mod:`tmbrief.core.langs`; they are named here so that a plugin imports one module.
"""

from __future__ import annotations

from tmbrief.core.langs import require_language_pair, same_language
from tmbrief.core.limits import check_size
from tmbrief.core.textio import input_errors
from tmbrief.core.units import (
    ILLEGAL,
    SEGTYPES,
    Removed,
    article_date,
    clean_note,
    export_view,
    format_confidence,
    format_ids,
    made_by,
    notes_of,
    parse_ids,
    settings_text,
    status_of,
)
from tmbrief.core.version import GENERATOR, TOOL_NAME

__all__ = [
    "GENERATOR",
    "ILLEGAL",
    "SEGTYPES",
    "TOOL_NAME",
    "Removed",
    "article_date",
    "clean_note",
    "element_text",
    "export_view",
    "format_confidence",
    "format_ids",
    "iterparse",
    "made_by",
    "notes_of",
    "parse_ids",
    "require_language_pair",
    "same_language",
    "settings_text",
    "status_of",
    "xml_attr",
    "xml_text",
]


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
    make us read other files. ``huge_tree`` (text nodes over 10 MB, deep trees)
    only under the size cap of core.limits, checked first.
    """
    from lxml import etree

    from tmbrief.core.errors import ParseError

    check_size(path)
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

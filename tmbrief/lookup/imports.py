"""Translation memories of other tools, read for the index: TMX, PO, XLIFF, our TSV.

TMX is read with the language matching of the TMX 1.4 spec: each ``<tu>`` holds
one ``<tuv>`` per language, the header's ``srclang`` may be a tag or ``*all*``,
and tags match as BCP 47 language ranges (``zh`` and ``ZH-cn`` are zh-CN,
``en-US`` is en), so a TM written English-first by another tool still gives
Chinese sources and English targets. A ``<tu>`` without both languages is
skipped and counted. PO and XLIFF go through the format registry and must be
zh-CN -> en.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tmbrief.core.errors import ParseError
from tmbrief.core.langs import SRC_LANG, TGT_LANG, require_language_pair, same_language
from tmbrief.core.model import Unit
from tmbrief.core.units import notes_of, status_of
from tmbrief.formats import format_for_path
from tmbrief.formats.common import element_text, iterparse

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Imported:
    """Units read from a file for the index, and how many entries were skipped (and why)."""

    units: tuple[Unit, ...]
    skipped: int = 0
    reason: str = ""


def read_for_index(path) -> Imported:
    """The zh-CN -> en units of a TMX, PO, XLIFF or TM TSV file (ParseError on bad input)."""
    fmt = format_for_path(path)
    if fmt.name == "tmx":
        return read_tmx(path)
    if not fmt.importable:
        from tmbrief.core.errors import InputError

        raise InputError(path, f"a .{fmt.name} file carries no translations to add")
    header, units = fmt.read(path)
    require_language_pair(path, header, SRC_LANG, TGT_LANG)
    return Imported(units)


def read_tmx(path) -> Imported:
    """Every ``<tu>`` with a Chinese and an English ``<tuv>``, as zh-CN -> en units."""
    units: list[Unit] = []
    skipped = 0
    seen_header = False
    stem = Path(path).stem
    for _, elem in iterparse(path, ("header", "tu")):
        if elem.tag == "header":
            seen_header = True
            if not elem.get("srclang"):
                raise ParseError(path, "<header> has no srclang", elem.sourceline)
            continue
        zh = en = None
        for tuv in elem.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            if not lang:
                raise ParseError(path, "<tuv> without xml:lang", tuv.sourceline)
            seg = tuv.find("seg")
            if seg is None:
                raise ParseError(path, "<tuv> without <seg>", tuv.sourceline)
            if zh is None and same_language(lang, SRC_LANG):
                zh = element_text(seg, frozenset({"hi"}))
            elif en is None and same_language(lang, TGT_LANG):
                en = element_text(seg, frozenset({"hi"}))
        if not zh or en is None:
            skipped += 1
        else:
            props = {p.get("type", ""): p.text or "" for p in elem.findall("prop")}
            number = len(units)
            units.append(
                Unit(
                    tuid=elem.get("tuid") or f"{stem}:{number}",
                    doc_id=props.get("x-document", stem),
                    paragraph=0,
                    src_ids=(),
                    tgt_ids=(),
                    source=zh,
                    target=en,
                    bead_type="1-1",
                    confidence=1.0,
                    status=status_of(en, props.get("x-status") == "needs-review"),
                    notes=notes_of(n.text or "" for n in elem.findall("note")),
                    segtype=elem.get("segtype") or "sentence",
                )
            )
        elem.clear(keep_tail=True)
        while elem.getprevious() is not None:
            del elem.getparent()[0]
    if not seen_header:
        raise ParseError(path, "no <header> (is this a TMX file?)", None)
    return Imported(tuple(units), skipped, "no Chinese or no English <tuv>" if skipped else "")

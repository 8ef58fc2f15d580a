"""Raw scraped article text -> title, metadata and ordered paragraphs, every line accounted for.

The cleaner works in passes over the raw lines, each recording what became of
the lines it takes (the provenance table):

1. control characters are removed (and reported), surrounding whitespace stripped;
2. metadata lines (source, dateline, editor) are read into :class:`DocMeta`;
3. boilerplate lines (menus, share widgets, notices, copyright block) are dropped
   by the rule table in :mod:`tmbrief.clean.rules`;
4. image placeholders (the title followed by a number) are dropped, and the
   line after one is taken as its caption;
5. hard-wrapped lines are joined into paragraphs;
6. paragraphs that repeat an earlier one (the page printed twice) are dropped
   as duplicates;
7. each paragraph gets a kind: title, standfirst, heading, body or caption.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

import regex

from tmbrief.clean import rules
from tmbrief.core import escape
from tmbrief.core.model import CleanDoc, DocMeta, LineRecord, Paragraph

ZH_SUFFIX = ".zh.txt"  # seeds/<doc id>.zh.txt
PROVENANCE_COLUMNS = ("line", "fate", "target", "reason", "text")

# C0 controls and DEL, except tab (kept as whitespace); LF never reaches here.
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = regex.compile(r"\s+")
_ASCII_WORD_END = regex.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = regex.compile(r"^[A-Za-z0-9]")


@dataclass
class _Line:
    number: int
    text: str
    fate: str = ""
    target: int | None = None
    reason: str = ""
    caption: bool = False  # follows an image placeholder


def split_lines(text: str) -> list[str]:
    """Split text on LF only (as editors number lines); a final newline ends the last line."""
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    return lines


def clean(text: str, doc_id: str) -> CleanDoc:
    """Clean raw article ``text`` (already decoded, LF line ends) of document ``doc_id``."""
    warnings: list[str] = []
    lines = []
    for number, raw in enumerate(split_lines(text), 1):
        stripped, removed = _CONTROL.subn("", raw)
        if removed:
            warnings.append(f"line {number}: removed {removed} control character(s)")
        lines.append(_Line(number, unicodedata.normalize("NFC", stripped).strip()))

    meta = _read_metadata(lines, DocMeta(doc_id=doc_id))
    _drop_boilerplate(lines)
    title = next((ln.text for ln in lines if not ln.fate and ln.text), "")
    _drop_image_placeholders(lines, title)
    blocks = _join_wrapped(lines, title)
    paragraphs = _dedupe(blocks, lines)
    kinds = _assign_kinds(paragraphs, lines)
    result = tuple(
        Paragraph(index=i, kind=kind, text=txt, lines=tuple(ln.number for ln in block))
        for i, ((txt, block), kind) in enumerate(zip(paragraphs, kinds, strict=True))
    )
    for p in result:
        for n in p.lines:
            lines[n - 1].fate, lines[n - 1].target = "kept", p.index
            lines[n - 1].reason = p.kind
    meta = _meta_from_paragraphs(meta, result)
    provenance = tuple(
        LineRecord(ln.number, ln.fate, ln.target, ln.reason, ln.text) for ln in lines
    )
    return CleanDoc(meta=meta, paragraphs=result, provenance=provenance, warnings=tuple(warnings))


def _read_metadata(lines: Sequence[_Line], meta: DocMeta) -> DocMeta:
    for ln in lines:
        if not ln.text:
            ln.fate, ln.reason = "dropped", "blank"
            continue
        for rule in rules.METADATA_RULES:
            m = rule.pattern.match(ln.text)
            if not m:
                continue
            ln.fate, ln.reason = "dropped", rule.reason
            found = {k: v for k, v in m.groupdict().items() if v}
            if "date" in found and not meta.date:
                meta = replace(meta, date=_iso_date(found["date"]))
            if "time" in found and not meta.time:
                meta = replace(meta, time=found["time"])
            if "outlet" in found and not meta.outlet:
                meta = replace(meta, outlet=found["outlet"])
            if "names" in found:
                names = tuple(n for n in _SPACES.split(found["names"]) if n)
                meta = replace(meta, editors=meta.editors + names)
            break
    return meta


def _iso_date(text: str) -> str:
    y, m, d = text.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _drop_boilerplate(lines: Sequence[_Line]) -> None:
    in_copyright_block = False
    for ln in lines:
        if ln.fate:
            # A blank line closes the trailing copyright block.
            in_copyright_block = in_copyright_block and ln.reason != "blank"
            continue
        rule = next((r for r in rules.LINE_RULES if r.pattern.match(ln.text)), None)
        if rule is not None:
            ln.fate, ln.reason = "dropped", rule.reason
            in_copyright_block = in_copyright_block or rule.reason == rules.COPYRIGHT_BLOCK_REASON
        elif in_copyright_block:
            ln.fate, ln.reason = "dropped", rules.COPYRIGHT_BLOCK_REASON


def _drop_image_placeholders(lines: Sequence[_Line], title: str) -> None:
    if not title:
        return
    placeholder = regex.compile(regex.escape(title) + r"\s*\d+$")
    for i, ln in enumerate(lines):
        if not ln.fate and placeholder.match(ln.text):
            ln.fate, ln.reason = "dropped", "image-placeholder"
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and not nxt.fate:
                nxt.caption = True


def _join_wrapped(lines: Sequence[_Line], title: str) -> list[list[_Line]]:
    """Group runs of adjacent content lines into paragraphs, joining hard-wrapped lines.

    The title line is never joined to the next: the placeholder rule relies on the
    headline standing alone on its line, as every scrape we have seen prints it.
    """
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for ln in lines:
        if ln.fate:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(ln)
    if current:
        runs.append(current)

    blocks: list[list[_Line]] = []
    for run in runs:
        widest = max(len(ln.text) for ln in run)
        block = [run[0]]
        for prev, ln in zip(run, run[1:], strict=False):
            wrapped = (
                not prev.text.endswith(tuple(rules.LINE_END_PUNCTUATION))
                and len(prev.text) >= rules.WRAP_FILL_SHARE * widest
                and not ln.caption
                and prev.text != title
            )
            if wrapped:
                block.append(ln)
            else:
                blocks.append(block)
                block = [ln]
        blocks.append(block)
    return blocks


def join_lines(texts: Sequence[str]) -> str:
    """Join wrapped lines: no space between Han characters, one between Latin words."""
    out = ""
    for t in texts:
        if out and _ASCII_WORD_END.search(out) and _ASCII_WORD_START.match(t):
            out += " "
        out += t
    return out


def _dedupe(blocks: list[list[_Line]], lines: Sequence[_Line]) -> list[tuple[str, list[_Line]]]:
    seen: dict[str, list[_Line]] = {}
    kept = []
    for block in blocks:
        text = join_lines([ln.text for ln in block])
        key = _SPACES.sub(" ", text)
        first = seen.get(key)
        if first is None:
            seen[key] = block
            kept.append((text, block))
            continue
        for k, ln in enumerate(block):
            ln.fate, ln.reason = "duplicate", "repeated-paragraph"
            ln.target = first[min(k, len(first) - 1)].number
    return kept


def _assign_kinds(paragraphs: list[tuple[str, list[_Line]]], lines: Sequence[_Line]) -> list[str]:
    kinds = []
    squeezed = [_SPACES.sub("", t) for t, _ in paragraphs]
    for i, (text, block) in enumerate(paragraphs):
        if i == 0:
            kind = "title"
        elif i == 1 and any(squeezed[i] in later for later in squeezed[i + 1 :]):
            # Right after the title and repeated in the body: the standfirst.
            kind = "standfirst"
        elif block[0].caption or rules.PHOTO_CREDIT.search(text):
            kind = "caption"
        elif len(text) <= rules.HEADING_MAX_CHARS and not text.endswith(
            tuple(rules.LINE_END_PUNCTUATION)
        ):
            kind = "heading"
        else:
            kind = "body"
        kinds.append(kind)
    return kinds


def _meta_from_paragraphs(meta: DocMeta, paragraphs: Sequence[Paragraph]) -> DocMeta:
    if paragraphs and not meta.title:
        meta = replace(meta, title=paragraphs[0].text)
    for p in paragraphs:
        m = rules.BYLINE.match(p.text)
        if m is None:
            m = rules.DATELINE_BYLINE.search(p.text, 0, rules.DATELINE_BYLINE_MAX_START + 40)
            if m is not None and m.start() > rules.DATELINE_BYLINE_MAX_START:
                m = None
        if m and not (meta.reporters or meta.correspondents or meta.interns):
            if not meta.outlet and m.start() == 0:
                meta = replace(meta, outlet=m["outlet"])
            meta = _read_byline(meta, m["inner"])
        if p.kind == "caption":
            c = rules.PHOTO_CREDIT.search(p.text)
            name = c and (c["name"] or c["name2"])
            if name and name not in meta.photographers:
                meta = replace(meta, photographers=meta.photographers + (name,))
    return meta


def _read_byline(meta: DocMeta, inner: str) -> DocMeta:
    """Read ``记者 李黎 实习生 陈泓莹`` into the DocMeta fields of each role."""
    role_field = {role: field for role, field, _ in rules.BYLINE_ROLES}
    current = None
    found: dict[str, list[str]] = {}
    for token in _SPACES.split(inner.replace("、", " ").replace("，", " ").replace(",", " ")):
        if not token:
            continue
        if token in role_field:
            current = role_field[token]
            continue
        role = next((r for r in role_field if token.startswith(r)), None)
        if role:
            current, token = role_field[role], token[len(role) :]
        if current and token:
            found.setdefault(current, []).append(token)
    for field, names in found.items():
        meta = replace(meta, **{field: getattr(meta, field) + tuple(names)})
    return meta


def doc_id_of(path) -> str:
    """The document id of an article file: ``seeds/<id>.zh.txt`` -> ``<id>``.

    A file not named so gives its name without the last extension.
    """
    name = PurePath(path).name
    return name[: -len(ZH_SUFFIX)] if name.endswith(ZH_SUFFIX) else PurePath(name).stem


def provenance_tsv(cleaned: CleanDoc) -> str:
    """The provenance table as TSV (:data:`PROVENANCE_COLUMNS`): what became of every raw line."""
    return escape.format_rows(
        PROVENANCE_COLUMNS,
        ((r.line, r.fate, r.target, r.reason, r.text) for r in cleaned.provenance),
    )

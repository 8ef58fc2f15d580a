"""Raw scraped article text -> title, metadata and ordered paragraphs, every line accounted for.

The cleaner works in passes over the raw lines, each recording what became of
the lines it takes (the provenance table):

1. control characters are removed (and reported), surrounding whitespace stripped;
2. metadata lines (datelines, source, editor and byline lines of any outlet) are
   read into :class:`DocMeta` (:mod:`.metadata`);
3. furniture lines are dropped: the seed's rule table (:mod:`.rules`), then the
   families of news-page furniture (:mod:`.furniture`: breadcrumbs, widgets,
   share and app prompts, copyright, licence, statements, related blocks …) and
   the shape of menus (:mod:`.shape`);
4. the title is found: the first headline-shaped line before the dateline (a
   site name or a breadcrumb above it is no title); what comes before it is
   furniture (``boilerplate:before-title``);
5. image placeholders (the title followed by a number) are dropped, and the
   line after one is taken as its caption;
6. hard-wrapped lines are joined into paragraphs;
7. paragraphs that repeat an earlier one (the page printed twice) are dropped
   as duplicates;
8. each paragraph gets a kind: title, standfirst, heading, body or caption.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

import regex

from tmbrief.clean import furniture as fur
from tmbrief.clean import metadata, rules, shape
from tmbrief.clean.meta_rules import PHOTO_CREDIT
from tmbrief.core import escape, rx
from tmbrief.core.model import CleanDoc, DocMeta, LineRecord, Paragraph

ZH_SUFFIX = ".zh.txt"  # seeds/<doc id>.zh.txt
HTML_SUFFIXES = (".zh.html", ".zh.htm")  # seeds/<doc id>.zh.html, a page saved from the browser
PROVENANCE_COLUMNS = ("line", "fate", "target", "reason", "text")
# Added when the lines come from an HTML page: the element each line starts in.
ORIGIN_COLUMN = "origin"

# C0 controls and DEL, except tab (kept as whitespace); LF never reaches here.
_CONTROL = rx.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = rx.compile(r"\s+")
_ASCII_WORD_END = rx.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = rx.compile(r"^[A-Za-z0-9]")


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
    return clean_lines(split_lines(text), doc_id)


def clean_lines(
    raw_lines: Sequence[str],
    doc_id: str,
    *,
    outside: frozenset[int] = frozenset(),
    headline: str = "",
    origins: Sequence[str] = (),
    join_wrapped: bool = True,
) -> CleanDoc:
    """Clean the lines of a page (a text scrape, or the lines of a saved HTML page).

    outside: line numbers (1-based) that a main-text extractor left out of the
    article; they are dropped (``html:outside-main-text``) unless they are
    metadata, the headline, or between the headline and the body (a subtitle).
    headline: the page's own headline (from its HTML), preferred as the title.
    origins: where each line comes from (its HTML element), for the provenance.
    join_wrapped: join hard-wrapped lines (a text scrape); off for the lines of
    an HTML page, which are block elements.
    """
    warnings: list[str] = []
    lines = []
    for number, raw in enumerate(raw_lines, 1):
        stripped, removed = _CONTROL.subn("", raw)
        if removed:
            warnings.append(f"line {number}: removed {removed} control character(s)")
        lines.append(_Line(number, unicodedata.normalize("NFC", stripped).strip()))

    meta = _read_metadata(lines, DocMeta(doc_id=doc_id))
    _drop_boilerplate(lines)
    _drop_related_blocks(lines)
    title_line = _find_title(lines, headline)
    title = title_line.text if title_line else ""
    _drop_outside(lines, outside, title_line)
    _drop_before_title(lines, title_line)
    _drop_repeated(lines, title)
    _drop_image_placeholders(lines, title)
    blocks = _join_wrapped(lines, title) if join_wrapped else _one_line_blocks(lines)
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
        LineRecord(
            ln.number,
            ln.fate,
            ln.target,
            ln.reason,
            ln.text,
            origins[ln.number - 1] if origins else "",
        )
        for ln in lines
    )
    return CleanDoc(meta=meta, paragraphs=result, provenance=provenance, warnings=tuple(warnings))


def _read_metadata(lines: Sequence[_Line], meta: DocMeta) -> DocMeta:
    for ln in lines:
        if not ln.text:
            ln.fate, ln.reason = "dropped", "blank"
            continue
        found = metadata.read_metadata_line(shape.squeeze(ln.text))
        if found is not None:
            ln.fate, ln.reason = "dropped", found.reason
            meta = metadata.apply(meta, found)
    return meta


def furniture_reason(text: str) -> str | None:
    """The family of page furniture ``text`` (one stripped line) belongs to, or None."""
    rule = next((r for r in rules.LINE_RULES if r.pattern.match(text)), None)
    if rule is not None:
        return rule.reason
    if shape.is_menu(text):
        return "navigation"
    squeezed = fur.fold_traditional(shape.squeeze(text))
    ends_sentence = squeezed.endswith(shape.SENTENCE_END)
    for family in fur.FAMILY_RULES:
        if (
            len(squeezed) <= family.max_chars
            and (family.sentence_ok or not ends_sentence)
            and family.pattern.search(squeezed)
        ):
            return family.reason
    return shape.widget_reason(squeezed)


def _drop_boilerplate(lines: Sequence[_Line]) -> None:
    in_copyright_block = False
    for ln in lines:
        if ln.fate:
            # A blank line closes the trailing copyright block.
            in_copyright_block = in_copyright_block and ln.reason != "blank"
            continue
        reason = furniture_reason(ln.text)
        if reason is not None:
            ln.fate, ln.reason = "dropped", reason
            in_copyright_block = in_copyright_block or reason == rules.COPYRIGHT_BLOCK_REASON
        elif in_copyright_block:
            ln.fate, ln.reason = "dropped", rules.COPYRIGHT_BLOCK_REASON


def _drop_related_blocks(lines: Sequence[_Line]) -> None:
    """Drop the headline links under a related-content header (相关新闻, 推荐阅读 …)."""
    open_block = False
    for ln in lines:
        if ln.fate:
            if ln.reason.startswith(("navigation", "boilerplate")) and shape.opens_block(ln.text):
                open_block = True
            elif ln.reason == "blank":
                open_block = False
            continue
        if open_block and shape.is_link_line(ln.text):
            ln.fate, ln.reason = "dropped", "boilerplate:related"
        else:
            open_block = False


def _find_title(lines: Sequence[_Line], headline: str = "") -> _Line | None:
    """The headline: the first headline-shaped line above the first dateline or source line.

    A page prints its headline right above the dateline; what is above the
    headline (site name, menus, breadcrumbs) is furniture. Without a dateline
    near the top, the first headline-shaped line is taken.
    """
    live = [ln for ln in lines if not ln.fate]
    if not live:
        return None
    if headline:
        key = _SPACES.sub("", headline)
        found = next((ln for ln in live if _SPACES.sub("", ln.text) == key), None)
        if found is not None:
            return found
    dateline = next(
        (ln for ln in lines if ln.reason in ("metadata:dateline", "metadata:source")), None
    )
    if dateline is not None:
        above = [ln for ln in live if ln.number < dateline.number and shape.is_headline(ln.text)]
        if above:
            return above[0]
    return next((ln for ln in live if shape.is_headline(ln.text)), live[0])


def _drop_outside(lines: Sequence[_Line], outside: frozenset[int], title: _Line | None) -> None:
    """Drop the lines a main-text extractor left out, but for the header under the title."""
    if not outside:
        return
    first_main = next(
        (ln.number for ln in lines if ln.number not in outside and not ln.fate), len(lines) + 1
    )
    for ln in lines:
        if ln.fate or ln.number not in outside or ln is title:
            continue
        if title is not None and title.number < ln.number < first_main:
            continue  # a subtitle or standfirst printed in the page header
        ln.fate, ln.reason = "dropped", "html:outside-main-text"


def _drop_before_title(lines: Sequence[_Line], title: _Line | None) -> None:
    if title is None:
        return
    for ln in lines[: title.number - 1]:
        if not ln.fate:
            ln.fate, ln.reason = "dropped", "boilerplate:before-title"


def _drop_repeated(lines: Sequence[_Line], title: str) -> None:
    """Drop short lines the page prints three times or more (menus, tabs), but the title.

    The article printed twice repeats its headings twice; those stay for the
    duplicate pass, which keeps the first copy.
    """
    counts = Counter(ln.text for ln in lines if ln.text)
    for ln in lines:
        if (
            not ln.fate
            and ln.text != title
            and counts[ln.text] >= shape.REPEATED_MIN_COUNT
            and shape.is_link_line(ln.text)
        ):
            ln.fate, ln.reason = "dropped", "boilerplate:repeated"


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


def _one_line_blocks(lines: Sequence[_Line]) -> list[list[_Line]]:
    return [[ln] for ln in lines if not ln.fate]


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
        elif block[0].caption or PHOTO_CREDIT.search(text):
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
    bylined = False
    for p in paragraphs:
        if not bylined and p.kind != "title":
            before = meta
            meta = metadata.read_byline(meta, p.text)
            bylined = meta != before
        if p.kind == "caption":
            c = PHOTO_CREDIT.search(p.text)
            name = c and (c["name"] or c["name2"])
            if name and name not in meta.photographers:
                meta = replace(meta, photographers=meta.photographers + (name,))
    return meta


def doc_id_of(path) -> str:
    """The document id of an article file: ``seeds/<id>.zh.txt`` or ``.zh.html`` -> ``<id>``.

    A file not named so gives its name without the last extension.
    """
    name = PurePath(path).name
    for suffix in (ZH_SUFFIX, *HTML_SUFFIXES):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return PurePath(name).stem


def provenance_tsv(cleaned: CleanDoc) -> str:
    """The provenance table as TSV (:data:`PROVENANCE_COLUMNS`): what became of every raw line."""
    if any(r.origin for r in cleaned.provenance):
        return escape.format_rows(
            (*PROVENANCE_COLUMNS, ORIGIN_COLUMN),
            ((r.line, r.fate, r.target, r.reason, r.text, r.origin) for r in cleaned.provenance),
        )
    return escape.format_rows(
        PROVENANCE_COLUMNS,
        ((r.line, r.fate, r.target, r.reason, r.text) for r in cleaned.provenance),
    )

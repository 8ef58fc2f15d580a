"""A saved HTML page -> the lines of a text scrape, with the main text marked by trafilatura.

A page saved from the browser is read as a browser's select-all copy would
read it: every block element's text on its own line, in page order, each line
remembering its element (tag, class, source line). trafilatura (the main-text
extractor; htmldate finds the date when the page prints none) says which of
those lines are the article body. The cleaner then runs on the page lines as on
any text scrape: metadata lines (dateline, source, editor) and the headline are
read wherever they are; lines outside the body that are neither go as
``html:outside-main-text``, so every text line of the page keeps its row.

Encodings: a BOM, else the ``<meta charset>`` or ``http-equiv`` declaration in
the first bytes, with labels read as the WHATWG Encoding Standard reads them
(``gb2312`` and ``gbk`` are decoded as GB18030, a superset).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, replace

import lxml.html
import regex

from tmbrief.clean.cleaner import clean_lines
from tmbrief.core.errors import InputError
from tmbrief.core.model import CleanDoc

# Larger pages are refused: a saved article page is well under a megabyte.
MAX_HTML_BYTES = 8 * 2**20
# Bytes searched for a charset declaration (the HTML prescan reads 1024; pages
# with long <head> scripts put it later).
PRESCAN_BYTES = 4096

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", regex.I)
# WHATWG labels whose decoder is not Python's codec of the same name.
ENCODING_LABELS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table "
    "tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset("script style noscript template head iframe svg select option".split())
_WS = regex.compile(r"[ \t\r\n\f\u00a0]+")


@dataclass(frozen=True)
class PageLine:
    """One line of the page as a browser shows it, and the element it starts in."""

    text: str
    origin: str  # "html:<source line> <tag>[.<class>]"


@dataclass(frozen=True)
class Page:
    """A decoded page: its lines, which of them trafilatura takes as main text, and more."""

    lines: tuple[PageLine, ...]
    main: frozenset[int]  # 0-based indexes of the lines in trafilatura's main text
    title: str  # the headline as the page's <title>/<h1>/og:title give it
    date: str  # htmldate's publication date (ISO) or ""
    encoding: str
    warnings: tuple[str, ...]


def decode_html(data: bytes, path, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Decode a saved page: (text, encoding used, warnings). InputError when it cannot be."""
    if len(data) > MAX_HTML_BYTES:
        raise InputError(
            path,
            f"page is {len(data) / 2**20:.1f} MB, over the {MAX_HTML_BYTES // 2**20} MB "
            "limit for HTML input (save the article page, not a whole site)",
        )
    if not data.strip():
        raise InputError(path, "file is empty")
    warnings: list[str] = []
    declared = None
    if encoding is None:
        for bom, codec in BOMS:
            if data.startswith(bom):
                encoding = codec
                break
    if encoding is None:
        m = _CHARSET.search(data[:PRESCAN_BYTES])
        if m:
            label = m.group(1).decode("ascii", "replace").lower()
            declared = label
            encoding = ENCODING_LABELS.get(label, label)
            try:
                codecs.lookup(encoding)
            except LookupError:
                warnings.append(f"unknown charset {label!r} declared; read as UTF-8")
                encoding = None
    try:
        text = data.decode(encoding or "utf-8")
        used = encoding or "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        fallback = "gb18030" if (encoding or "utf-8").startswith("utf") else "utf-8"
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            raise InputError(
                path, f"cannot decode as {encoding or 'utf-8'}: {exc.reason}", line
            ) from exc
        said = f"declared {declared}" if declared else "no charset declared"
        warnings.append(f"line {line}: {said} but not {encoding or 'utf-8'}; read as {fallback}")
        used = fallback
    except LookupError as exc:
        raise InputError(path, f"unknown encoding {encoding!r}") from exc
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return text, used, warnings


def page_lines(html: str) -> tuple[PageLine, ...]:
    """The text lines of a page in order, as a browser lays out its block elements."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ()
    body = root.find("body")
    if body is None:
        return ()
    out: list[PageLine] = []
    current: list[str] = []
    origin = [""]

    def flush():
        text = _WS.sub(" ", "".join(current)).strip()
        if text:
            out.append(PageLine(text, origin[0]))
        current.clear()
        origin[0] = ""

    def walk(el, block_el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP_TAGS or not tag:
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
            block_el = el
        if el.text:
            add(block_el, el.text)
        for child in el:
            walk(child, block_el)
            if child.tail:
                if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                    flush()
                add(block_el, child.tail)
        if block:
            flush()

    def add(block_el, text):
        if not origin[0] and text.strip():
            cls = (block_el.get("class") or "").split()
            origin[0] = f"html:{block_el.sourceline} {block_el.tag}" + (f".{cls[0]}" if cls else "")
        current.append(text)

    walk(body, body)
    flush()
    return tuple(out)


def read_page(data: bytes, path, encoding: str | None = None) -> Page:
    """Decode and read a saved article page. InputError for a page with no article."""
    import trafilatura
    from htmldate import find_date

    html, used, warnings = decode_html(data, path, encoding)
    lines = page_lines(html)
    if not lines:
        raise InputError(path, "page has no text in its <body>")
    extracted = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not extracted or not extracted.strip():
        raise InputError(path, "no article text found on the page (a site index or list page?)")
    main = _main_lines(lines, [t.strip() for t in extracted.split("\n") if t.strip()])
    meta = trafilatura.extract_metadata(html)
    title = _headline(html, meta.title if meta else "", lines)
    date = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    return Page(lines, main, title, date or "", used, tuple(warnings))


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _main_lines(lines, extracted: list[str]) -> frozenset[int]:
    """Indexes of the page lines that make up trafilatura's text (equal, or inside a line of it)."""
    wanted = {_norm(t) for t in extracted}
    main = {i for i, ln in enumerate(lines) if _norm(ln.text) in wanted}
    matched = {_norm(lines[i].text) for i in main}
    rest = [w for w in wanted if w not in matched]
    for i, ln in enumerate(lines):
        n = _norm(ln.text)
        if i not in main and len(n) >= 2 and any(n in w for w in rest):
            main.add(i)
    return frozenset(main)


_TITLE_SEPARATORS = regex.compile(r"\s*(?:[-_|｜–—]{1,2}|\s-\s)\s*")


def _headline(html: str, meta_title: str, lines) -> str:
    """The headline: the longest front part of a page title that the page prints as a line.

    Candidates in order: trafilatura's title, each ``<h1>``, the ``<title>``; a
    front part ends where a separator starts (``长江干流…全覆盖-新华网`` -> ``长江干流…全覆盖``).
    """
    texts = {_norm(ln.text) for ln in lines}
    root = lxml.html.document_fromstring(html)
    candidates = [meta_title, *(el.text_content() for el in root.iter("h1", "title"))]
    for cand in candidates:
        cand = _WS.sub(" ", cand or "").strip()
        cuts = [m.start() for m in _TITLE_SEPARATORS.finditer(cand)]
        for end in [len(cand), *reversed(cuts)]:
            front = cand[:end]
            if front and _norm(front) in texts:
                return front
    return ""


# An article has at least one paragraph besides the title that ends a sentence.
_SENTENCE_MARK = regex.compile(r"[。！？!?]")


def clean_page(page: Page, doc_id: str) -> CleanDoc:
    """Clean a read page with the text cleaner: same rules, same provenance, one row a line.

    Lines trafilatura left out of the main text are dropped as
    ``html:outside-main-text`` (unless they are metadata, the headline or a
    subtitle under it); page lines are block elements, never hard-wrapped, so
    none is joined to the next.
    """
    outside = frozenset(i + 1 for i in range(len(page.lines)) if i not in page.main)
    doc = clean_lines(
        [ln.text for ln in page.lines],
        doc_id,
        outside=outside,
        headline=page.title,
        origins=[ln.origin for ln in page.lines],
        join_wrapped=False,
    )
    meta = doc.meta if doc.meta.date or not page.date else replace(doc.meta, date=page.date)
    return replace(doc, meta=meta, encoding=page.encoding, warnings=page.warnings + doc.warnings)


def clean_html(data: bytes, path, doc_id: str, encoding: str | None = None) -> CleanDoc:
    """Read and clean a saved article page; InputError when it holds no article."""
    doc = clean_page(read_page(data, path, encoding), doc_id)
    if not any(_SENTENCE_MARK.search(p.text) for p in doc.paragraphs[1:]):
        raise InputError(
            path,
            "no article on the page: no paragraph ends a sentence (a site index or list page?)",
        )
    return doc

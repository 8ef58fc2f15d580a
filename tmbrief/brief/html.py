"""Briefings as a clean, printable HTML page: semantic markup, inline CSS, language tags.

The page is built as an lxml tree, so every text is escaped and the markup is
well-formed; it is serialised as polyglot HTML5 (parses as XML too). The page
says ``lang="en"``; every piece of Chinese is a ``<span lang="zh-CN">``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from lxml import etree

from tmbrief.brief.format import explain_line, footer, human_date, overview_title, speaker_line
from tmbrief.brief.model import Brief, Name, Overview
from tmbrief.core.langs import SRC_LANG, TGT_LANG

CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 60em;
  margin: 2em auto; padding: 0 1em; overflow-wrap: break-word; }
h1 { font-size: 1.6em; line-height: 1.25; margin-bottom: .2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin-top: 1.6em; }
article + article { border-top: 3px double #999; margin-top: 2em; }
.zh { color: #444; margin-top: 0; }
.meta { color: #444; font-style: italic; }
cite, .tuid { font-style: normal; font-size: .8em; color: #555; overflow-wrap: anywhere; }
cite a, .tuid a { color: #1a4f8b; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.scores { font: .8em monospace; color: #555; overflow-wrap: anywhere; }
.check { color: #8a1c1c; }
.side { margin-top: .5em; }
.side .row { display: grid; grid-template-columns: 2.5em 1fr 1fr; gap: .3em 1em;
  padding: .3em .4em; border-bottom: 1px solid #e4e4e4; }
.side .row p { margin: 0; }
.side .n { color: #777; font-size: .8em; padding-top: .2em; }
.side .row.cited { background: #fff6d6; border-left: 4px solid #d9a400; }
.side .row:target { outline: 3px solid #1a4f8b; }
.side .kind { color: #777; font-size: .75em; font-style: italic; }
footer { margin-top: 2em; font-size: .85em; color: #555; border-top: 1px solid #ccc;
  overflow-wrap: anywhere; }
@media (max-width: 40em) {
  body { margin: 1em auto; padding: 0 .6em; }
  .side .row { grid-template-columns: 1fr; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { display: none; }
  td { border: none; border-bottom: 1px solid #ddd; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
  tr { border: 1px solid #bbb; margin-bottom: .5em; }
}
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; }
  article + article { page-break-before: always; }
  .side .row { break-inside: avoid; }
  .side .row.cited { background: none; border-left: 4px solid #999; } }
""".strip()


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    """A child element; ``class_`` stands for ``class``."""
    element = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _tail(parent, text: str) -> None:
    """Append text after the last child of ``parent`` (or to its text when it has none)."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _zh(parent, text: str) -> None:
    _el(parent, "span", text, lang=SRC_LANG)


def unit_label(tuid: str) -> str:
    """The short label of a citation link: the unit number of ``doc:14`` -> ``14``."""
    return tuid.rpartition(":")[2] or tuid


def _cite(parent, tuids, needs_review: bool = False) -> None:
    """``[14, 15]``: each unit a link to its row in the side-by-side article."""
    _tail(parent, " ")
    c = _el(parent, "cite", "[")
    for k, t in enumerate(tuids):
        if k:
            _tail(c, ", ")
        _el(c, "a", unit_label(t), href=f"#{t}", title=t, class_="cite")
    _tail(c, ("; needs review" if needs_review else "") + "]")


def _name(parent, name: Name) -> None:
    if name.en:
        _tail(parent, name.en)
    else:
        _zh(parent, name.zh)


def _header(article, brief: Brief, level: int) -> None:
    header = _el(article, "header")
    h = f"h{level}"
    if brief.headline:
        _el(header, h, brief.headline)
        p = _el(header, "p", class_="zh")
        _zh(p, brief.headline_zh)
        _cite(p, brief.headline_tuids)
    else:
        _zh(_el(header, h), brief.headline_zh)
    if not (brief.outlet.zh or brief.date or brief.byline):
        return  # no empty line where the article gives no outlet, date or byline
    meta = _el(header, "p", class_="meta")
    sep = ""
    if brief.outlet.zh:
        _name(meta, brief.outlet)
        sep = " · "
    if brief.date:
        _tail(meta, sep)
        _el(meta, "time", human_date(brief.date), datetime=brief.date)
        sep = " · "
    for label, names in brief.byline:
        _tail(meta, f"{sep}{label}: ")
        sep = " · "
        for k, n in enumerate(names):
            if k:
                _tail(meta, ", ")
            _name(meta, n)


def _figures(article, brief: Brief, level: int) -> None:
    section = _el(article, "section", class_="figures")
    _el(section, f"h{level}", "Key figures")
    if brief.figures:
        table = _el(section, "table")
        row = _el(_el(table, "thead"), "tr")
        labels = ("Figure", "What it counts", "In Chinese", "Cited")
        for label in labels:
            _el(row, "th", label, scope="col")
        body = _el(table, "tbody")
        for f in brief.figures:
            row = _el(body, "tr")
            _el(row, "td", f.en, **{"data-label": labels[0]})
            _el(row, "td", f.en_context, **{"data-label": labels[1]})
            _zh(_el(row, "td", **{"data-label": labels[2]}), f.zh_context)
            cell = _el(row, "td", class_="tuid", **{"data-label": labels[3]})
            _el(cell, "a", unit_label(f.tuid), href=f"#{f.tuid}", title=f.tuid, class_="cite")
    else:
        _el(section, "p", "No figure found in both the Chinese and the English.")
    if brief.figures_to_check:
        _el(section, f"h{level + 1}", "Figures to check", class_="check")
        ul = _el(section, "ul", class_="check")
        for f in brief.figures_to_check:
            li = _el(ul, "li")
            if f.en:
                _tail(li, f"{f.en} ({f.problem}): {f.en_context}")
            else:
                _zh(li, f.zh)
                _tail(li, f" ({f.problem}): ")
                _zh(li, f.zh_context)
            _cite(li, [f.tuid])


# Where each article's side-by-side rows go when the page is serialised: the rows
# (the whole article, often most of the page) are made and written a block at a
# time, never held as one tree (see html_pieces).
_ROWS_MARK = " side-by-side rows "
_ROWS_BLOCK = 500  # rows serialised at once


def _side_by_side(article, brief: Brief, level: int) -> None:
    """The whole article, Chinese and English side by side, cited units highlighted."""
    section = _el(article, "section", class_="side")
    _el(section, f"h{level}", "The article, side by side")
    _el(section, "p", "Every unit of the translation memory; the units this briefing cites "
        "are highlighted.", class_="meta")  # fmt: skip
    section.append(etree.Comment(_ROWS_MARK))


def _rows(section, rows) -> None:
    for row in rows:
        div = _el(section, "div", id=row.tuid, class_="row cited" if row.cited else "row")
        _el(div, "span", unit_label(row.tuid), class_="n", title=row.tuid)
        zh = _el(div, "p", row.zh, lang=SRC_LANG)
        if row.kind != "body":
            _tail(zh, " ")
            _el(zh, "span", row.kind, class_="kind", lang=TGT_LANG)
        _el(div, "p", row.en or "(not translated)", class_="" if row.en else "kind")


def _rows_pieces(rows, depth: int) -> Iterator[str]:
    """The rows as the page's serialisation gives them, inside a section at ``depth``.

    Each block of rows is serialised inside empty ancestors of the same depth, so
    its indentation is the page's; the text between the section's tags is the rows.
    """
    for start in range(0, len(rows), _ROWS_BLOCK):
        top = etree.Element("html")
        section = top
        for _ in range(depth):
            section = etree.SubElement(section, "section")
        _rows(section, rows[start : start + _ROWS_BLOCK])
        text = etree.tostring(top, encoding="unicode", pretty_print=True)
        begin = text.index("\n", text.rindex("<section>", 0, text.index("<div"))) + 1
        end = text.rindex("\n", 0, text.index("</section>")) + 1
        yield text[begin:end]


def brief_article(parent, brief: Brief, *, explain: bool = False, level: int = 1) -> None:
    """Append one briefing to ``parent`` as an ``<article>``; headings start at ``level``."""
    article = _el(parent, "article", id=brief.doc_id)
    _header(article, brief, level)
    sub = f"h{level + 1}"

    section = _el(article, "section", class_="summary")
    _el(section, sub, "Summary")
    if brief.summary:
        ol = _el(section, "ol")
        for k, s in enumerate(brief.summary, 1):
            li = _el(ol, "li", s.text, id=f"{brief.doc_id}-summary-{k}")
            _cite(li, s.tuids, s.needs_review)
            if explain:
                _el(li, "div", explain_line(s.scores), class_="scores")
    else:
        _el(section, "p", "No translated body sentence fits the budget.")

    _figures(article, brief, level + 1)

    section = _el(article, "section", class_="speakers")
    _el(section, sub, "Who spoke")
    if brief.speakers:
        ul = _el(section, "ul")
        for s in brief.speakers:
            li = _el(ul, "li")
            _name(_el(li, "strong"), s.name)
            if s.name.en and s.name.zh:
                _tail(li, " ")
                _zh(li, s.name.zh)
            if s.name.title or s.name.title_zh:
                _tail(li, " (" + s.name.title + (" / " if s.name.title and s.name.title_zh else ""))
                if s.name.title_zh:
                    _zh(li, s.name.title_zh)
                _tail(li, ")")
            _tail(li, ": ")
            if s.text:
                _el(li, "q", s.text.strip('“”"'), class_="quote")
                _cite(li, s.tuids)
            elif s.in_summary:
                _tail(li, "quoted in ")
                _el(li, "a", f"summary item {s.in_summary}",
                    href=f"#{brief.doc_id}-summary-{s.in_summary}")  # fmt: skip
            else:
                _tail(li, speaker_line(s))
    else:
        _el(section, "p", "Nobody is quoted.")

    _side_by_side(article, brief, level + 1)

    section = _el(article, "section", class_="exports")
    _el(section, sub, "Full translation memory")
    ul = _el(section, "ul")
    for path in brief.exports:
        _el(_el(ul, "li"), "a", path, href="../" + path)
    _el(article, "footer", footer(brief))


def _page(title: str) -> tuple[etree._Element, etree._Element]:
    html = etree.Element("html", lang=TGT_LANG)
    head = _el(html, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _el(head, "title", title)
    _el(head, "style", CSS)
    return html, _el(html, "body")


def _pieces(html: etree._Element, briefs: Sequence[Brief]) -> Iterator[str]:
    """The page in pieces: ``html`` serialised, each side-by-side mark replaced by its rows.

    ``briefs`` are the page's briefings in the order of their articles.
    """
    marks = [c for c in html.iter(etree.Comment) if c.text == _ROWS_MARK]
    levels = [sum(1 for _ in mark.iterancestors()) for mark in marks]
    # XML serialisation of HTML elements is polyglot HTML5: <meta .../> is valid HTML.
    page = etree.tostring(html, encoding="unicode", pretty_print=True)
    yield "<!DOCTYPE html>\n"
    done = 0
    for brief, level in zip(briefs, levels, strict=True):
        # pretty_print indents two spaces a level; text never holds "<!--" unescaped.
        line = f"{'  ' * level}<!--{_ROWS_MARK}-->\n"
        at = page.index(line, done)
        yield page[done:at]
        yield from _rows_pieces(brief.article, level - 1)
        done = at + len(line)
    yield page[done:]


def html_pieces(brief: Brief, *, explain: bool = False) -> Iterator[str]:
    """One briefing as a whole HTML page, in pieces (to write a long one without holding it)."""
    html, body = _page(brief.headline or brief.headline_zh)
    brief_article(_el(body, "main"), brief, explain=explain, level=1)
    return _pieces(html, [brief])


def render_html(brief: Brief, *, explain: bool = False) -> str:
    """One briefing as a whole HTML page."""
    return "".join(html_pieces(brief, explain=explain))


def render_overview_html(overview: Overview, *, explain: bool = False) -> str:
    """Every briefing on one page, the overview table first."""
    html, body = _page(overview_title(overview))
    main = _el(body, "main")
    section = _el(main, "section", class_="overview")
    _el(section, "h1", overview_title(overview))
    table = _el(section, "table")
    row = _el(_el(table, "thead"), "tr")
    labels = ("Date", "Outlet", "Headline", "Translated units", "Figures", "Top sentence")
    for label in labels:
        _el(row, "th", label, scope="col")
    tbody = _el(table, "tbody")
    for r in overview.rows:
        row = _el(tbody, "tr")
        cells = [_el(row, "td", **{"data-label": label}) for label in labels]
        _el(cells[0], "time", r.date, datetime=r.date)
        _name(cells[1], r.outlet)
        link = _el(cells[2], "a", href=f"#{r.doc_id}")
        if r.headline:
            link.text = r.headline
        else:
            _zh(link, r.headline_zh)
        cells[3].text = f"{r.translated}/{r.units}"
        checks = f" ({r.figures_to_check} to check)" if r.figures_to_check else ""
        cells[4].text = f"{r.figures}{checks}"
        cell = cells[5]
        cell.text = r.lead.text if r.lead else ""
        if r.lead:
            _cite(cell, r.lead.tuids)
    for brief in overview.briefs:
        brief_article(main, brief, explain=explain, level=2)
    return "".join(_pieces(html, overview.briefs))

"""Briefings as Markdown, plain text, HTML or JSON: one registry of formats.

``render(brief, fmt)`` and ``render_overview(overview, fmt)`` are pure: the same
brief gives byte-identical output, and dates are the document's own. HTML is in
:mod:`tmbrief.brief.html`; shared pieces in :mod:`tmbrief.brief.format`.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

from tmbrief.brief.format import (
    byline_text,
    cite,
    explain_line,
    footer,
    html_name,
    human_date,
    name_text,
    overview_title,
    person_note,
    speaker_line,
)
from tmbrief.brief.html import render_html, render_overview_html
from tmbrief.brief.model import Brief, Figure, Name, Overview, OverviewRow, Scores
from tmbrief.numbers.extract import format_value

FORMATS = ("md", "txt", "html", "json")
WRAP = 78

# --- Markdown ----------------------------------------------------------------------

# Characters that would start emphasis, code or raw HTML; "|" only matters in tables.
_MD_TEXT = str.maketrans({c: "\\" + c for c in "\\`*_<>"})
_MD_CELL = str.maketrans({c: "\\" + c for c in "\\`*_<>|"})


def md_escape(text: str) -> str:
    """Backslash-escape Markdown's inline markup so that text stays text."""
    return text.translate(_MD_TEXT).replace("\n", " ")


def md_cell(text: str) -> str:
    """:func:`md_escape` for a table cell (also escapes ``|``)."""
    return text.translate(_MD_CELL).replace("\n", " ")


def _md_brief(brief: Brief, *, explain: bool, level: int) -> list[str]:
    h = "#" * level
    out = [f"{h} {md_escape(brief.headline or brief.headline_zh)}", ""]
    if brief.headline_tuids:
        out += [f"{md_escape(brief.headline_zh)} {cite(brief.headline_tuids)}", ""]
    meta = [m for m in (name_text(brief.outlet), human_date(brief.date)) if m]
    if brief.byline:
        meta.append(byline_text(brief))
    out += ["*" + md_escape(" · ".join(meta)) + "*", ""] if meta else []
    out += [f"{h}# Summary", ""]
    for k, s in enumerate(brief.summary, 1):
        out.append(f"{k}. {md_escape(s.text)} {cite(s.tuids, s.needs_review)}")
        if explain:
            out.append(f"   - `{explain_line(s.scores)}`")
    if not brief.summary:
        out.append("No translated body sentence fits the budget.")
    out += ["", f"{h}# Key figures", ""]
    if brief.figures:
        out += ["| Figure | What it counts | In Chinese | Cited |", "| --- | --- | --- | --- |"]
        out += [
            f"| {md_cell(f.en)} | {md_cell(f.en_context)} | {md_cell(f.zh_context)} "
            f"| [{f.tuid}]({html_name(brief)}#{f.tuid}) |"
            for f in brief.figures
        ]
    else:
        out.append("No figure found in both the Chinese and the English.")
    out.append("")
    if brief.figures_to_check:
        out += [f"{h}## Figures to check", ""]
        out += [f"- {md_escape(_check_text(f))} {cite([f.tuid])}" for f in brief.figures_to_check]
        out.append("")
    out += [f"{h}# Who spoke", ""]
    for s in brief.speakers:
        out.append(
            f"- **{md_escape(name_text(s.name))}** ({md_escape(person_note(s.name))}): "
            f"{md_escape(speaker_line(s))}" + (f" {cite(s.tuids)}" if s.tuids else "")
        )
    if not brief.speakers:
        out.append("Nobody is quoted.")
    out += ["", f"{h}# Full translation memory", ""]
    out += [f"- [{p}](../{p})" for p in brief.exports]
    out += ["", "*" + md_escape(footer(brief)) + "*", ""]
    return out


def _check_text(f: Figure) -> str:
    return f"{f.en or f.zh} ({f.problem}): {f.en_context or f.zh_context}"


def render_md(brief: Brief, *, explain: bool = False) -> str:
    """One briefing as Markdown."""
    return "\n".join(_md_brief(brief, explain=explain, level=1))


def _overview_cells(r: OverviewRow) -> tuple[str, ...]:
    checks = f" ({r.figures_to_check} to check)" if r.figures_to_check else ""
    lead = f"{r.lead.text} {cite(r.lead.tuids)}" if r.lead else ""
    return (
        r.date,
        name_text(r.outlet),
        r.headline or r.headline_zh,
        f"{r.translated}/{r.units}",
        f"{r.figures}{checks}",
        lead,
    )


OVERVIEW_COLUMNS = ("Date", "Outlet", "Headline", "Translated units", "Figures", "Top sentence")


def render_overview_md(overview: Overview, *, explain: bool = False) -> str:
    """Every briefing in one Markdown document, the overview table first."""
    out = [f"# {overview_title(overview)}", ""]
    out += ["| " + " | ".join(OVERVIEW_COLUMNS) + " |", "|" + " --- |" * len(OVERVIEW_COLUMNS)]
    out += ["| " + " | ".join(md_cell(c) for c in _overview_cells(r)) + " |" for r in overview.rows]
    out.append("")
    for brief in overview.briefs:
        out += _md_brief(brief, explain=explain, level=2)
    return "\n".join(out)


# --- plain text --------------------------------------------------------------------


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text, WRAP, initial_indent=indent if first is None else first, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def _txt_brief(brief: Brief, *, explain: bool) -> list[str]:
    head = brief.headline or brief.headline_zh
    out = _wrap(head) + ["=" * min(len(head), WRAP)]
    if brief.headline_tuids:
        out += _wrap(f"{brief.headline_zh} {cite(brief.headline_tuids)}")
    meta = [m for m in (name_text(brief.outlet), human_date(brief.date)) if m]
    if brief.byline:
        meta.append(byline_text(brief))
    out += (_wrap(" | ".join(meta)) if meta else []) + ["", "SUMMARY", ""]
    for k, s in enumerate(brief.summary, 1):
        out += _wrap(f"{s.text} {cite(s.tuids, s.needs_review)}", "   ", f"{k}. ")
        if explain:
            out += _wrap(explain_line(s.scores), "     ", "   - ")
    if not brief.summary:
        out.append("No translated body sentence fits the budget.")
    out += ["", "KEY FIGURES", ""]
    for f in brief.figures:
        out += _wrap(f"{f.en}: {f.en_context} / {f.zh_context} {cite([f.tuid])}", "    ", "  - ")
    if brief.figures_to_check:
        out += ["", "FIGURES TO CHECK", ""]
        for f in brief.figures_to_check:
            out += _wrap(f"{_check_text(f)} {cite([f.tuid])}", "    ", "  - ")
    out += ["", "WHO SPOKE", ""]
    for s in brief.speakers:
        tail = f" {cite(s.tuids)}" if s.tuids else ""
        line = f"{name_text(s.name)} ({person_note(s.name)}): {speaker_line(s)}{tail}"
        out += _wrap(line, "    ", "  - ")
    if not brief.speakers:
        out.append("Nobody is quoted.")
    out += ["", "FULL TRANSLATION MEMORY", ""] + [f"  {p}" for p in brief.exports]
    return out + [""] + _wrap(footer(brief)) + [""]


def render_txt(brief: Brief, *, explain: bool = False) -> str:
    """One briefing as plain text wrapped at 78 columns."""
    return "\n".join(_txt_brief(brief, explain=explain))


def render_overview_txt(overview: Overview, *, explain: bool = False) -> str:
    """Every briefing as plain text, an overview list first."""
    out = [overview_title(overview).upper(), ""]
    for r in overview.rows:
        cells = dict(zip(OVERVIEW_COLUMNS, _overview_cells(r), strict=True))
        out += _wrap(f"{cells['Date']} {cells['Outlet']}: {cells['Headline']}", "    ", "  - ")
        rest = f"units translated {cells['Translated units']}; figures {cells['Figures']}"
        out += _wrap(rest, "    ") + _wrap(cells["Top sentence"], "    ") + [""]
    for brief in overview.briefs:
        out += ["-" * WRAP, ""] + _txt_brief(brief, explain=explain)
    return "\n".join(out)


# --- JSON --------------------------------------------------------------------------


def _name_json(name: Name) -> dict:
    out = {"en": name.en, "zh": name.zh}
    if name.title:
        out["title"] = name.title
    if name.title_zh:
        out["title_zh"] = name.title_zh
    return out


def _figure_json(f: Figure) -> dict:
    out = {
        "en": f.en,
        "zh": f.zh,
        "value": format_value(f.value, f.kind),
        "kind": f.kind,
        "en_context": f.en_context,
        "zh_context": f.zh_context,
        "tuid": f.tuid,
        "agrees": f.agrees,
    }
    if f.problem:
        out["problem"] = f.problem
    return out


def _scores_json(sc: Scores) -> dict:
    return {
        **{k: round(getattr(sc, k), 4) for k in Scores.FEATURES},
        "form": round(sc.form, 4),
        "salience": round(sc.salience, 4),
        "redundancy": round(sc.redundancy, 4),
        "mmr": round(sc.mmr, 4),
        "rank": sc.rank,
    }


def brief_json(brief: Brief, *, explain: bool = False) -> dict:
    """The briefing as a JSON-ready dict: the shape ``--format json`` prints."""
    summary = []
    for s in brief.summary:
        item = {"text": s.text, "tuids": list(s.tuids)}
        if s.needs_review:
            item["needs_review"] = True
        if explain:
            item["scores"] = _scores_json(s.scores)
        summary.append(item)
    return {
        "doc_id": brief.doc_id,
        "headline": brief.headline,
        "headline_zh": brief.headline_zh,
        "headline_tuids": list(brief.headline_tuids),
        "outlet": _name_json(brief.outlet),
        "date": brief.date,
        "byline": [
            {"role": label, "names": [_name_json(n) for n in names]}
            for label, names in brief.byline
        ],
        "summary": summary,
        "figures": [_figure_json(f) for f in brief.figures],
        "figures_to_check": [_figure_json(f) for f in brief.figures_to_check],
        "speakers": [
            {
                **_name_json(s.name),
                "text": s.text,
                "tuids": list(s.tuids),
                **({"in_summary": s.in_summary} if s.in_summary else {}),
            }
            for s in brief.speakers
        ],
        "exports": list(brief.exports),
        "units": brief.units,
        "translated": brief.translated,
        "settings": dict(brief.settings),
    }


def english_fields(data: dict) -> list[str]:
    """Every English-only text of a :func:`brief_json` dict: none may hold a Han character.

    Headline, outlet, byline names, speakers' names, posts and words, summary
    items, figures and what they count.
    """
    out = [data["headline"], data["outlet"]["en"]]
    out += [n["en"] for r in data["byline"] for n in r["names"]]
    out += [t for s in data["speakers"] for t in (s["en"], s.get("title", ""), s["text"])]
    out += [s["text"] for s in data["summary"]]
    out += [t for f in data["figures"] for t in (f["en"], f["en_context"])]
    return out


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def render_json(brief: Brief, *, explain: bool = False) -> str:
    """One briefing as JSON (see :func:`brief_json`)."""
    return _dumps(brief_json(brief, explain=explain))


def render_overview_json(overview: Overview, *, explain: bool = False) -> str:
    """{"overview": [one row per document], "briefs": [each briefing]}."""
    rows = [
        {
            "doc_id": r.doc_id,
            "date": r.date,
            "outlet": _name_json(r.outlet),
            "headline": r.headline,
            "headline_zh": r.headline_zh,
            "lead": {"text": r.lead.text, "tuids": list(r.lead.tuids)} if r.lead else None,
            "units": r.units,
            "translated": r.translated,
            "figures": r.figures,
            "figures_to_check": r.figures_to_check,
        }
        for r in overview.rows
    ]
    return _dumps(
        {"overview": rows, "briefs": [brief_json(b, explain=explain) for b in overview.briefs]}
    )


# --- registry ----------------------------------------------------------------------

RENDERERS: dict[str, tuple[Callable[..., str], Callable[..., str]]] = {
    "md": (render_md, render_overview_md),
    "txt": (render_txt, render_overview_txt),
    "html": (render_html, render_overview_html),
    "json": (render_json, render_overview_json),
}


def _renderers(fmt: str):
    if fmt not in RENDERERS:
        raise ValueError(f"unknown briefing format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return RENDERERS[fmt]


def render(brief: Brief, fmt: str, *, explain: bool = False) -> str:
    """``brief`` in format ``fmt`` (one of FORMATS); ``explain`` adds each sentence's scores."""
    return _renderers(fmt)[0](brief, explain=explain)


def render_overview(overview: Overview, fmt: str, *, explain: bool = False) -> str:
    """Every briefing of ``overview`` in one output of format ``fmt``, overview first."""
    return _renderers(fmt)[1](overview, explain=explain)

"""Small text pieces every briefing renderer shares: dates, names, citations, scores."""

from __future__ import annotations

from collections.abc import Iterable

from tmbrief.brief.model import Brief, Name, Overview, Scores, Speaker
from tmbrief.brief.rules import MONTHS


def human_date(iso: str) -> str:
    """``2023-12-20`` -> ``20 December 2023``; any other text is returned unchanged."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def overview_title(overview: Overview) -> str:
    """``Briefings: 1 document`` / ``Briefings: 3 documents``."""
    n = len(overview.rows)
    return f"Briefings: {n} document{'' if n == 1 else 's'}"


def name_text(name: Name) -> str:
    """A name for plain text: the English, else the Chinese."""
    return name.en or name.zh


def person_note(name: Name) -> str:
    """The Chinese name and post beside the English (bilingual parts): ``刘忠; district head``."""
    parts = [name.zh if name.zh != name.en else ""]
    post = " / ".join(p for p in (name.title, name.title_zh) if p)
    return "; ".join(p for p in (*parts, post) if p)


def html_name(brief: Brief) -> str:
    """The briefing's HTML file name (the bilingual view the citations link to)."""
    return f"{brief.doc_id}.brief.html"


def byline_text(brief: Brief) -> str:
    """``Reporter: Li Li; Intern: Chen Hongying; Photos: Sun Feng``."""
    return "; ".join(
        f"{label}: {', '.join(map(name_text, names))}" for label, names in brief.byline
    )


def cite(tuids: Iterable[str], needs_review: bool = False) -> str:
    """``[doc:3, doc:4]``: the units a piece of text comes from (and whether to review them)."""
    return "[" + ", ".join(tuids) + ("; needs review" if needs_review else "") + "]"


def explain_line(scores: Scores) -> str:
    """One line of scores: the features, form factor, salience and MMR bookkeeping."""
    feats = " ".join(f"{k}={getattr(scores, k):.2f}" for k in Scores.FEATURES)
    return (
        f"#{scores.rank} {feats} form={scores.form:.2f} salience={scores.salience:.3f} "
        f"redundancy={scores.redundancy:.2f} mmr={scores.mmr:.3f}"
    )


def footer(brief: Brief) -> str:
    """How the briefing was made, in one sentence (every output says so)."""
    settings = dict(brief.settings)
    return (
        f"Extractive briefing by {settings['generator']}: every summary sentence is a human "
        f"translation from the TM, verbatim, cited by unit. {brief.translated} of "
        f"{brief.units} units translated; {brief.candidates} body sentences considered. "
        f"Settings: {settings['signature']}"
    )


def speaker_line(s: Speaker) -> str:
    """A speaker's words for an English-only line, or where the summary has them."""
    if s.text:
        return s.text
    return f"(quoted in summary item {s.in_summary})" if s.in_summary else "(not translated)"

"""English briefings of a document's TM: cited extractive summary, key figures, speakers.

The public API, pure functions over units and metadata:

- :func:`make_brief` (units, metadata, paragraph kinds, glossary) -> :class:`Brief`;
- :func:`make_overview` (briefs) -> :class:`Overview` for ``tmbrief brief --all``;
- :func:`brief_outputs` -> the briefing files of one document, for the build
  (:func:`write_brief_outputs` writes them to streams);
- :func:`meta_from_json` reads the metadata the cleaning stage writes.

How sentences are chosen is in :mod:`tmbrief.brief.select`, figures and speakers
in :mod:`tmbrief.brief.facts`, rendering in :mod:`tmbrief.brief.render`. The
summary quotes whole TM targets only and never an untranslated unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from tmbrief.brief.facts import byline, byline_people, figures, headline, outlet
from tmbrief.brief.model import (
    ArticleRow,
    Brief,
    Overview,
    OverviewRow,
    Speaker,
    SummarySentence,
    quotable,
)
from tmbrief.brief.rules import SUMMARY_KINDS
from tmbrief.brief.select import candidates, is_caption, kind_of, passages, select
from tmbrief.brief.settings import BriefSettings
from tmbrief.brief.speakers import speakers
from tmbrief.core.model import DocMeta, Unit
from tmbrief.core.textio import OpenFile, OutputFiles
from tmbrief.core.units import ILLEGAL
from tmbrief.core.version import __version__

EXPORT_SUFFIXES = (".tmx", ".po")
SENTENCE = "sentence"
REVIEW = "needs-review"


def export_paths(doc_id: str) -> tuple[str, ...]:
    """Where the build writes the full TM of ``doc_id`` (relative to the project root)."""
    return tuple(f"exports/{doc_id}{suffix}" for suffix in EXPORT_SUFFIXES)


def meta_from_json(obj: Mapping) -> tuple[DocMeta, tuple[str, ...]]:
    """(DocMeta, paragraph kinds) from the parsed ``segments/<id>.meta.json``.

    Raises KeyError or TypeError when a required field (doc_id, paragraph_kinds) is
    missing or of the wrong type; the caller names the file.
    """
    texts = ("title", "outlet", "date", "time")
    names = (
        "reporters",
        "correspondents",
        "special_correspondents",
        "interns",
        "photographers",
        "editors",
    )
    kinds = obj["paragraph_kinds"]
    if not isinstance(obj["doc_id"], str) or not isinstance(kinds, list):
        raise TypeError("doc_id must be a string and paragraph_kinds a list")
    meta = DocMeta(
        obj["doc_id"],
        **{f: str(obj.get(f, "")) for f in texts},
        **{f: tuple(str(n) for n in obj.get(f, ())) for f in names},
    )
    return meta, tuple(str(k) for k in kinds)


def make_brief(
    units: Iterable[Unit],
    meta: DocMeta,
    *,
    paragraph_kinds: Sequence[str],
    glossary: Sequence = (),
    settings: BriefSettings | None = None,
    sentences: int | None = None,
    words: int | None = None,
    weights: Mapping[str, float] | None = None,
) -> Brief:
    """Brief one document.

    ``units``: its TM units in TM order (sentence units are used; composite
    paragraph and block units only repeat them); ``paragraph_kinds``: the kind of each
    cleaned paragraph (meta.json ``paragraph_kinds``); ``glossary``: glossary terms
    (objects with ``zh``, ``en``, ``kind``, ``note``, as
    :func:`tmbrief.core.glossary.load_glossary` returns). ``settings`` says how
    (:class:`BriefSettings`); ``sentences``, ``words`` and ``weights`` are a
    shorthand for it. The summary has ``sentences`` English sentences, or as many
    as fit in ``words`` English words (default: a desk brief of at most 150).
    """
    if settings is None:
        settings = BriefSettings.of(sentences=sentences, words=words, weights=weights)
    # Composite units (paragraph, block) repeat their sentence units' text; the
    # briefing quotes units as every export carries them (no control characters).
    units = tuple(
        replace(u, source=ILLEGAL.sub("", u.source), target=ILLEGAL.sub("", u.target))
        for u in units
        if u.segtype == SENTENCE
    )
    glossary = tuple(glossary)
    every = passages(units, paragraph_kinds)
    cands = candidates(every)
    head_en, head_zh, head_tuids = headline(every, meta)
    chosen = select(
        cands,
        title=head_zh,
        glossary=glossary,
        byline_names=(meta.outlet, *byline_people(meta)),
        sentences=settings.sentences or 0,
        words=settings.words,
        weights=settings.weight_map,
        mmr_lambda=settings.mmr_lambda,
    )
    summary = tuple(
        SummarySentence(
            p.text, p.tuids, p.paragraph, p.source, s, any(u.status == REVIEW for u in p.units)
        )
        for p, s in chosen
    )
    key, to_check = figures(u for p in cands for u in p.units)
    # Speakers are found in all body text: the sentence naming the speaker may be
    # untranslated (an aligner's 1-0 bead) while the quotation itself is not.
    body = [p for p in every if p.kind in SUMMARY_KINDS and not is_caption(p)]
    spoke = without_repeats(speakers(body, glossary), summary)
    cited = {t for s in summary for t in s.tuids} | {t for s in spoke for t in s.tuids}
    cited |= {f.tuid for f in key} | {f.tuid for f in to_check} | set(head_tuids)
    return Brief(
        doc_id=meta.doc_id,
        headline=head_en,
        headline_zh=head_zh,
        headline_tuids=head_tuids,
        outlet=outlet(meta, glossary),
        date=meta.date,
        byline=byline(meta, glossary, units),
        summary=summary,
        figures=key,
        figures_to_check=to_check,
        speakers=spoke,
        exports=export_paths(meta.doc_id),
        units=len(units),
        translated=sum(1 for u in units if quotable(u)),
        candidates=len(cands),
        settings=(("generator", f"tmbrief {__version__}"), ("signature", settings.signature())),
        article=tuple(
            ArticleRow(
                u.tuid,
                u.source,
                u.target if quotable(u) else "",
                kind_of(u.paragraph, paragraph_kinds),
                u.tuid in cited,
            )
            for u in units
        ),  # fmt: skip
    )


def without_repeats(found: Sequence[Speaker], summary: Sequence[SummarySentence]):
    """Speakers whose shown words are not a summary item's: nothing appears twice.

    A speaker keeps the first quote no summary item contains (or is contained in);
    one whose every quote the summary carries points to that item instead.
    """
    out = []
    for sp in found:
        fresh = [q for q in sp.quotes if not _overlaps(q.text, summary)]
        if fresh:
            out.append(replace(sp, text=fresh[0].text, tuids=fresh[0].tuids))
            continue
        item = next(
            (k for k, s in enumerate(summary, 1) for q in sp.quotes if _overlaps(q.text, [s])), 0
        )
        out.append(replace(sp, text="", tuids=(), in_summary=item))
    return tuple(out)


def _overlaps(text: str, summary: Sequence[SummarySentence]) -> bool:
    return any(text and (text in s.text or s.text in text) for s in summary)


def make_overview(briefs: Iterable[Brief]) -> Overview:
    """Every briefing with an overview table first; documents by date, then id."""
    ordered = tuple(sorted(briefs, key=lambda b: (b.date, b.doc_id)))
    rows = tuple(
        OverviewRow(
            doc_id=b.doc_id,
            date=b.date,
            outlet=b.outlet,
            headline=b.headline,
            headline_zh=b.headline_zh,
            lead=min(b.summary, key=lambda s: s.scores.rank, default=None),
            units=b.units,
            translated=b.translated,
            figures=len(b.figures),
            figures_to_check=len(b.figures_to_check),
        )
        for b in ordered
    )
    return Overview(rows, ordered)


def brief_outputs(
    units: Iterable[Unit],
    meta: DocMeta,
    paragraph_kinds: Sequence[str],
    glossary: Sequence = (),
    settings: BriefSettings | None = None,
) -> dict[str, bytes]:
    """The build's briefing files of one document: ``exports/<id>.brief.{md,html}``."""
    files = OutputFiles()
    write_brief_outputs(units, meta, paragraph_kinds, files.open, glossary, settings)
    return dict(files)


def write_brief_outputs(
    units: Iterable[Unit],
    meta: DocMeta,
    paragraph_kinds: Sequence[str],
    open_file: OpenFile,
    glossary: Sequence = (),
    settings: BriefSettings | None = None,
) -> None:
    """Like :func:`brief_outputs`, each file written to the stream ``open_file(name, binary)``
    gives (a build's staged file): the HTML page, the whole article side by side, is
    written a block of rows at a time."""
    from tmbrief.brief.html import html_pieces
    from tmbrief.brief.render import render

    brief = make_brief(
        units, meta, paragraph_kinds=paragraph_kinds, glossary=glossary, settings=settings
    )
    with open_file(f"exports/{meta.doc_id}.brief.md", False) as stream:
        stream.write(render(brief, "md"))
    with open_file(f"exports/{meta.doc_id}.brief.html", False) as stream:
        stream.writelines(html_pieces(brief))

"""Pre-translation: a new article's segments with the best TM match inserted, for a CAT tool.

Every segment becomes a sentence unit ``<doc id>:<n>`` of the new document:

* a context or 100 % match: its translation, status ``translated``;
* a fuzzy match at ``min_score`` or above: its translation, status
  ``needs-review`` (XLIFF ``state="needs-review-translation"``, PO ``#, fuzzy``)
  with a note ``TM match 87% (<tuid>)`` and, in XLIFF, the match as
  ``<alt-trans match-quality="87">``;
* a match differing only in numbers: its translation with the new numbers
  (adapt.py), ``needs-review``, noted ``numbers adapted: 5.2 -> 6.8``;
* nothing: an empty target (``untranslated``).

The edited file is taken back by ``tmbrief index add`` (the new document has no
TM file for ``tmbrief import`` to merge into), which makes its translations
available to every later lookup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tmbrief.core.model import TMHeader, Unit
from tmbrief.core.units import document_header, status_of
from tmbrief.lookup.adapt import adapt_numbers
from tmbrief.lookup.analyze import Article, SegmentMatch
from tmbrief.lookup.score import SCORER

MIN_INSERT = 70  # CAT tools' usual lowest fuzzy match worth inserting
OUTPUT_FORMATS = ("xliff", "po", "tmx")


@dataclass(frozen=True)
class Inserted:
    """What pre-translation did with one segment: the unit, its score and match kind."""

    unit: Unit
    score: int | None
    kind: str  # context | exact | fuzzy | adapted | none
    origin: str = ""  # tuid of the TM unit used
    tm_source: str = ""
    tm_target: str = ""
    adapted: tuple[tuple[str, str], ...] = ()


def pretranslate(
    article: Article, matches: Sequence[SegmentMatch], *, min_score: int = MIN_INSERT
) -> tuple[Inserted, ...]:
    """One :class:`Inserted` per segment of the article, in order."""
    out = []
    for n, sm in enumerate(matches):
        seg, m = sm.segment, sm.match
        tuid = f"{article.doc_id}:{n}"
        target, notes, kind, adapted = "", [], "none", ()
        if m is not None and (sm.band in ("context", "100") or m.score >= min_score):
            target = m.target
            if sm.band in ("context", "100"):
                kind = "context" if sm.band == "context" else "exact"
            else:
                kind = "fuzzy"
                notes.append(f"TM match {m.score}% ({m.unit.tuid})")
                if m.only_numbers:
                    done = adapt_numbers(m.source, m.target, seg.text, m.numbers)
                    if done is not None:
                        target, kind, adapted = done.target, "adapted", done.replaced
                        changes = ", ".join(f"{a} -> {b}" for a, b in adapted)
                        notes.append(f"numbers adapted: {changes}")
        unit = Unit(
            tuid=tuid,
            doc_id=article.doc_id,
            paragraph=seg.paragraph,
            src_ids=(seg.id,),
            tgt_ids=(),
            source=seg.text,
            target=target,
            bead_type="1-1" if target else "1-0",
            confidence=(m.score / 100 if m and target else 0.0),
            status=status_of(target, kind in ("fuzzy", "adapted")),
            notes=tuple(notes),
            src_start=seg.start,
            src_end=seg.end,
        )
        out.append(
            Inserted(
                unit,
                m.score if m and target else None,
                kind,
                m.unit.tuid if m and target else "",
                m.source if m and target else "",
                m.target if m and target else "",
                adapted,
            )
        )
    return tuple(out)


SETTING = "pretranslate"  # the header setting that marks a pre-translated file


def is_pretranslated(header: TMHeader) -> bool:
    """Whether a file with ``header`` was made by :func:`header_for` (tmbrief pretranslate)."""
    return any(name == SETTING for name, _ in header.settings)


def header_for(article: Article, min_score: int) -> TMHeader:
    """The header of a pre-translated file: the article's languages, date and how it was made."""
    return document_header(
        replace(article.cleaned.meta, doc_id=article.doc_id),
        (SETTING, f"best TM match, fuzzy from {min_score}%"),
        ("scorer", SCORER),
    )


def write_pretranslated(inserted: Sequence[Inserted], header: TMHeader, fmt_name: str, fh):
    """Write the units in ``xliff`` (with ``<alt-trans>``), ``po`` or ``tmx``; return removals."""
    from tmbrief.formats import get_format
    from tmbrief.formats.xliff import AltTrans
    from tmbrief.formats.xliff import write as write_xliff

    units = [i.unit for i in inserted]
    if fmt_name == "xliff":
        alts = {
            i.unit.tuid: (AltTrans(i.tm_source, i.tm_target, i.score, i.origin),)
            for i in inserted
            if i.kind in ("fuzzy", "adapted")
        }
        return write_xliff(units, header, fh, alt_trans=alts)
    return get_format(fmt_name).write(units, header, fh)


def summary(inserted: Sequence[Inserted]) -> dict[str, int]:
    """Segments per kind of insertion: context, exact, fuzzy, adapted, none."""
    counts = dict.fromkeys(("context", "exact", "fuzzy", "adapted", "none"), 0)
    for i in inserted:
        counts[i.kind] += 1
    return counts

"""Composite units: paragraph and block units made of consecutive sentence units.

They let CAT tools that segment differently from us find exact matches: a
``paragraph`` unit (tuid ``<id>:p<n>``) is a whole cleaned paragraph, for
tools that do not segment; a ``block`` unit (tuid ``<id>:b<n>``, n = its first
bead) is a run of sentence units that CAT tools' default segmentation takes as
one sentence (:data:`CAT_BREAKS`), e.g. ``“……。”现场观众……。`` which OmegaT
does not split after ``。”``. Their targets are derived from their sentence
units, never edited on their own (:func:`refresh_composites`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tmbrief.core.model import Paragraph, Unit

log = logging.getLogger(__name__)

# Status rank for composites: the weakest part decides.
_STATUS_RANK = {"translated": 0, "needs-review": 1, "untranslated": 2}


@dataclass(frozen=True)
class BreakRule:
    """A place where CAT tools' default segmentation ends a sentence.

    ``before`` must match the end of the text before a boundary and ``after``
    the start of the text after it. Everything else is no break (e.g. after
    ``；``, ``，``, or ``。`` followed by a closing quote).
    """

    name: str
    before: re.Pattern
    after: re.Pattern
    example: tuple[str, str]  # (text before, text after) where the rule breaks
    why: str


# Mirrors OmegaT 3.6's default rules for Chinese and for all languages
# (shared/ref/omegat-notes.md); SDL Trados and memoQ defaults agree on these.
CAT_BREAKS = (
    BreakRule(
        "fullwidth-terminator",
        re.compile(r"[。！？]$"),
        re.compile(r"^(?![”’\"」』）])"),
        ("发布活动在涪陵区举行。", "活动现场,"),
        "ZH rules split after 。！？ with no space, unless a closing quote follows",
    ),
    BreakRule(
        "ascii-terminator-space",
        re.compile(r"[.?!]$"),
        re.compile(r"^\s"),
        ("优势在哪里?", " 涪陵已构建起"),
        "default rules split after . ? ! followed by white space",
    ),
)


def is_break(before: str, after: str) -> bool:
    """Whether CAT tools' default segmentation splits between ``before`` and ``after``."""
    if not before.strip() or not after.strip():
        return True
    return any(r.before.search(before) and r.after.search(after) for r in CAT_BREAKS)


def _compose(tuid, segtype, parts: Sequence[Unit], source: str, start: int, end: int) -> Unit:
    """A unit made of consecutive sentence units; target only if every part has one."""
    first = parts[0]
    complete = all(p.target for p in parts)
    target = " ".join(p.target for p in parts) if complete else ""
    worst = max((p.status for p in parts), key=_STATUS_RANK.__getitem__)
    status = "untranslated" if not target else worst
    notes = tuple(dict.fromkeys(n for p in parts for n in p.notes))
    src_ids = tuple(i for p in parts for i in p.src_ids)
    tgt_ids = tuple(i for p in parts for i in p.tgt_ids)
    return Unit(
        tuid=tuid,
        doc_id=first.doc_id,
        paragraph=first.paragraph,
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        source=source,
        target=target,
        bead_type=f"{len(src_ids)}-{len(tgt_ids)}",
        confidence=min(p.confidence for p in parts),
        status=status,
        notes=notes,
        src_start=start,
        src_end=end,
        segtype=segtype,
    )


def _consistent(text: str, parts: Sequence[Unit]) -> str | None:
    """Why ``parts`` do not tile paragraph ``text`` exactly (None when they do)."""
    pos = 0
    for u in parts:
        if u.src_start < pos:
            return f"{u.tuid} overlaps the unit before it"
        if text[u.src_start : u.src_end] != u.source:
            return f"{u.tuid} source differs from the paragraph text at {u.src_start}-{u.src_end}"
        if text[pos : u.src_start].strip():
            return f"text before {u.tuid} is in no unit"
        pos = u.src_end
    if text[pos:].strip():
        return "the paragraph's last text is in no unit"
    return None


def build_paragraph_units(
    doc_id: str, units: Sequence[Unit], paragraphs: Iterable[Paragraph]
) -> tuple[Unit, ...]:
    """Block and paragraph units for the cleaned Chinese ``paragraphs``.

    A paragraph unit is made for every paragraph of two or more sentence units
    (a one-unit paragraph already has its exact match). A block unit is made for
    every run of two or more sentence units, short of the whole paragraph, that
    no :data:`CAT_BREAKS` rule splits. A paragraph whose units do not tile its
    text (a unit crossing paragraphs, text in no unit) gets no composites, with
    a logged warning. Composites only carry a target when every part has one.
    """
    by_paragraph: dict[int, list[Unit]] = {}
    for u in units:
        if u.segtype == "sentence" and u.src_ids and u.doc_id == doc_id:
            by_paragraph.setdefault(u.paragraph, []).append(u)
    out: list[Unit] = []
    for para in paragraphs:
        parts = sorted(by_paragraph.get(para.index, ()), key=lambda u: u.src_start)
        if len(parts) < 2:
            continue
        problem = _consistent(para.text, parts)
        if problem:
            log.warning("%s paragraph %d: no paragraph units: %s", doc_id, para.index, problem)
            continue
        for run in _runs(para.text, parts):
            if 1 < len(run) < len(parts):
                start, end = run[0].src_start, run[-1].src_end
                tuid = f"{doc_id}:b{run[0].tuid.rsplit(':', 1)[-1]}"
                out.append(_compose(tuid, "block", run, para.text[start:end], start, end))
        start, end = parts[0].src_start, parts[-1].src_end
        out.append(
            _compose(
                f"{doc_id}:p{para.index}", "paragraph", parts, para.text[start:end], start, end
            )
        )
    return tuple(out)


def _runs(text: str, parts: Sequence[Unit]) -> list[list[Unit]]:
    """Split ``parts`` where CAT tools would split the paragraph text."""
    runs = [[parts[0]]]
    for prev, u in zip(parts, parts[1:], strict=False):
        if is_break(text[: prev.src_end], text[prev.src_end :]):
            runs.append([u])
        else:
            runs[-1].append(u)
    return runs


def refresh_composites(units: Sequence[Unit]) -> tuple[Unit, ...]:
    """Recompute every block and paragraph unit's target, status and notes from its parts."""
    owner = {(u.doc_id, i): u for u in units if u.segtype == "sentence" for i in u.src_ids}
    out = []
    for u in units:
        if u.segtype == "sentence":
            out.append(u)
            continue
        parts = list(dict.fromkeys(owner.get((u.doc_id, i)) for i in u.src_ids))
        if not parts or None in parts:
            out.append(u)  # its parts are gone: nothing to derive from
            continue
        fresh = _compose(u.tuid, u.segtype, parts, u.source, u.src_start, u.src_end)
        out.append(fresh)
    return tuple(out)

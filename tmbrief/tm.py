"""The translation memory: units from beads, composite units, the TM file, pandas views.

One sentence unit per bead, tuid ``<id>:<n>`` (n = bead index). A bead whose
English has no Chinese (``0-1``) would make a unit with an empty source, which
no CAT tool can match; its English is merged into the neighbouring unit (the
previous one if its English ends in the same English paragraph, else the next
one, else the nearest) and that unit becomes ``needs-review`` with a note. A
bead whose Chinese has no English (``1-0``) is an ``untranslated`` unit.

Composite units help CAT tools that segment differently from us find exact
matches (see :func:`build_paragraph_units`): ``paragraph`` units (tuid
``<id>:p<n>``, the whole cleaned paragraph) and ``block`` units (tuid
``<id>:b<n>``, a run of sentence units that CAT tools' default segmentation
takes as one sentence, e.g. after ``。”``). Their targets are always derived
from their sentence units (:func:`refresh_composites`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tmbrief import tsv
from tmbrief.errors import InputError, ParseError
from tmbrief.formats.common import clean_note
from tmbrief.formats.tsv import COLUMNS
from tmbrief.model import Bead, Paragraph, Segment, TMHeader, Unit
from tmbrief.textio import read_text

log = logging.getLogger(__name__)

NOTES_HEADER = ("zh", "note")
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


# --- notes -----------------------------------------------------------------------------


def load_notes(path) -> dict[str, str]:
    """Read ``seeds/<id>.notes.tsv`` (header ``zh<TAB>note``) as {Chinese sentence: note}.

    Fields use the project's TSV escapes (``\\t``, ``\\n``, ``\\\\``); blank lines
    and lines starting with ``#`` are skipped. A missing header, a row without
    exactly two fields, an empty field or a sentence given twice is a ParseError.
    """
    lines = read_text(path).split("\n")
    notes: dict[str, str] = {}
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != NOTES_HEADER:
                raise ParseError(path, "header must be 'zh<TAB>note'", number)
            header_seen = True
            continue
        if len(fields) != 2:
            raise ParseError(path, f"expected 2 tab-separated fields, found {len(fields)}", number)
        zh, note = (tsv.unescape(f).strip() for f in fields)
        if not zh or not note:
            raise ParseError(path, "empty Chinese sentence or note", number)
        if zh in notes:
            raise ParseError(path, f"sentence {zh[:20]!r} has a note already", number)
        notes[zh] = note
    if not header_seen:
        raise ParseError(path, "no header 'zh<TAB>note'", 1)
    return notes


def _notes_for(source: str, notes: Mapping[str, str] | None) -> tuple[str, ...]:
    if not notes or not source:
        return ()
    return tuple(clean_note(n) for zh, n in notes.items() if zh and zh in source)


def unmatched_notes(units: Iterable[Unit], notes: Mapping[str, str]) -> tuple[str, ...]:
    """Chinese sentences of ``notes`` that no unit's source contains (for the caller to report)."""
    sources = [u.source for u in units]
    return tuple(zh for zh in notes if not any(zh in s for s in sources))


# --- sentence units --------------------------------------------------------------------


@dataclass
class _Draft:
    """A unit under construction (mutable while 0-1 beads are merged in)."""

    bead: int
    src: list[Segment]
    tgt: list[Segment]
    score: float
    notes: list[str]
    review: bool = False


def _lookup(segments: Iterable[Segment], lang: str, doc_id: str) -> dict[int, Segment]:
    table: dict[int, Segment] = {}
    for seg in segments:
        if seg.id in table:
            raise InputError(doc_id, f"two {lang} segments have id {seg.id}")
        table[seg.id] = seg
    return table


def _join_zh(segs: Sequence[Segment]) -> str:
    """Chinese segments joined: nothing between adjacent ones, one space over a gap."""
    out = []
    for i, seg in enumerate(segs):
        if i and (seg.paragraph != segs[i - 1].paragraph or seg.start > segs[i - 1].end):
            out.append(" ")
        out.append(seg.text)
    return "".join(out)


def build_units(
    doc_id: str,
    src_segments: Iterable[Segment],
    tgt_segments: Iterable[Segment],
    beads: Sequence[Bead],
    *,
    notes: Mapping[str, str] | None = None,
    review_threshold: float,
) -> tuple[Unit, ...]:
    """One sentence unit per bead (0-1 beads merged into a neighbour, see the module doc).

    Status: ``untranslated`` without English; ``needs-review`` when the bead's
    confidence is below ``review_threshold``, when English was merged in, or
    when the Chinese spans two paragraphs; else ``translated``. Confidence is
    rounded to 4 decimals (as every format writes it). Every segment must be in
    exactly one bead (InputError otherwise: an aligner that loses text is a bug).
    """
    src = _lookup(src_segments, "Chinese", doc_id)
    tgt = _lookup(tgt_segments, "English", doc_id)
    _check_cover(doc_id, src, tgt, beads)
    drafts: list[_Draft] = []
    orphans: list[tuple[int, int, list[Segment]]] = []  # (bead, index in drafts, English)
    for n, bead in enumerate(beads):
        zh = [src[i] for i in bead.src]
        en = [tgt[i] for i in bead.tgt]
        if zh:
            drafts.append(_Draft(n, zh, en, bead.score, []))
        elif en:
            orphans.append((n, len(drafts), en))
    for n, position, en in orphans:
        _merge_orphan(drafts, n, position, en, doc_id)
    return tuple(_unit(doc_id, d, notes, review_threshold) for d in drafts)


def _check_cover(doc_id, src, tgt, beads) -> None:
    for lang, table, ids in (
        ("Chinese", src, [i for b in beads for i in b.src]),
        ("English", tgt, [i for b in beads for i in b.tgt]),
    ):
        unknown = sorted(set(ids) - set(table))
        if unknown:
            raise InputError(doc_id, f"beads refer to unknown {lang} segments {unknown[:10]}")
        seen, twice = set(), set()
        for i in ids:
            (twice if i in seen else seen).add(i)
        if twice:
            raise InputError(doc_id, f"{lang} segments {sorted(twice)[:10]} are in two beads")
        missing = sorted(set(table) - seen)
        if missing:
            raise InputError(doc_id, f"{lang} segments {missing[:10]} are in no bead")


def _merge_orphan(drafts: list[_Draft], n: int, position: int, en: list[Segment], doc_id) -> None:
    """Merge the English of 0-1 bead ``n`` into a neighbouring draft (never drop it)."""
    prev = drafts[position - 1] if position > 0 else None
    nxt = drafts[position] if position < len(drafts) else None
    para = en[0].paragraph
    if prev is not None and (not prev.tgt or prev.tgt[-1].paragraph == para):
        host, append = prev, True
    elif nxt is not None and (not nxt.tgt or nxt.tgt[0].paragraph == para):
        host, append = nxt, False
    elif prev is not None:
        host, append = prev, True
    elif nxt is not None:
        host, append = nxt, False
    else:
        # No Chinese at all in the document: keep the English as a source-less unit.
        drafts.append(_Draft(n, [], list(en), 0.0, [], True))
        drafts[-1].notes.append("tmbrief: English without any Chinese in the document")
        return
    host.tgt = host.tgt + en if append else en + host.tgt
    host.review = True
    ids = ", ".join(str(s.id) for s in en)
    host.notes.append(
        f"tmbrief: English segment {ids} had no Chinese counterpart (bead {n}) and was "
        "merged here; check the alignment"
    )


def _unit(doc_id: str, d: _Draft, notes, threshold: float) -> Unit:
    source = _join_zh(d.src)
    target = " ".join(s.text.strip() for s in d.tgt if s.text.strip())
    first = d.src[0] if d.src else None
    paragraph = first.paragraph if first else d.tgt[0].paragraph
    same = [s for s in d.src if s.paragraph == paragraph]
    crosses = len(same) != len(d.src)
    auto = list(d.notes)
    if crosses:
        auto.append("tmbrief: the Chinese of this unit spans two paragraphs")
    confidence = round(min(max(float(d.score), 0.0), 1.0), 4)
    if not target:
        status = "untranslated"
    elif d.review or crosses or confidence < threshold:
        status = "needs-review"
    else:
        status = "translated"
    return Unit(
        tuid=f"{doc_id}:{d.bead}",
        doc_id=doc_id,
        paragraph=paragraph,
        src_ids=tuple(s.id for s in d.src),
        tgt_ids=tuple(s.id for s in d.tgt),
        source=source,
        target=target,
        bead_type=f"{len(d.src)}-{len(d.tgt)}",
        confidence=confidence,
        status=status,
        notes=_notes_for(source, notes) + tuple(auto),
        src_start=first.start if first else 0,
        src_end=same[-1].end if same else 0,
    )


# --- composite units -------------------------------------------------------------------


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


# --- the TM file -----------------------------------------------------------------------


def write_tm(units: Iterable[Unit], header: TMHeader, fh) -> None:
    """Write the TM TSV (``tm/<id>.tsv``) to the text file ``fh``; see formats/tsv.py."""
    from tmbrief.formats import tsv as tm_tsv

    tm_tsv.write(units, header, fh)


def read_tm(path) -> tuple[TMHeader, tuple[Unit, ...]]:
    """Read and validate a TM TSV; ParseError (file, line) on anything malformed."""
    from tmbrief.formats import tsv as tm_tsv

    return tm_tsv.read(path)


def load_tm(path):
    """The TM as a pandas DataFrame, one row per unit; ``frame.attrs["header"]`` is its TMHeader.

    Columns are :data:`COLUMNS`; ``src_ids``/``tgt_ids`` hold tuples of ints and
    ``notes`` a tuple of strings.
    """
    import pandas as pd

    header, units = read_tm(path)
    frame = pd.DataFrame([[getattr(u, c) for c in COLUMNS] for u in units], columns=list(COLUMNS))
    frame.attrs["header"] = header
    return frame


def frame_units(frame) -> tuple[Unit, ...]:
    """Units of a DataFrame shaped like :func:`load_tm`'s (ids may be "0,1" strings too)."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError("<DataFrame>", f"missing columns {missing}")
    units = []
    for n, row in enumerate(frame[list(COLUMNS)].itertuples(index=False), 1):
        try:
            units.append(
                Unit(
                    tuid=str(row.tuid),
                    doc_id=str(row.doc_id),
                    paragraph=int(row.paragraph),
                    src_ids=_ids(row.src_ids),
                    tgt_ids=_ids(row.tgt_ids),
                    source=_text(row.source),
                    target=_text(row.target),
                    bead_type=str(row.bead_type),
                    confidence=float(row.confidence),
                    status=str(row.status),
                    notes=_notes(row.notes),
                    src_start=int(row.src_start),
                    src_end=int(row.src_end),
                    segtype=str(row.segtype),
                )
            )
        except (TypeError, ValueError) as exc:
            raise InputError("<DataFrame>", f"row {n}: {exc}") from exc
    return tuple(units)


def _text(value) -> str:
    return "" if value is None or value != value else str(value)  # NaN != NaN


def _ids(value) -> tuple[int, ...]:
    if isinstance(value, str):
        return tuple(int(t) for t in value.replace(" ", "").split(",") if t)
    return tuple(int(i) for i in value)


def _notes(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(n for n in value.split("\n") if n)
    if value is None or value != value:
        return ()
    return tuple(str(n) for n in value)


def save_tm(frame, path) -> None:
    """Write a DataFrame of units back to a TM file, atomically.

    The header is ``frame.attrs["header"]``; failing that, the header of the
    file already at ``path``; failing that, one made from the ``doc_id`` column.
    """
    from tmbrief.textio import atomic_open

    units = frame_units(frame)
    header = frame.attrs.get("header")
    if not isinstance(header, TMHeader):
        if Path(path).exists():
            from tmbrief.formats import tsv as tm_tsv

            header = tm_tsv.read_header(path)
        else:
            ids = sorted({u.doc_id for u in units})
            header = TMHeader(doc_id=ids[0] if len(ids) == 1 else "")
    with atomic_open(path) as fh:
        write_tm(units, header, fh)

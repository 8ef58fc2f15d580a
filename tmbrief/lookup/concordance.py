"""Concordance: every unit containing a term, with where the term is in it.

The term and the text are compared folded (NFKC + casefold, as lookups compare)
with white space taken out for Chinese and runs of white space made one space
for English, so ``ＡＩ`` finds "AI" and ``先进 材料`` finds 先进材料. Spans are
offsets in the unit's own text, for highlighting.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tmbrief.core.errors import InputError
from tmbrief.lookup.backend import IndexBackend, IndexUnit
from tmbrief.lookup.grams import family, query_grams
from tmbrief.lookup.match import requested_family

SCAN_LIMIT = 100_000  # candidate units checked at most (a term in every unit is not a term)
READ_BATCH = 256  # candidate units read at once


@dataclass(frozen=True)
class Hit:
    """A unit containing the term: the searched side, the other side, the term's spans."""

    unit: IndexUnit
    text: str
    other: str
    spans: tuple[tuple[int, int], ...]

    def as_dict(self) -> dict:
        return {
            "tuid": self.unit.tuid,
            "doc_id": self.unit.doc_id,
            "status": self.unit.status,
            "source": self.unit.source,
            "target": self.unit.target,
            "spans": [list(s) for s in self.spans],
        }


def _folded(text: str, fam: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset it came from."""
    out, where = [], []
    previous_space = True
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch).casefold()
        for c in piece:
            if c.isspace():
                if fam == "zh" or previous_space:
                    continue
                c = " "
            previous_space = c == " "
            out.append(c)
            where.append(i)
    return "".join(out), where


def find_spans(text: str, term: str, lang: str) -> tuple[tuple[int, int], ...]:
    """Non-overlapping [start, end) spans of ``term`` in ``text`` (folded comparison)."""
    fam = family(lang)
    needle = _folded(term, fam)[0].strip()
    if not needle:
        return ()
    hay, where = _folded(text, fam)
    spans, pos = [], 0
    while (at := hay.find(needle, pos)) >= 0:
        end = at + len(needle)
        spans.append((where[at], where[end - 1] + 1))
        pos = end
    return tuple(spans)


def concordance(
    backend: IndexBackend,
    term: str,
    lang: str = "zh-CN",
    limit: int = 50,
    segtypes: Sequence[str] | None = ("sentence",),
) -> list[Hit]:
    """Units whose ``lang`` side contains ``term``, in index order, at most ``limit``."""
    fam = requested_family(lang, term, "term")
    query = query_grams(term, fam)
    if not query.key:
        raise InputError("term", "the term has no letters or digits to look for")
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for unit in _units(backend, backend.containing(query, SCAN_LIMIT)):
        if segtypes and unit.segtype not in segtypes:
            continue
        text, other = (unit.source, unit.target) if fam == "zh" else (unit.target, unit.source)
        spans = find_spans(text, term, fam)
        if not spans or (text, other) in seen:
            continue
        seen.add((text, other))
        hits.append(Hit(unit, text, other, spans))
        if len(hits) == limit:
            break
    return hits


def _units(backend: IndexBackend, ids: Sequence[int]):
    """The units of ``ids`` in order, read READ_BATCH at a time: a common term's first
    hits are shown without reading every unit that may hold it."""
    for start in range(0, len(ids), READ_BATCH):
        yield from backend.units_by_ids(ids[start : start + READ_BATCH])


def highlight(text: str, spans: Sequence[tuple[int, int]], before: str, after: str, esc=None):
    """``text`` with each span wrapped in ``before``/``after`` (pieces escaped by ``esc``)."""
    esc = esc or (lambda s: s)
    out, pos = [], 0
    for a, b in spans:
        out += [esc(text[pos:a]), before, esc(text[a:b]), after]
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def render(hits: Sequence[Hit], term: str, fmt: str) -> str:
    """The hits as ``md``, ``json`` or ``html``."""
    if fmt == "json":
        return json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        rows = "".join(
            f"<tr><td>{html.escape(h.unit.tuid)}</td>"
            f"<td>{highlight(h.text, h.spans, '<mark>', '</mark>', html.escape)}</td>"
            f"<td>{html.escape(h.other)}</td></tr>\n"
            for h in hits
        )
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>Concordance: {html.escape(term)}</title></head><body>\n"
            f"<h1>Concordance: {html.escape(term)}</h1>\n<p>{len(hits)} units</p>\n"
            f"<table>\n<tr><th>tuid</th><th>text</th><th>translation</th></tr>\n{rows}"
            "</table>\n</body></html>\n"
        )
    lines = [f"# Concordance: {term}", "", f"{len(hits)} units", ""]
    for h in hits:
        lines.append(f"- `{h.unit.tuid}` {highlight(h.text, h.spans, '**', '**')}")
        lines.append(f"  - {h.other}")
    return "\n".join(lines) + "\n"

"""What the page and the API show: one row per bead, filters, pages (plain dicts for JSON)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tmbrief.review.record import live_rows
from tmbrief.review.state import DocState, unit_rev

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def _needs_review(row: dict) -> bool:
    return bool(row["unit"]) and row["unit"]["status"] == "needs-review"


def _has_findings(row: dict) -> bool:
    return bool(row["findings"])


def _untranslated(row: dict) -> bool:
    return (bool(row["unit"]) and row["unit"]["status"] == "untranslated") or not row["en"]


def _edited(row: dict) -> bool:
    return row["fixed"] or (bool(row["unit"]) and row["unit"]["origin"] == "edited")


@dataclass(frozen=True)
class Filter:
    """A row filter of the page: its name, label, and test."""

    name: str
    label: str
    test: Callable[[dict], bool]


FILTERS = (
    Filter("needs-review", "Needs review", _needs_review),
    Filter("findings", "Has findings", _has_findings),
    Filter("untranslated", "Untranslated", _untranslated),
    Filter("edited", "Edited", _edited),
)
FILTER_NAMES = tuple(f.name for f in FILTERS)


def unit_view(state: DocState, tuid: str) -> dict:
    """A unit as the page shows it: text, status, origin, revision, notes."""
    unit = state.unit_index[tuid]
    return {
        "tuid": unit.tuid,
        "target": unit.target,
        "status": unit.status,
        "confidence": unit.confidence,
        "notes": list(unit.notes),
        "origin": "edited" if unit.tuid in state.replayed.edited else "aligned",
        "rev": unit_rev(unit),
    }


def bead_row(state: DocState, n: int, findings=None) -> dict:
    """Bead ``n`` as a row: its sentences, confidence, unit, findings, paragraph break."""
    bead = state.beads[n]
    zh, en = state.zh_index, state.en_index
    unit = state.unit_of_bead(n)
    para = _paragraph(state, n)
    if findings is None:
        findings = state.row_findings(unit.tuid) if unit else ()
    host = None
    if unit is None and bead.tgt:
        host = next((u.tuid for u in state.units if bead.tgt[0] in u.tgt_ids), None)
    return {
        "n": n,
        "paragraph": para,
        "para_start": n == 0 or para != _paragraph(state, n - 1),
        "zh": [{"id": i, "text": zh[i].text} for i in bead.src],
        "en": [{"id": i, "text": en[i].text} for i in bead.tgt],
        "kind": bead.kind,
        "score": round(bead.score, 4),
        "fixed": (bead.src, bead.tgt) in state.replayed.fixed,
        "unit": unit_view(state, unit.tuid) if unit else None,
        "host": host,
        "findings": [
            {"check": f.check, "severity": f.severity, "message": f.message} for f in findings
        ],
    }


def _paragraph(state: DocState, n: int) -> int:
    bead = state.beads[n]
    return (
        state.zh_index[bead.src[0]].paragraph if bead.src else state.en_index[bead.tgt[0]].paragraph
    )


def bead_rows(state: DocState) -> tuple[dict, ...]:
    """Every bead as a row, in article order (cached per state: states are immutable)."""
    cached = state.__dict__.get("_rows")
    if cached is not None:
        return cached
    found = state.findings
    result = tuple(
        bead_row(state, n, found.get(f"{state.doc_id}:{n}", ())) for n in range(len(state.beads))
    )
    state.__dict__["_rows"] = result  # a cache on a frozen value, like cached_property
    return result


def page(state: DocState, *, filters=(), offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict:
    """One page of rows matching every filter in ``filters``, with counts for the filter bar."""
    rows = bead_rows(state)
    tests = [f.test for f in FILTERS if f.name in filters]
    matched = [r for r in rows if all(t(r) for t in tests)] if tests else rows
    return {
        "doc": state.doc_id,
        "rev": state.rev,
        "threshold": state.threshold,
        "srclang": state.header.srclang,
        "tgtlang": state.header.tgtlang,
        "title": state.header.title,
        "total": len(rows),
        "matched": len(matched),
        "offset": offset,
        "limit": limit,
        "counts": {f.name: sum(1 for r in rows if f.test(r)) for f in FILTERS},
        "conflicts": list(state.replayed.conflicts),
        "can_undo": bool(live_rows(state.rows)),
        "rows": list(matched[offset : offset + limit]),
    }

"""Match analysis of a new article: what the memory covers, in the bands translators are quoted.

The article is cleaned and segmented exactly as ``tmbrief build`` does
(tmbrief.clean.clean, tmbrief.segment.segment_paragraphs); each segment gets its
best match, and one band:

* ``context``: a 100 % match whose TM neighbours (the sentences before and
  after it) equal the segment's neighbours (ICE / 101 % in CAT tools);
* ``100``: the same sentence (identical text);
* ``repetitions``: below 100 % but the same key as an earlier segment of the
  article (translated once, reused);
* ``95-99``, ``85-94``, ``75-84``, ``50-74``: fuzzy matches by score;
* ``no-match``: nothing at 50 % or above.

Characters are the segment's characters without white space (how Chinese
source text is counted for quotes).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tmbrief.clean.article import clean_article
from tmbrief.clean.cleaner import doc_id_of
from tmbrief.core.errors import InputError
from tmbrief.core.langs import SRC_LANG
from tmbrief.core.model import CleanDoc, Segment
from tmbrief.lookup.backend import IndexBackend
from tmbrief.lookup.grams import context_key, key, query_grams
from tmbrief.lookup.match import Match, find_matches
from tmbrief.segment.splitter import segment_paragraphs

# (band, lowest score in it); the order is the report's.
BANDS = (
    ("context", 100),
    ("100", 100),
    ("repetitions", None),
    ("95-99", 95),
    ("85-94", 85),
    ("75-84", 75),
    ("50-74", 50),
    ("no-match", None),
)
BAND_NAMES = tuple(b for b, _ in BANDS)
LOWEST_BAND = 50


@dataclass(frozen=True)
class Article:
    """A new article, cleaned and segmented as the build does."""

    doc_id: str
    cleaned: CleanDoc
    segments: tuple[Segment, ...]


def read_article(path, doc_id: str | None = None, encoding: str | None = None) -> Article:
    """Read, clean and segment a Chinese article: a raw scrape, one paragraph a line, or a
    page saved from the browser (``.html``/``.htm``, cleaned by tmbrief.clean.page)."""
    path = Path(path)
    doc_id = doc_id or doc_id_of(path)
    page = path.name.lower().endswith((".html", ".htm"))
    cleaned = clean_article(path, doc_id, encoding, html=page)
    segments = segment_paragraphs([p.text for p in cleaned.paragraphs], SRC_LANG)
    if not segments:
        raise InputError(path, "no Chinese text left after cleaning")
    return Article(doc_id, cleaned, segments)


@dataclass(frozen=True)
class SegmentMatch:
    """One segment of the article, its band and best match (None below 50 %)."""

    segment: Segment
    band: str
    match: Match | None
    characters: int


def characters(text: str) -> int:
    """Characters counted for a quote: all but white space."""
    return sum(1 for ch in text if not ch.isspace())


def _identical(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a).strip() == unicodedata.normalize("NFC", b).strip()


def _context_match(backend: IndexBackend, seg: Segment, wanted: str) -> Match | None:
    """A 100 % unit of the same text whose neighbours' context equals ``wanted``."""
    units = backend.units_by_ids(backend.exact(query_grams(seg.text, SRC_LANG)))
    for u in units:
        if u.context == wanted and u.target and _identical(u.source, seg.text):
            return Match(100, u, u.source, u.target, u.source)
    return None


def band_of(score: int) -> str:
    """The fuzzy band of a score below 100 (``no-match`` under 50)."""
    for name, low in BANDS:
        if low is not None and name not in ("context", "100") and score >= low:
            return name
    return "no-match"


def match_segments(
    backend: IndexBackend, segments: Sequence[Segment], *, pool: int | None = None
) -> tuple[SegmentMatch, ...]:
    """Best match and band of every segment, in order (see the module docstring)."""
    extra = {"pool": pool} if pool else {}
    out = []
    seen: set[str] = set()
    for i, seg in enumerate(segments):
        before = segments[i - 1].text if i else ""
        after = segments[i + 1].text if i + 1 < len(segments) else ""
        found = find_matches(backend, seg.text, SRC_LANG, min_score=LOWEST_BAND, limit=1, **extra)
        best = found[0] if found else None
        k = key(seg.text, SRC_LANG)
        if best is not None and best.score == 100:
            context = _context_match(backend, seg, context_key(before, after))
            band, best = ("context", context) if context else ("100", best)
        elif k and k in seen:
            band = "repetitions"
        elif best is not None:
            band = band_of(best.score)
        else:
            band = "no-match"
        seen.add(k)
        out.append(SegmentMatch(seg, band, best, characters(seg.text)))
    return tuple(out)


@dataclass(frozen=True)
class Analysis:
    """Per-segment matches of an article, and their totals per band."""

    doc_id: str
    segments: tuple[SegmentMatch, ...]

    def bands(self) -> list[dict]:
        """``[{"band", "segments", "characters"}]`` in BANDS order, every band listed."""
        rows = []
        for name in BAND_NAMES:
            members = [s for s in self.segments if s.band == name]
            rows.append(
                {
                    "band": name,
                    "segments": len(members),
                    "characters": sum(s.characters for s in members),
                }
            )
        return rows

    def as_dict(self) -> dict:
        """The JSON form: bands, and the article's segments and characters."""
        return {
            "doc_id": self.doc_id,
            "bands": self.bands(),
            "segments": len(self.segments),
            "characters": sum(s.characters for s in self.segments),
        }


def analyze_article(backend: IndexBackend, article: Article) -> Analysis:
    """The :class:`Analysis` of an article against the index."""
    return Analysis(article.doc_id, match_segments(backend, article.segments))


def render(analysis: Analysis, fmt: str) -> str:
    """The analysis as ``json``, ``md`` or ``csv`` text."""
    import json

    if fmt == "json":
        return json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2) + "\n"
    data = analysis.as_dict()
    if fmt == "csv":
        lines = ["band,segments,characters"]
        lines += [f"{r['band']},{r['segments']},{r['characters']}" for r in data["bands"]]
        lines.append(f"total,{data['segments']},{data['characters']}")
        return "\r\n".join(lines) + "\r\n"
    lines = [
        f"# Match analysis: {analysis.doc_id}",
        "",
        "| band | segments | characters |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {r['band']} | {r['segments']} | {r['characters']} |" for r in data["bands"]]
    lines.append(f"| **total** | {data['segments']} | {data['characters']} |")
    return "\n".join(lines) + "\n"


ANALYSIS_FORMATS = ("json", "md", "csv")

"""The briefing test articles of tests/data/news/ as TM units (built in memory).

Articles made from the WMT22 zh-en dev set by bench/make_news_docs.py; the
speakers listed by hand in tests/data/news/speakers.tsv.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from tmbrief.clean.cleaner import clean
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.model import Unit
from tmbrief.pipeline import read_translation
from tmbrief.segment.splitter import split_sentences

NEWS = Path(__file__).parent / "data" / "news"


def doc_ids() -> list[str]:
    return sorted(p.name[: -len(".zh.txt")] for p in NEWS.glob("*.zh.txt"))


@functools.cache
def news_doc(doc_id: str):
    """(units, meta, paragraph kinds) of one test article.

    The cleaner reads the page (byline, captions, paragraph kinds); sentences are
    paired within each paragraph, 1-1 when both sides have as many, else one unit
    for the paragraph: the WMT documents are sentence-aligned already, so the
    aligner (seconds per article) is not what these tests measure.
    """
    cleaned = clean((NEWS / f"{doc_id}.zh.txt").read_text(encoding="utf-8"), doc_id)
    en = read_translation((NEWS / f"{doc_id}.en.txt").read_text(encoding="utf-8"))
    assert len(en) == len(cleaned.paragraphs), doc_id
    units: list[Unit] = []
    for p, (par, e) in enumerate(zip(cleaned.paragraphs, en, strict=True)):
        z = par.text
        zs = [z[a:b] for a, b in split_sentences(z, SRC_LANG)]
        es = [e[a:b] for a, b in split_sentences(e, TGT_LANG)]
        pairs = list(zip(zs, es, strict=True)) if len(zs) == len(es) else [(z, e)]
        for zz, ee in pairs:
            n = len(units)
            units.append(
                Unit(f"{doc_id}:{n}", doc_id, p, (n,), (n,), zz, ee, "1-1", 1.0, "translated")
            )
    return tuple(units), cleaned.meta, tuple(p.kind for p in cleaned.paragraphs)


def hand_speakers() -> dict[str, set[str]]:
    """doc id -> the speakers listed by hand (Chinese names); every article has an entry."""
    out: dict[str, set[str]] = {d: set() for d in doc_ids()}
    with open(NEWS / "speakers.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out[row["doc"]].add(row["speaker"])
    return out

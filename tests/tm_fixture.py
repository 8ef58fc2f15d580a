"""Realistic TM inputs for tests: the seed's first 12 cleaned paragraphs, segmented and aligned.

tests/data/fuling-excerpt.zh.txt holds the cleaned Chinese paragraphs (blank
line between them), tests/data/fuling-excerpt.beads.tsv the beads (Chinese and
hand-made English segments, score), tests/data/fuling-excerpt.notes.tsv notes.
"""

from __future__ import annotations

from functools import cache

from tests.conftest import DATA
from tmbrief.core.model import Bead, Paragraph, Segment, TMHeader, Unit

DOC_ID = "fuling-excerpt"
ZH_FILE = DATA / "fuling-excerpt.zh.txt"
BEADS_FILE = DATA / "fuling-excerpt.beads.tsv"
NOTES_FILE = DATA / "fuling-excerpt.notes.tsv"
THRESHOLD = 0.5
HEADER = TMHeader(
    doc_id=DOC_ID,
    date="2023-12-20",
    title="发言人来了丨搭好“新”舞台 涪陵聚力打造2000亿级先进材料产业",
    settings=(("review_threshold", str(THRESHOLD)), ("aligner", "hand-made test fixture")),
)


@cache
def paragraphs() -> tuple[Paragraph, ...]:
    texts = ZH_FILE.read_text(encoding="utf-8").strip("\n").split("\n\n")
    return tuple(Paragraph(i, "body", t) for i, t in enumerate(texts))


@cache
def inputs() -> tuple[tuple[Segment, ...], tuple[Segment, ...], tuple[Bead, ...]]:
    """(Chinese segments, English segments, beads) with real offsets into the paragraphs."""
    paras = paragraphs()
    zh: list[Segment] = []
    en: list[Segment] = []
    beads: list[Bead] = []
    zh_pos: dict[int, int] = {}
    en_text: dict[int, str] = {}
    rows = [
        line.split("\t")
        for line in BEADS_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ][1:]  # after the column names
    for para_s, zh_s, en_s, score in rows:
        p = int(para_s)
        src, tgt = [], []
        for text in filter(None, zh_s.split(" | ")):
            start = paras[p].text.index(text, zh_pos.get(p, 0))
            zh_pos[p] = start + len(text)
            src.append(len(zh))
            zh.append(Segment(len(zh), "zh-CN", p, start, start + len(text), text))
        for text in filter(None, en_s.split(" | ")):
            before = en_text.get(p, "")
            start = len(before) + (1 if before else 0)
            en_text[p] = f"{before} {text}" if before else text
            tgt.append(len(en))
            en.append(Segment(len(en), "en", p, start, start + len(text), text))
        beads.append(Bead(tuple(src), tuple(tgt), float(score)))
    return tuple(zh), tuple(en), tuple(beads)


@cache
def units() -> tuple[Unit, ...]:
    """Sentence units of the excerpt (with notes), as the pipeline builds them."""
    from tmbrief.tm.memory import build_units, load_notes

    zh, en, beads = inputs()
    return build_units(
        DOC_ID, zh, en, beads, notes=load_notes(NOTES_FILE), review_threshold=THRESHOLD
    )


@cache
def all_units() -> tuple[Unit, ...]:
    """Sentence units followed by block and paragraph units."""
    from tmbrief.tm.memory import build_paragraph_units

    return units() + build_paragraph_units(DOC_ID, units(), paragraphs())

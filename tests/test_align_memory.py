"""The aligner's memory on a long document: no second copy of the sentences' key tables.

On a long article the sentence features are most of the aligner's memory. The
second pass adds learned keys to the Chinese sentences (new key tables); the
first pass's tables must go as it does, not stay alive beside them (issue 19:
a 10 MB article). Counted as live Features key tables when the second pass
computes its posteriors, per sentence of the document.
"""

from __future__ import annotations

import gc

import pytest

import tmbrief.align.search
from tests.conftest import ROOT, SEED_ID
from tmbrief.align.aligner import align_document
from tmbrief.align.features import Features
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.segment.splitter import segment_paragraphs

COPIES = 3  # enough repeats for the second pass to learn most Chinese words


def repeated_seed(copies: int) -> tuple[list[str], list[str]]:
    """The seed's paragraphs (after the title and byline) repeated, each copy numbered."""
    segments = ROOT / "segments"
    zh = (segments / f"{SEED_ID}.zh.paragraphs.txt").read_text(encoding="utf-8").splitlines()
    en = (segments / f"{SEED_ID}.en.paragraphs.txt").read_text(encoding="utf-8").splitlines()
    zh_out, en_out = [], []
    for copy in range(1, copies + 1):
        zh_out += [f"第{copy}部分：{z}" for z in zh[2:]]
        en_out += [f"Part {copy}: {e}" for e in en[2:]]
    return zh_out, en_out


def live_key_tables() -> int:
    """Distinct key tables of the Features objects alive now."""
    return len({id(o.keys) for o in gc.get_objects() if isinstance(o, Features)})


def test_second_pass_keeps_one_key_table_per_sentence(monkeypatch):
    zh, en = repeated_seed(COPIES)
    src = segment_paragraphs(zh, SRC_LANG)
    tgt = segment_paragraphs(en, TGT_LANG)
    counts: list[int] = []
    posteriors = tmbrief.align.search.posteriors

    def counting(*args, **kwargs):
        if not counts:  # the first posteriors: the second pass over all sentences
            counts.append(live_key_tables())
        return posteriors(*args, **kwargs)

    monkeypatch.setattr(tmbrief.align.search, "posteriors", counting)
    beads = align_document(src, tgt)
    assert {i for b in beads for i in b.src} == {s.id for s in src}
    sentences = len(src) + len(tgt)
    # The second pass's own tables (one per sentence) and the few made on the way;
    # keeping the first pass's would add one per Chinese sentence with a learned key.
    assert counts[0] == pytest.approx(sentences, rel=0.1)

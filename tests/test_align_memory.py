"""The aligner's memory on a long document: no second copy of the sentences' key tables.

On a long article the sentence features are most of the aligner's memory. The
second pass adds learned keys to the Chinese sentences (new key tables); the
first pass's tables must go as it does, not stay alive beside them (issue 19:
a 10 MB article). Counted as live Features key tables when the second pass
computes its posteriors, per sentence of the document.
"""

from __future__ import annotations

import gc
import sys

import numpy as np
import pytest

import tmbrief.align.dp
import tmbrief.align.score
import tmbrief.align.search
from tests.conftest import ROOT, SEED_ID
from tmbrief.align.aligner import align_document, sentence_features
from tmbrief.align.features import Features, Units, with_chance_rates
from tmbrief.align.search import first_pass, pack, unpack
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


def live_searched_features() -> int:
    """Features alive now with chance rates set: those made for a search."""
    return sum(1 for o in gc.get_objects() if isinstance(o, Features) and o.chance is not None)


@pytest.fixture(scope="module")
def counted():
    """Live (key tables, searched Features) at each posteriors call of align_document on the
    repeated seed, live key tables at each cost block any of its searches computes, and the
    document's sentence and paragraph counts."""
    zh, en = repeated_seed(COPIES)
    src = segment_paragraphs(zh, SRC_LANG)
    tgt = segment_paragraphs(en, TGT_LANG)
    counts: list[tuple[int, int]] = []
    at_costs: list[int] = []
    posteriors = tmbrief.align.search.posteriors
    costs = tmbrief.align.score.BandCosts._costs

    def counting(*args, **kwargs):
        counts.append((live_key_tables(), live_searched_features()))
        return posteriors(*args, **kwargs)

    def counting_costs(*args, **kwargs):
        at_costs.append(live_key_tables())
        return costs(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tmbrief.align.search, "posteriors", counting)
        patch.setattr(tmbrief.align.score.BandCosts, "_costs", counting_costs)
        beads = align_document(src, tgt)
    assert {i for b in beads for i in b.src} == {s.id for s in src}
    paragraphs = len({s.paragraph for s in src}) + len({s.paragraph for s in tgt})
    return counts, len(src) + len(tgt), paragraphs, at_costs


def test_no_search_holds_the_features_of_the_whole_document(counted):
    _, sentences, paragraphs, at_costs = counted
    # Counted at every cost block of every search: the first pass (its sentences and coarse
    # levels wait packed, features.Units), the paragraph path (a unit is made from its
    # sentences when the search reads it) and the blocks. The whole document's sentence
    # features (the first pass) or paragraph units would be one table per unit.
    assert len(at_costs) > 10
    assert max(at_costs) < sentences / 10
    assert paragraphs > sentences / 10  # so the paragraph units are counted too


def test_second_pass_features_are_made_block_by_block(counted):
    counts, sentences, _, _ = counted
    # Then one posteriors per block of paragraphs: only that block's sentences have their
    # second-pass features (with chance rates) alive, never the whole document's.
    blocks = counts[1:]
    assert len(blocks) > 10
    assert max(searched for _, searched in blocks) < sentences / 10


def test_pair_masks_are_held_one_cost_block_at_a_time(monkeypatch):
    """The search's sentence-pair masks are made per block of DP rows, not for the whole
    band (n x width x words x 16 bytes on a long document); the beads do not change."""
    zh, en = repeated_seed(COPIES)
    src = segment_paragraphs(zh, SRC_LANG)
    tgt = segment_paragraphs(en, TGT_LANG)
    whole = align_document(src, tgt)
    block = 16
    monkeypatch.setattr(tmbrief.align.dp, "ROW_BLOCK", block)
    held: list[int] = []
    costs = tmbrief.align.score.BandCosts._costs

    def counting(self, types, band, start, end):
        held.append(len(self.src_pairs))
        return costs(self, types, band, start, end)

    monkeypatch.setattr(tmbrief.align.score.BandCosts, "_costs", counting)
    assert align_document(src, tgt) == whole
    assert max(held) <= block + 3  # a bead reaches back at most 3 source sentences
    assert len(src) > 5 * block


def test_packed_features_unpack_equal_and_smaller():
    zh, en = repeated_seed(1)
    src, _ = sentence_features(zh, en)
    words = {w for f in src for w in f.words}
    for f in src:
        back = unpack(pack(f, words))
        assert back == f and list(back.keys) == list(f.keys)  # same tables, same order
    unpacked = sum(_deep_size(f.keys) + _deep_size(f.words) for f in src)
    assert sum(len(pack(f, words)) for f in src) < unpacked / 2


def _deep_size(table: dict) -> int:
    return sys.getsizeof(table) + sum(sys.getsizeof(v) for v in table.values())


def test_units_read_as_the_list_of_their_features_and_search_alike():
    """A search over Units (made on demand from packed bytes) finds what it finds over the
    list of the same Features: the same chance tables, path and fitted parameters."""
    zh, en = repeated_seed(2)  # enough sentences for coarse levels
    src, tgt = sentence_features(
        [s.text for s in segment_paragraphs(zh, SRC_LANG)],
        [s.text for s in segment_paragraphs(en, TGT_LANG)],
    )
    src_units = Units.packed([pack(f, f.words) for f in src])
    tgt_units = Units.packed([pack(f) for f in tgt])
    assert list(src_units) == src and src_units[3:7] == src[3:7] and src_units[-1] == src[-1]
    rated, rated_units = with_chance_rates(src, tgt), with_chance_rates(src_units, tgt_units)
    for listed, made in zip(rated, rated_units, strict=True):
        for a, b in zip(listed, made, strict=True):
            assert (a.chance is None) == (b.chance is None)
            assert a.chance is None or np.array_equal(a.chance, b.chance)
    assert isinstance(rated_units[0], Units)
    first, first_units = first_pass(src, tgt), first_pass(src_units, tgt_units)
    assert (len(src) + 1) * (len(tgt) + 1) > tmbrief.align.search.FULL_SEARCH_CELLS
    assert first_units.spans == first.spans and first_units.params == first.params

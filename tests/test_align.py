"""Sentence alignment: bead types on real pairs, partition property, documents, glossary, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, ROOT, SEED_ID, SMALL_GLOSSARY
from tmbrief.align.aligner import (
    CONFIDENCE_WEIGHTS,
    REVIEW_THRESHOLD,
    align_document,
    align_sentences,
    confidence_features,
    sentence_features,
)
from tmbrief.align.dp import BEAD_TYPES
from tmbrief.cli import main
from tmbrief.core import escape
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Bead, Segment

ALIGN = DATA / "align"
BEAD_TYPE_CASES = json.loads((ALIGN / "bead_types.json").read_text(encoding="utf-8"))
NEWS_ZH = ALIGN / "news.zh.txt"
NEWS_EN = ALIGN / "news.en.txt"


def lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def links(beads) -> list[str]:
    """Beads without their scores, as vecalign writes links: ``[0, 1]:[2]``."""
    return [str(b).rsplit(":", 1)[0] for b in beads]


def assert_partition(beads, n: int, m: int) -> None:
    """Every source and target id exactly once, in order; scores in [0, 1]; known types."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    for b in beads:
        assert b.src or b.tgt
        assert 0.0 <= b.score <= 1.0
        assert (len(b.src), len(b.tgt)) in BEAD_TYPES


@pytest.mark.parametrize("case", BEAD_TYPE_CASES, ids=[c["type"] for c in BEAD_TYPE_CASES])
def test_bead_types_on_real_pairs(case):
    beads = align_sentences(case["zh"], case["en"])
    assert links(beads) == case["gold"], case["note"]
    assert case["type"] in {b.kind for b in beads}


def test_bead_type_cases_cover_the_required_types():
    required = {"1-1", "1-2", "2-1", "1-3", "3-1", "2-2", "1-0", "0-1"}
    assert required <= {c["type"] for c in BEAD_TYPE_CASES}


def test_news_pair_reproduces_its_gold():
    beads = align_sentences(lines(NEWS_ZH), lines(NEWS_EN))
    assert links(beads) == lines(ALIGN / "news.gold.beads")
    assert all(b.score >= REVIEW_THRESHOLD for b in beads)


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        ([], [], []),
        (["天黑了。"], [], ["[0]:[]"]),
        ([], ["It was dark."], ["[]:[0]"]),
        (["天黑了。", "雨停了。"], [], ["[0]:[]", "[1]:[]"]),
        (["天黑了。"], ["It was dark."], ["[0]:[0]"]),
        ([""], [""], ["[0]:[0]"]),
    ],
)
def test_small_and_empty_inputs(src, tgt, expected):
    beads = align_sentences(src, tgt)
    assert links(beads) == expected
    assert_partition(beads, len(src), len(tgt))


# Sentences for the property test: real ones from the fixtures, and arbitrary text.
REAL_ZH = [s for c in BEAD_TYPE_CASES for s in c["zh"]] + lines(NEWS_ZH)
REAL_EN = [s for c in BEAD_TYPE_CASES for s in c["en"]] + lines(NEWS_EN)
TEXT = st.text(
    alphabet=st.sampled_from("天黑了雨停。，“”？ab Z9１２%-'\"\t"), min_size=0, max_size=12
)


@settings(derandomize=True, max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    src=st.lists(st.one_of(st.sampled_from(REAL_ZH), TEXT), max_size=9),
    tgt=st.lists(st.one_of(st.sampled_from(REAL_EN), TEXT), max_size=9),
)
def test_beads_always_partition_both_sides_in_order(src, tgt):
    beads = align_sentences(src, tgt)
    assert_partition(beads, len(src), len(tgt))


def test_output_is_deterministic_within_a_process():
    first = align_sentences(lines(NEWS_ZH), lines(NEWS_EN))
    second = align_sentences(lines(NEWS_ZH), lines(NEWS_EN))
    assert first == second


def test_output_does_not_depend_on_the_hash_seed(capsys):
    """Sets of keys iterate in an order that changes with PYTHONHASHSEED; output must not."""
    assert main(["align", str(NEWS_ZH), str(NEWS_EN), "--format", "jsonl"]) == 0
    here = capsys.readouterr().out
    env = dict(os.environ, PYTHONHASHSEED="12345")
    there = subprocess.run(
        [sys.executable, "-m", "tmbrief", "align", str(NEWS_ZH), str(NEWS_EN), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    ).stdout
    assert here == there


def test_scores_are_high_on_a_translation_and_drop_when_it_is_reversed():
    """The score estimates P(bead exactly right): near 1 on the news pair; with the
    English in reverse order no monotone alignment is right, and beads get flagged."""
    zh, en = lines(NEWS_ZH), lines(NEWS_EN)
    right = [b.score for b in align_sentences(zh, en)]
    assert min(right) >= 0.8 and sum(right) / len(right) > 0.95
    reversed_ = [b.score for b in align_sentences(zh, en[::-1])]
    assert sum(reversed_) / len(reversed_) < sum(right) / len(right) - 0.2
    assert sum(score < REVIEW_THRESHOLD for score in reversed_) >= 2


def test_confidence_model_matches_its_features():
    src, tgt = sentence_features(["天黑了。"], ["It was dark."])
    from tmbrief.align.score import ScoreParams

    assert len(confidence_features(0.9, src, tgt, ScoreParams())) == len(CONFIDENCE_WEIGHTS)
    assert 0.0 < REVIEW_THRESHOLD < 1.0


# ------------------------------------------------------------------- glossary


def test_glossary_terms_become_shared_anchors():
    zh = ["涪陵区经信委表示将加快发展。", "天黑了。"]
    en = ["The District Economic and Information Technology Commission said so.", "It was dark."]
    glossary = load_glossary(SMALL_GLOSSARY)
    src, tgt = sentence_features(zh, en, glossary)
    shared = set(src[0].keys) & set(tgt[0].keys)
    assert any(k.startswith("§") for k in shared)
    assert not any(k.startswith("§") for k in src[1].keys)
    # Terms and plain pairs give the same alignment.
    pairs = [(t.zh, t.en) for t in glossary]
    assert align_sentences(zh, en, glossary=glossary) == align_sentences(zh, en, glossary=pairs)


ANCHOR_TERMS = (
    ("涪陵", "Fuling"),
    ("涪陵区委副书记", "Deputy Secretary of the Fuling District Committee"),
    ("夏涵", "Xia Han"),
    ("高新区", "high-tech zone"),
)
ANCHOR_CASES = [
    # (sentence, is Chinese, terms anchored): as tmbrief.core.glossary finds them
    ("涪陵区委副书记夏涵表示。", True, ["涪陵区委副书记", "夏涵"]),  # 涪陵 lies inside
    ("涪陵高新区发展迅速。", True, ["涪陵", "高新区"]),
    ("The Fuling High‑Tech Zone grew.", False, ["涪陵", "高新区"]),  # U+2011 is a hyphen
    ("Fuling’s high–tech zones", False, ["涪陵", "高新区"]),  # curly quote, en dash
    (
        "Xia Han, Deputy  Secretary of the Fuling District Committee",  # two spaces
        False,
        ["涪陵", "涪陵区委副书记", "夏涵"],
    ),
    ("It was dark.", False, []),
]


@pytest.mark.parametrize(("text", "chinese", "anchored"), ANCHOR_CASES)
def test_glossary_anchors_are_the_terms_the_glossary_finds(text, chinese, anchored):
    src, tgt = sentence_features([text] if chinese else [], [] if chinese else [text], ANCHOR_TERMS)
    keys = {k for k in (src if chinese else tgt)[0].keys if k.startswith("§")}
    zh_terms = [zh for zh, _ in ANCHOR_TERMS]
    assert keys == {f"§{zh_terms.index(zh)}" for zh in anchored}


def test_a_glossary_anchor_decides_an_otherwise_even_choice():
    """Two short English sentences either of which could join the Chinese one: the
    glossary term says which."""
    zh = ["夏涵出席了会议。", "会议很成功。"]
    en = ["Xia Han attended.", "The meeting was a success.", "Deputy director Xia Han spoke."]
    without = align_sentences(zh, en)
    with_term = align_sentences(zh, en, glossary=[("夏涵", "Xia Han")])
    assert_partition(without, 2, 3)
    assert links(with_term)[0].startswith("[0]:[0")


# ------------------------------------------------------------------ documents


def segments(texts_by_paragraph, lang, first_id=0) -> list[Segment]:
    out = []
    for p, texts in enumerate(texts_by_paragraph):
        for text in texts:
            out.append(Segment(first_id + len(out), lang, p, 0, len(text), text))
    return out


def test_document_alignment_uses_segment_ids_and_paragraph_blocks():
    zh = lines(NEWS_ZH)
    en = lines(NEWS_EN)
    zh_doc = segments([["跨江大桥通车"], zh[0:5], zh[5:8], zh[8:11]], "zh-CN", first_id=100)
    en_doc = segments([["Bridge opens"], en[0:5], en[5:7], en[7:9]], "en", first_id=200)
    beads = align_document(zh_doc, en_doc)
    assert [i for b in beads for i in b.src] == [s.id for s in zh_doc]
    assert [j for b in beads for j in b.tgt] == [s.id for s in en_doc]
    expected = ["[100]:[200]"] + [
        "[{}]:[{}]".format(
            ", ".join(str(101 + int(i)) for i in src.strip("[]").split(", ") if i),
            ", ".join(str(201 + int(j)) for j in tgt.strip("[]").split(", ") if j),
        )
        for src, tgt in (g.split(":") for g in lines(ALIGN / "news.gold.beads"))
    ]
    assert links(beads) == expected


def test_document_alignment_with_different_paragraph_counts():
    """The English joins two Chinese paragraphs and leaves out a copyright notice."""
    zh = lines(NEWS_ZH)
    en = lines(NEWS_EN)
    notice = "本文图片由涪陵区融媒体中心提供，未经许可不得转载。"
    zh_doc = segments([zh[0:3], zh[3:5], [notice], zh[5:8]], "zh-CN")
    en_doc = segments([en[0:5], en[5:7]], "en")
    beads = align_document(zh_doc, en_doc)
    assert_partition(beads, len(zh_doc), len(en_doc))
    assert links(beads) == [
        "[0]:[0]",
        "[1]:[1, 2]",
        "[2]:[3]",
        "[3, 4]:[4]",
        "[5]:[]",
        "[6]:[5]",
        "[7, 8]:[6]",
    ]


def read_segments(path, lang) -> list[Segment]:
    """A ``segments/<id>.<lang>.tsv`` file (segment, paragraph, start, end, text)."""
    header, rows = escape.parse_rows(path.read_text(encoding="utf-8"))
    assert header == ["segment", "paragraph", "start", "end", "text"]
    return [Segment(int(f[0]), lang, int(f[1]), int(f[2]), int(f[3]), f[4]) for _, f in rows]


def test_seed_document_reproduces_its_hand_made_gold():
    """The seed article and its translation, as the pipeline segments them: every bead
    of the gold was decided by reading both sides (four 2-2/2-3 beads where the English
    moves a speaker's attribution into the quote's sentence, three 1-2 splits)."""
    zh = read_segments(ROOT / "segments" / f"{SEED_ID}.zh.tsv", "zh-CN")
    en = read_segments(ROOT / "segments" / f"{SEED_ID}.en.tsv", "en")
    gold = lines(DATA / f"{SEED_ID}.gold.beads")
    beads = align_document(zh, en)
    assert links(beads) == gold
    assert_partition(beads, len(zh), len(en))


def test_document_alignment_of_empty_sides():
    zh_doc = segments([["天黑了。", "雨停了。"]], "zh-CN")
    assert links(align_document(zh_doc, [])) == ["[0]:[]", "[1]:[]"]
    assert align_document([], []) == ()


# ------------------------------------------------------------------------ CLI


def test_cli_prints_one_bead_per_line_in_vecalign_notation(capsys):
    assert main(["align", str(NEWS_ZH), str(NEWS_EN)]) == 0
    out = capsys.readouterr().out.splitlines()
    beads = align_sentences(lines(NEWS_ZH), lines(NEWS_EN))
    assert out == [str(b) for b in beads]
    assert out[1] == str(Bead((1,), (1, 2), beads[1].score))


def test_cli_tsv_and_jsonl_give_the_sentences(capsys):
    assert main(["align", str(NEWS_ZH), str(NEWS_EN), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[1]["src"] == [1] and rows[1]["tgt"] == [1, 2] and rows[1]["type"] == "1-2"
    assert (
        rows[1]["en"] == "The bridge is 1.2 kilometres long. It cost about 1.5 billion yuan "
        "and took three years to build."
    )
    assert rows[3]["zh"].startswith("市交通局局长王明") and rows[3]["zh"].endswith("两座新桥。")
    assert main(["align", str(NEWS_ZH), str(NEWS_EN), "--format", "tsv"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "src\ttgt\ttype\tscore\treview\tzh\ten"
    assert table[2].startswith("1\t1,2\t1-2\t")
    assert len(table) == 1 + len(rows)


def test_cli_glossary_option(capsys):
    args = ["align", str(NEWS_ZH), str(NEWS_EN), "--glossary", str(SMALL_GLOSSARY)]
    assert main(args) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(lines(ALIGN / "news.gold.beads"))


def test_cli_bad_input_exits_2_naming_the_file(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    assert main(["align", str(missing), str(NEWS_EN)]) == 2
    assert "missing.txt" in capsys.readouterr().err
    bad = tmp_path / "bad.zh.txt"
    bad.write_bytes(b"\xff\xfe\xfa\x00\x81")
    assert main(["align", str(bad), str(NEWS_EN)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.zh.txt" in err

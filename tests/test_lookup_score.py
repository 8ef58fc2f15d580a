"""The match score and number adaptation (tmbrief/lookup/score.py, adapt.py)."""

from __future__ import annotations

import pytest

from tmbrief.lookup.adapt import adapt_numbers
from tmbrief.lookup.score import diff, score

TITLE = "发言人来了丨搭好“新”舞台 涪陵聚力打造2000亿级先进材料产业"
SENTENCE = "平台是产业发展的核心载体,是承接产业转移的基础。"

SCORES = [
    # (query, TM text, lang, score, numbers that differ)
    (SENTENCE, SENTENCE, "zh", 100, ()),
    (SENTENCE + " ", SENTENCE, "zh", 100, ()),  # trimmed
    (SENTENCE.replace(",", "，"), SENTENCE, "zh", 99, ()),  # width only
    (SENTENCE.replace(",", "、"), SENTENCE, "zh", 99, ()),  # one punctuation edit: -0.5
    (SENTENCE.replace(",", "").replace("。", "!"), SENTENCE, "zh", 99, ()),  # two: -1
    (TITLE.replace("2000", "3000"), TITLE, "zh", 99, (("3000", "2000"),)),
    # 核心 -> 重要: 2 edits in 22 content characters: 90.9
    (SENTENCE.replace("核心", "重要"), SENTENCE, "zh", 90, ()),
    ("平台是基础。", SENTENCE, "zh", 22, ()),  # 17 of 22 characters gone, a comma less
    ("Fuling is building two clusters.", "Fuling is building two clusters.", "en", 100, ()),
    ("FULING is building two clusters.", "Fuling is building two clusters.", "en", 99, ()),
    # token level: one word of five replaced
    ("Fuling is building three clusters.", "Fuling is building two clusters.", "en", 80, ()),
    ("Output grew 6.8% in 2023.", "Output grew 5.2% in 2023.", "en", 99, (("6.8", "5.2"),)),
]


@pytest.mark.parametrize(("query", "tm", "lang", "expected", "numbers"), SCORES)
def test_score(query, tm, lang, expected, numbers):
    s = score(query, tm, lang)
    assert s.score == expected
    assert s.numbers == numbers


def test_a_match_differing_only_in_numbers_says_so():
    assert score(TITLE.replace("2000", "3000"), TITLE, "zh").only_numbers
    assert not score(SENTENCE.replace("核心", "重要"), SENTENCE, "zh").only_numbers


@pytest.mark.parametrize(
    ("query", "tm", "lang", "expected"),
    [
        ("涪陵新材料", "涪陵材料", "zh", "涪陵{+新+}材料"),
        ("涪陵材料", "涪陵新材料", "zh", "涪陵[-新-]材料"),
        ("打造3000亿级", "打造2000亿级", "zh", "打造[-2000-]{+3000+}亿级"),
        (
            "Fuling builds clusters",
            "Fuling builds two clusters",
            "en",
            "Fuling builds [-two -]clusters",
        ),
    ],
)
def test_diff_shows_how_the_tm_text_becomes_the_query(query, tm, lang, expected):
    assert diff(query, tm, lang) == expected


ADAPTATIONS = [
    # (TM source, TM target, new source, adapted target)
    (
        TITLE,
        "Fuling Pools Strength to Build a 200-Billion-Yuan Advanced Materials Industry",
        TITLE.replace("2000", "3000"),
        "Fuling Pools Strength to Build a 300-Billion-Yuan Advanced Materials Industry",
    ),
    (
        "前三季度产值增长5.2%，达到1,234亿元。",
        "Output grew 5.2% to 123.4 billion yuan in the first three quarters.",
        "前三季度产值增长6.8%，达到1,334亿元。",
        "Output grew 6.8% to 133.4 billion yuan in the first three quarters.",
    ),
    (
        "涪陵现有规上企业76户。",
        "Fuling has 76 industrial enterprises above designated size.",
        "涪陵现有规上企业81户。",
        "Fuling has 81 industrial enterprises above designated size.",
    ),
]


@pytest.mark.parametrize(("src", "tgt", "new", "expected"), ADAPTATIONS)
def test_numbers_are_adapted_in_the_translation(src, tgt, new, expected):
    pairs = score(new, src, "zh").numbers
    adapted = adapt_numbers(src, tgt, new, pairs)
    assert adapted is not None and adapted.target == expected


@pytest.mark.parametrize(
    ("src", "tgt", "new"),
    [
        # spelled out in English: nothing to rewrite
        ("其中先进材料是3大产业之一。", "Advanced materials are one of the three industries.",
         "其中先进材料是4大产业之一。"),
        # the number is not in the translation at all
        ("涪陵现有规上企业76户。", "Fuling has many large enterprises.", "涪陵现有规上企业81户。"),
    ],
)  # fmt: skip
def test_no_adaptation_when_a_number_cannot_be_placed(src, tgt, new):
    assert adapt_numbers(src, tgt, new, score(new, src, "zh").numbers) is None

"""Tests for tmbrief.numbers.rules: a test row for every entry of every rule table."""

from __future__ import annotations

import pytest

from tests.number_helpers import assert_values, values
from tmbrief.numbers.extract import extract_numbers
from tmbrief.numbers.rules import (
    EN_MONTH_ABBREVIATIONS,
    EN_MONTHS,
    EN_NEEDS,
    EN_ONES,
    EN_ORDINALS,
    EN_PERIODS,
    EN_RULES,
    EN_SCALE_ABBREVIATIONS,
    EN_SCALES,
    EN_TENS,
    EN_TENS_ORDINALS,
    MONTH_VALUES,
    PERCENT_SUFFIXES,
    ZH_BIG,
    ZH_CLASSIFIERS,
    ZH_DIGITS,
    ZH_NEEDS,
    ZH_RULES,
    ZH_SET_PHRASES,
    ZH_UNITS,
    parse_zh_numeral,
)


@pytest.mark.parametrize("rule", ZH_RULES, ids=lambda r: r.name)
def test_zh_rule_example(rule):
    assert_values(rule.example, "zh-CN", rule.expected)


@pytest.mark.parametrize("rule", EN_RULES, ids=lambda r: r.name)
def test_en_rule_example(rule):
    assert_values(rule.example, "en", rule.expected)


@pytest.mark.parametrize("classifier, example, value", ZH_CLASSIFIERS, ids=lambda x: str(x))
def test_zh_classifier_makes_a_quantity(classifier, example, value):
    assert classifier in example
    assert [v for v, _ in values(example, "zh")] == [value]


@pytest.mark.parametrize("phrase, value, kind, english, example", ZH_SET_PHRASES)
def test_zh_set_phrase(phrase, value, kind, english, example):
    assert phrase in example
    expected = [] if value is None else [(value, kind)]
    assert_values(example, "zh", expected)


@pytest.mark.parametrize(
    "lang, pattern, example",
    [(lang, p, e) for lang, table in PERCENT_SUFFIXES.items() for p, e in table],
)
def test_percent_suffix_example(lang, pattern, example):
    (number,) = extract_numbers(example, lang)
    assert number.kind == "percent"
    assert number.end == len(example)


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("十", 10), ("十一", 11), ("二十", 20), ("两百", 200), ("一百零五", 105),
        ("三千", 3000), ("万", 1e4), ("三万五千", 35000), ("千亿", 1e11), ("万亿", 1e12),
        ("一亿五千万", 1.5e8), ("二〇二三", 2023), ("三点五", 3.5), ("壹佰", 100),
        ("二三", None), ("十四五", None), ("", None), ("三点十", None),
    ],
)  # fmt: skip
def test_parse_zh_numeral(numeral, value):
    assert parse_zh_numeral(numeral) == value


@pytest.mark.parametrize(
    "rules, needs", [(ZH_RULES, ZH_NEEDS), (EN_RULES, EN_NEEDS)], ids=["zh", "en"]
)
def test_every_rule_has_a_prefilter_entry(rules, needs):
    assert [r.name for r in rules] == list(needs)
    assert len({r.name for r in rules}) == len(rules)


EN_WORD_ROWS = (
    [(w, float(i), "plain") for i, w in enumerate(EN_ONES)]
    + [(w, float(20 + 10 * i), "plain") for i, w in enumerate(EN_TENS)]
    + [(w, float(i + 1), "ordinal") for i, w in enumerate(EN_ORDINALS)]
    + [(w, float(20 + 10 * i), "ordinal") for i, w in enumerate(EN_TENS_ORDINALS.split())]
    + [(w, v, "plain") for w, v in EN_SCALES.items()]
    + [(f"5 {w}", 5 * v, "plain") for w, v in EN_SCALE_ABBREVIATIONS.items()]
    + [(w, v, "plain") for w, v in EN_PERIODS.items()]
    + [(f"{m} 2023", float(i + 1), "month") for i, m in enumerate(EN_MONTHS)]
    + [(f"{a} 20", float(MONTH_VALUES[a]), "month") for a in EN_MONTH_ABBREVIATIONS]
)


@pytest.mark.parametrize("text, value, kind", EN_WORD_ROWS)
def test_english_word_table_entry(text, value, kind):
    """Every English word the tables know is read with its value (first number found)."""
    first = extract_numbers(text, "en")[0]
    assert (first.value, first.kind) == (value, kind)


@pytest.mark.parametrize("char, digit", sorted(ZH_DIGITS.items()))
def test_chinese_digit_table_entry(char, digit):
    if digit:
        assert parse_zh_numeral(char + "十" + char) == 11 * digit
    else:  # 零 and 〇 hold a place: 一百零五
        assert parse_zh_numeral("一百" + char + "五") == 105


@pytest.mark.parametrize("char, unit", sorted({**ZH_UNITS, **ZH_BIG}.items()))
def test_chinese_unit_table_entry(char, unit):
    assert parse_zh_numeral("三" + char) == 3 * unit

"""Tests for tmbrief.number_rules: a test row for every entry of every rule table."""

from __future__ import annotations

import math

import pytest

from tmbrief.number_rules import (
    EN_NEEDS,
    EN_RULES,
    PERCENT_SUFFIXES,
    ZH_CLASSIFIERS,
    ZH_NEEDS,
    ZH_RULES,
    ZH_SET_PHRASES,
    parse_zh_numeral,
)
from tmbrief.numbers import extract_numbers


def values(text: str, lang: str) -> list[tuple[float, str]]:
    """(value, kind) of every number in ``text``."""
    return [(n.value, n.kind) for n in extract_numbers(text, lang)]


def assert_values(text: str, lang: str, expected) -> None:
    got = values(text, lang)
    assert len(got) == len(expected), f"{text!r}: {got} != {expected}"
    for (value, kind), (want, want_kind) in zip(got, expected, strict=True):
        assert math.isclose(value, want, rel_tol=1e-9), f"{text!r}: {got} != {expected}"
        assert kind == want_kind, f"{text!r}: {got} != {expected}"


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

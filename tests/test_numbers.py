"""Tests for tmbrief.numbers.extract: a case table per language, spans, matching, the prefilter."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.number_helpers import assert_values
from tmbrief.numbers.extract import (
    Number,
    _matches,
    extract_numbers,
    format_value,
    language_family,
    match_numbers,
)
from tmbrief.numbers.rules import EN_RULES, ZH_CLASSIFIERS, ZH_RULES

ZH_CASES = [
    # scales and decimals
    ("涪陵聚力打造2000亿级先进材料产业", [(2e11, "plain")]),
    ("实现工业总产值537.8亿元", [(5.378e10, "plain")]),
    ("两大千亿级主导产业集群", [(2, "plain"), (1e11, "plain")]),
    ("3大万亿级产业集群之一", [(3, "plain"), (1e12, "plain")]),
    ("首个材料产业产值超千亿的区县", [(1e11, "plain")]),
    ("百亿级企业4户", [(1e10, "plain"), (4, "plain")]),
    ("投资1.2万亿元", [(1.2e12, "plain")]),
    ("新增就业5万人", [(5e4, "plain")]),
    ("装机100万千瓦", [(1e6, "plain")]),
    ("全长5千米", [(5, "plain")]),
    # widths and separators
    ("规上企业76户", [(76, "plain")]),
    ("规上企业７６户", [(76, "plain")]),
    ("共1,000人", [(1000, "plain")]),
    ("共1，000人", [(1000, "plain")]),
    ("2022年，18家企业", [(2022, "year"), (18, "plain")]),
    ("增长3.5％", [(3.5, "percent")]),
    ("“33618”现代制造业集群体系", [(33618, "plain")]),
    # Chinese numerals as quantities
    ("三十", [(30, "plain")]),
    ("两百", [(200, "plain")]),
    ("十一条产业链", [(11, "plain")]),
    ("布局11条产业链", [(11, "plain")]),
    ("四大产业集群", [(4, "plain")]),
    ("从四个方面作了介绍", [(4, "plain")]),
    ("十多个国家", [(10, "plain")]),
    ("一百零五家", [(105, "plain")]),
    ("三点五倍", [(3.5, "plain")]),
    # not quantities
    ("一是做大产业集群;二是做优企业矩阵", []),
    ("升级一站式人才服务平台", []),
    ("建立先进材料一项目一专班闭环机制", []),
    ("实行一企一策", []),
    ("‘一航空二水运三高铁四高速五铁路‘的立体交通体系", []),
    ("工业‘双百企业’", []),
    ("千万不要", []),
    ("统一规划", []),
    ("老百姓", []),
    ("延链成群", []),
    ("五一劳动节", []),
    # percentages
    ("百分之三十", [(30, "percent")]),
    ("百分之30", [(30, "percent")]),
    ("占总产值近六成", [(60, "percent")]),
    ("约5成", [(50, "percent")]),
    ("提高3个百分点", [(3, "percent")]),
    ("三成为", []),
    # dates and ordinals
    ("2023年12月20日", [(2023, "year"), (12, "month"), (20, "day")]),
    ("二〇二三年十二月", [(2023, "year"), (12, "month")]),
    ("今(20)日下午", [(20, "day")]),
    ("今（20）日下午", [(20, "day")]),
    ("来源:华龙网2023-12-20", [(2023, "plain"), (12, "plain"), (20, "plain")]),
    ("均居全市区县第1", [(1, "ordinal")]),
    ("第十一届", [(11, "ordinal")]),
    ("材料产业第一大区", [(1, "ordinal")]),
    ("三个月", [(3, "plain")]),
    ("近十年", [(10, "plain")]),
    # codes are not quantities
    ("G20峰会", []),
]


@pytest.mark.parametrize("text, expected", ZH_CASES)
def test_zh_case(text, expected):
    assert_values(text, "zh-CN", expected)


EN_CASES = [
    ("to build a 200-billion-yuan advanced materials industry", [(2e11, "plain")]),
    ("200 billion yuan", [(2e11, "plain")]),
    ("an output value of 53.78 billion yuan", [(5.378e10, "plain")]),
    ("RMB 53.78bn", [(5.378e10, "plain")]),
    ("two 100-billion-yuan leading clusters", [(2, "plain"), (1e11, "plain")]),
    (
        "one of three trillion-yuan industrial clusters",
        [(1, "plain"), (3, "plain"), (1e12, "plain")],
    ),  # noqa: E501
    ("hundred-billion-yuan level", [(1e11, "plain")]),
    ("two hundred billion", [(2e11, "plain")]),
    ("one hundred and twenty", [(120, "plain")]),
    ("twenty-one", [(21, "plain")]),
    ("Eleven industrial chains", [(11, "plain")]),
    ("76 enterprises", [(76, "plain")]),
    ("1,000 people", [(1000, "plain")]),
    ("3.5 times", [(3.5, "plain")]),
    ("30%", [(30, "percent")]),
    ("30 percent", [(30, "percent")]),
    ("30 per cent", [(30, "percent")]),
    ("thirty percent", [(30, "percent")]),
    ("nearly 60%", [(60, "percent")]),
    ("3 percentage points", [(3, "percent")]),
    ("On December 20, 2023", [(12, "month"), (20, "day"), (2023, "year")]),
    ("on 20 December 2023", [(20, "day"), (12, "month"), (2023, "year")]),
    ("on Dec. 20", [(12, "month"), (20, "day")]),
    ("on May 20", [(5, "month"), (20, "day")]),
    ("you may apply", []),
    ("troops march", []),
    ("in 2022", [(2022, "year")]),
    ("on the 20th", [(20, "ordinal")]),
    ("ranks first", [(1, "ordinal")]),
    ("the twenty-first century", [(21, "ordinal"), (100, "plain")]),
    ("No. 1 in the city", [(1, "ordinal")]),
    ("the 14th Five-Year Plan", [(14, "ordinal"), (5, "plain")]),
    ("the past decade", [(10, "plain")]),
    ("thousands of people", []),
    ("someone often", []),
    ("the G20 summit and H1N1", []),
    ("the 2022-2025 plan", [(2022, "year"), (2025, "year")]),
]


@pytest.mark.parametrize("text, expected", EN_CASES)
def test_en_case(text, expected):
    assert_values(text, "en", expected)


# Scaled values compared with ==, not isclose: 537.8 * 1e8 in floats is 53779999999.99999.
EXACT_CASES = [
    ("实现工业总产值537.8亿元", "zh-CN", 53780000000.0),
    ("涪陵聚力打造2000亿级先进材料产业", "zh-CN", 2e11),
    ("新增0.3万人", "zh-CN", 3000.0),
    ("投资1.2万亿元", "zh-CN", 1.2e12),
    ("增加2.01万亿元", "zh-CN", 2.01e12),
    ("an output value of 53.78 billion yuan", "en", 53780000000.0),
    ("1.07 billion yuan", "en", 1.07e9),
    ("2.01 million tonnes", "en", 2.01e6),
    ("RMB 0.27 trillion", "en", 2.7e11),
    ("RMB 1.07bn", "en", 1.07e9),
]


@pytest.mark.parametrize("text, lang, value", EXACT_CASES)
def test_scaled_value_is_exact(text, lang, value):
    (number,) = extract_numbers(text, lang)
    assert number.value == value


def test_spans_and_text():
    text = "实现工业总产值537.8亿元。"
    (number,) = extract_numbers(text, "zh-CN")
    assert text[number.start : number.end] == number.text == "537.8亿"
    assert not number.spelled
    (word,) = extract_numbers("four major clusters", "en")
    assert (word.start, word.end, word.text, word.spelled) == (0, 4, "four", True)


@pytest.mark.parametrize(
    "lang, family",
    [("zh-CN", "zh"), ("zh", "zh"), ("zh_Hans", "zh"), ("en", "en"), ("en-GB", "en")],
)
def test_language_family(lang, family):
    assert language_family(lang) == family


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        extract_numbers("deux", "fr")


@pytest.mark.parametrize(
    "value, kind, text",
    [(2e11, "plain", "200 billion"), (5.378e10, "plain", "53.78 billion"),
     (1e12, "plain", "1 trillion"), (76, "plain", "76"), (60, "percent", "60%"),
     (2.5e6, "plain", "2.5 million")],
)  # fmt: skip
def test_format_value(value, kind, text):
    assert format_value(value, kind) == text


def texts(numbers: tuple[Number, ...]) -> list[str]:
    return [n.text for n in numbers]


MATCH_CASES = [
    # (zh, en, missing texts, extra texts)
    ("涪陵聚力打造2000亿级先进材料产业", "Fuling builds a 200-billion-yuan industry", [], []),
    ("实现工业总产值537.8亿元", "an output value of 53.78 billion yuan", [], []),
    (
        "实现工业总产值537.8亿元",
        "an output value of 53.78 million yuan",
        ["537.8亿"],
        ["53.78 million"],
    ),  # noqa: E501
    ("规上企业76户", "67 enterprises above designated size", ["76"], ["67"]),
    ("规上企业76户", "enterprises above designated size", ["76"], []),
    ("占近六成", "nearly 60 percent", [], []),
    ("占近六成", "nearly 60 enterprises", ["六成"], ["60"]),
    ("今(20)日下午", "On the afternoon of December 20, 2023", [], []),
    ("今(20)日下午", "On the afternoon of the 20th", [], []),
    ("均居全市区县第1", "rank top among the districts", [], []),
    ("四大产业集群", "four major industrial clusters", [], []),
    ("四大产业集群", "major industrial clusters", ["四"], []),
    ("一是做大产业集群;二是做优企业矩阵", "First, expand clusters; second, optimise firms", [], []),
    ("2022年,材料产业已集聚企业18家", "In 2022, 18 enterprises gathered", [], []),
    # an extra year is not reported (dates are made explicit); the changed one is missing
    ("2022年,材料产业已集聚企业18家", "In 2021, 18 enterprises gathered", ["2022"], []),
    ("3大万亿级产业集群之一", "one of the three trillion-yuan industrial clusters", [], []),
    ("企业2户、产品2个", "two enterprises and two products", [], []),
]


@pytest.mark.parametrize("zh, en, missing, extra", MATCH_CASES)
def test_match_numbers(zh, en, missing, extra):
    got_missing, got_extra = match_numbers(extract_numbers(zh, "zh-CN"), extract_numbers(en, "en"))
    assert texts(got_missing) == missing
    assert texts(got_extra) == extra


@settings(derandomize=True, max_examples=200)
@given(st.integers(min_value=2, max_value=10**12))
def test_digits_round_trip_between_languages(n):
    """A count written with English separators matches the same count in Chinese digits."""
    en = extract_numbers(f"{n:,} units", "en")
    zh = extract_numbers(f"{n}个", "zh-CN")
    assert [x.value for x in en] == [x.value for x in zh] == [float(n)]
    assert match_numbers(zh, en) == ((), ())


@settings(derandomize=True, max_examples=200)
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿", "万亿"]))
def test_chinese_multiplier_matches_english_scale(n, multiplier):
    """n亿 is n×1e8, and English says it as n/10 billion (or the like)."""
    scale = {"万": 1e4, "亿": 1e8, "万亿": 1e12}[multiplier]
    (zh,) = extract_numbers(f"{n}{multiplier}元", "zh-CN")
    assert math.isclose(zh.value, n * scale)
    english = format_value(n * scale)
    en = extract_numbers(english, "en")
    assert match_numbers((zh,), en)[0] == (), english


PREFILTER_TEXTS = (
    [("zh", t) for t, _ in ZH_CASES]
    + [("en", t) for t, _ in EN_CASES]
    + [("zh", r.example) for r in ZH_RULES]
    + [("en", r.example) for r in EN_RULES]
    + [("zh", e) for _, e, _ in ZH_CLASSIFIERS]
)


@pytest.mark.parametrize("family, text", PREFILTER_TEXTS)
def test_prefilter_changes_nothing(family, text):
    """Skipping rules whose trigger is absent is only a speed-up."""

    def spans(matches):
        return [(rule.name, m.span()) for rule, m in matches]

    assert spans(_matches(text, family)) == spans(_matches(text, family, prefilter=False))

"""Tests for the standard checks (markup, form), the profiles and settings, scoped glossaries,
one finding per fault, and the numbers translators write: case tables through run_checks."""

from __future__ import annotations

import dataclasses

import pytest

from tests.test_checks import flags, unit
from tmbrief.core.glossary import Term, compare_terms, find_terms
from tmbrief.numbers.extract import extract_numbers
from tmbrief.numbers.tables import (
    CURRENCY_CODES,
    EN_FRACTIONS,
    EN_QUANTITY_WORDS,
    ZH_VAGUE,
)
from tmbrief.qa.base import HAN_SEPARATORS
from tmbrief.qa.checks import CHECKS, checks_for
from tmbrief.qa.form import CLOSING_MARKS
from tmbrief.qa.markup import PLACEHOLDERS
from tmbrief.qa.report import report_settings, run_checks
from tmbrief.qa.settings import PROFILES, QASettings

# (check, zh, en, message fragments expected; [] = nothing reported)
STANDARD_CASES = [
    ("urls", "详见https://www.example.org/a.html。", "See https://www.example.org/a.html.", []),
    ("urls", "详见https://www.example.org/a.html。", "See https://www.example.org/b.html.",
     ["URL https://www.example.org/a.html of the source",
      "URL https://www.example.org/b.html in the target"]),
    ("urls", "详见www.example.org。", "See the website.", ["URL www.example.org"]),
    ("emails", "邮箱：news@example.org。", "E-mail: News@Example.org.", []),
    ("emails", "邮箱：news@example.org。", "E-mail: news@example.com.",
     ["e-mail address news@example.org", "e-mail address news@example.com"]),
    ("emails", "邮箱：news＠example.org。", "E-mail: news@example.org.", []),
    ("tags", "<b>涪陵</b>现有企业。", "<b>Fuling</b> has firms.", []),
    ("tags", "<b>涪陵</b>现有企业。", "Fuling has firms.", ["tag <b>", "tag </b>"]),
    ("tags", "肿瘤T <sub>1</sub>期。", "Stage T <sub>1</sub> <i>in situ</i>.",
     ["tag <i>", "tag </i>"]),
    ("placeholders", "共%d家企业，{0}，{name}。", "{name}: {0}, %d firms.", []),
    ("placeholders", "共%d家企业。", "In all firms.", ["placeholder %d"]),
    ("placeholders", "%(count)s家", "%(total)s firms", ["placeholder %(count)s",
                                                       "placeholder %(total)s"]),
    ("placeholders", "增长50%，99%的人", "up 50% of old, 99% of people", []),
    ("latin-names", "在YouTube和ＶＲ上", "on YouTube and in vr", []),
    ("latin-names", "在YouTube上", "on the video site", ["YouTube of the source"]),
    ("brackets", "他说“好。", "He said “good.", []),
    ("brackets", "他说好。", "He said “good.", ["unbalanced curly double quotes"]),
    ("brackets", "”他说。", "he said “so.", ["sentence split (segmentation)"]),
    ("brackets", '中国政府认为 ， " 长期以来', "China said “for long", []),
    ("whitespace", "好。", "Good  day.", ["double space"]),
    ("whitespace", "好。", " Good.", ["leading or trailing whitespace"]),
    ("repeated-words", "好。", "the the firm.", ["doubled word"]),
    ("repeated-words", "李黎。", "Li Li wrote; he had had enough.", []),
    ("punctuation", "好。", "Good，day.", ["full-width punctuation"]),
    ("punctuation", "好。", "Good day", ["cut short"]),
    ("characters", "好。", "Good\u200b day.", ["U+200B"]),
    ("untranslated", "新华全媒+丨北京", "Xinhua All Media+丨Beijing", []),
    ("untranslated", "北京", "北京 Beijing", ["still contains Chinese"]),
]  # fmt: skip


@pytest.mark.parametrize("check, zh, en, expected", STANDARD_CASES)
def test_standard_check(check, zh, en, expected):
    got = [m for _, m in flags(check, zh, en)]
    assert len(got) == len(expected), got
    for message, fragment in zip(got, expected, strict=True):
        assert fragment in message, got


@pytest.mark.parametrize("name, pattern, example", PLACEHOLDERS)
def test_placeholder_rule_example(name, pattern, example):
    assert [m for _, m in flags("placeholders", example, "nothing here.")]


@pytest.mark.parametrize("separator, example", HAN_SEPARATORS)
def test_han_separator_is_not_untranslated(separator, example):
    assert separator in example
    assert flags("untranslated", "新华全媒+丨北京", example) == []


@pytest.mark.parametrize("mark", list(CLOSING_MARKS))
def test_a_source_starting_with_a_closing_mark_blames_segmentation(mark):
    messages = [m for _, m in flags("brackets", f"{mark}他说。", "he said “so.")]
    assert all("segmentation" in m for m in messages)


# --- numbers as translators write them ----------------------------------------------

# (zh, en): the same quantities, so the numbers check reports nothing.
SAME_NUMBERS = [
    ("约1150 亿英镑", "about £115 billion"),
    ("共2万4801人", "24,801 people in all"),
    ("30余万人", "more than 300 thousand people"),
    ("4.26万名医务人员", "42 600 medical workers"),
    ("17.87/10万", "17.87 per 100 000, respectively"),
    ("几十项活动", "dozens of events"),
    ("新冠肺炎疫苗", "COVID-19 vaccines"),
    ("发展5G网络", "building 5G networks"),
    ("上午10时开幕", "opened at 10:00 am"),
    ("零时起", "from midnight"),
    ("18世纪", "the 18th century"),
    ("18世纪", "the 1700s"),
    ("20世纪六七十年代", "in the 1960s and 1970s"),
    ("2例患者", "Both patients"),
    ("耶鲁等3所名校", "Yale and two other universities"),
    ("三分之一的企业", "a third of the firms"),
    ("收入39644亿元", "income of RMB3,964.4 billion"),
    ("500万英镑", "£5m"),
    ("15亿英镑", "£1.5bn"),
    ("30万", "300k"),
    ("217亿美元", "$21.7 billion"),
    ("310亿美元", "US$31-billion"),
    ("“和平救援-2021”演习", "the “Peaceful Rescue-2021” exercise"),
    ("两个大局", "the domestic and international situations"),
    ("今(20)日下午", "On the afternoon of December 20, 2023"),
    ("新华社北京5月20日电 记者20日获悉", "Beijing, May 20: reporters learnt"),
]


@pytest.mark.parametrize("zh, en", SAME_NUMBERS)
def test_numbers_as_translators_write_them(zh, en):
    assert flags("numbers", zh, en) == []


# (zh, en): a changed number or scale word, which the check must report.
CHANGED_NUMBERS = [
    ("共2万4801人", "24,810 people in all"),
    ("约1150 亿英镑", "about £115 million"),
    ("12月8日至10日", "from December 8 to 12"),
    ("5月20日电，记者20日获悉", "May 20 ... reported on May 23"),
    ("上午10时开幕", "opened at 11:00 am"),
    ("500万英镑", "£5bn"),
    ("33.3％", "33.4%"),
    ("十九届六中全会", "the sixth plenary session of the 49th Central Committee"),
    ("治疗3、6、12个月", "at 6, 6 and 12 months of treatment"),
    ("新华社北京12月11日电 12月11日", "Beijing, December 41th: on December 11th"),
]


@pytest.mark.parametrize("zh, en", CHANGED_NUMBERS)
def test_changed_numbers_are_reported(zh, en):
    assert flags("numbers", zh, en)


def test_small_spelled_numbers_are_the_strict_profiles_business():
    assert flags("numbers", "四大产业集群", "major industrial clusters") == []
    assert [m for _, m in flags("spelled-numbers", "四大产业集群", "major clusters")] == [
        "source number 四 (4) is not in the target"
    ]


@pytest.mark.parametrize("pattern, example", ZH_VAGUE)
def test_vague_quantity_is_not_a_number(pattern, example):
    assert extract_numbers(example, "zh-CN") == ()


@pytest.mark.parametrize("word, value, example", EN_QUANTITY_WORDS)
def test_quantity_word(word, value, example):
    assert [n.value for n in extract_numbers(example, "en")] == [value]


@pytest.mark.parametrize("word, parts", EN_FRACTIONS)
def test_fraction_word(word, parts):
    (number,) = extract_numbers(f"one {word}", "en")
    assert number.value == pytest.approx(1 / parts)


@pytest.mark.parametrize("code, example", CURRENCY_CODES)
def test_currency_code_before_digits(code, example):
    assert example.startswith(code)
    assert [n.kind for n in extract_numbers(example, "en")] == ["plain"]


# --- glossary scope and boundaries ---------------------------------------------------

REPORTER = Term("记者", "reporter", "title", forbidden=("journalist",),
                scope=(("outlet", "华龙网"), ("doc", "fuling")))  # fmt: skip


@pytest.mark.parametrize(
    "doc_id, outlet, reported",
    [("fuling", "", True), ("other", "华龙网", True), ("other", "新华社", False),
     ("other", "", False)],
)  # fmt: skip
def test_scoped_entry_applies_only_in_its_scope(doc_id, outlet, reported):
    missing, used = compare_terms("记者获悉", "the journalist learnt", (REPORTER,),
                                  doc_id=doc_id, outlet=outlet)  # fmt: skip
    assert bool(missing or used) is reported


def test_term_inside_other_words_is_not_required():
    chongqing = (Term("重庆", "Chongqing", "place"),)
    assert find_terms("我们隆重庆祝建党一百周年", chongqing) == ()
    assert find_terms("重庆市涪陵区", chongqing) == chongqing


def test_forbidden_variant_inside_the_approved_rendering_is_not_used():
    term = Term("千亿级", "100-billion-yuan", "term", forbidden=("100-billion",))
    assert compare_terms("千亿级产业", "a 100-billion-yuan industry", (term,)) == ((), ())


# --- profiles, settings, one finding per fault -----------------------------------------


@pytest.mark.parametrize("profile", list(PROFILES))
def test_profile_selects_its_checks(profile):
    names = {c.name for c in checks_for(QASettings(profile=profile))}
    assert names == {c.name for c in CHECKS} - set(PROFILES[profile][0])


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown QA profile"):
        QASettings(profile="lenient")


def test_settings_signature_is_in_the_report_header():
    settings = QASettings(profile="strict", skip=("alignment",), length_ratio_z=4.0)
    assert settings.signature() == "profile:strict|skip:alignment|review:0.5|notice:0.7|ratio-z:4"
    assert ("qa", settings.signature()) in report_settings(settings=settings)


def test_settings_thresholds_reach_the_checks():
    units = [unit("好。", "Good.", confidence=0.6)]
    assert run_checks(units, only=["alignment"])
    assert run_checks(units, settings=QASettings(only=("alignment",), notice_threshold=0.5)) == ()


def test_paragraph_unit_points_to_its_sentence_finding():
    one = unit("涪陵现有企业76户。", "Fuling has 67 firms.", 0)
    two = unit("好。", "Good.", 1)
    paragraph = dataclasses.replace(
        one, tuid="t:p0", src_ids=(0, 1), source=one.source + two.source,
        target=one.target + " " + two.target, segtype="paragraph",
    )  # fmt: skip
    found = run_checks([one, two, paragraph], only=["numbers"])
    assert [(f.unit, f.severity) for f in found] == [("t:0", "error"), ("t:0", "error"),
                                                     ("t:p0", "info")]  # fmt: skip
    assert "reported on its sentence unit(s) t:0" in found[-1].message


def test_number_moved_to_the_next_sentence_is_blamed_on_the_alignment():
    """A translator moved "12 ... 3" into the previous sentence: the pairing, not the
    translation, is what to check."""
    first = unit(
        "肿瘤均为单发，平均2.0 cm。",
        "All had one tumour (mean 2.0 cm), 12 invasive and 3 in situ.",
        0,
    )
    second = unit("浸润性癌12例、原位癌3例；分期见表。", "Stages are in the table.", 1)
    messages = [f.message for f in run_checks([first, second], only=["numbers"])]
    assert len(messages) == 4
    assert all("neighbouring unit" in m and "(alignment)" in m for m in messages)
    alone = [f.message for f in run_checks([second], only=["numbers"])]
    assert alone and not any("neighbouring" in m for m in alone)

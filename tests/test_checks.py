"""Tests for tmbrief.qa.checks: the table, and a case table per check."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import SMALL_GLOSSARY
from tmbrief.align import aligner as align
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Unit
from tmbrief.qa.checks import (
    BRACKETS,
    CATEGORIES,
    CHECK_NAMES,
    CHECKS,
    DOUBLED_WORD_EXCEPTIONS,
    MAX_SEGMENT_CHARS,
    SEVERITIES,
    Context,
    is_translated,
    select_checks,
)
from tmbrief.qa.report import run_checks

GLOSSARY = load_glossary(SMALL_GLOSSARY)


def unit(zh: str, en: str, n: int = 0, **fields) -> Unit:
    """A sentence unit as the TM builder makes it: translated, confidence 1."""
    base = dict(
        tuid=f"t:{n}", doc_id="t", paragraph=0, src_ids=(n,), tgt_ids=(n,), source=zh, target=en,
        bead_type="1-1", confidence=1.0, status="translated",
    )  # fmt: skip
    return Unit(**{**base, **fields})


def flags(check: str, zh: str, en: str, **fields) -> list[tuple[str, str]]:
    """(severity, message) of what ``check`` reports on one unit (preconditions applied)."""
    found = run_checks([unit(zh, en, **fields)], glossary=GLOSSARY, only=[check])
    return [(f.severity, f.message) for f in found]


def assert_flags(got: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    """Each expected (severity, message fragment) matches one finding, in order."""
    assert len(got) == len(expected), got
    for (severity, message), (want_severity, fragment) in zip(got, expected, strict=True):
        assert severity == want_severity and fragment in message, got


# --- the table --------------------------------------------------------------------


def test_table_is_complete_and_documented():
    assert len(set(CHECK_NAMES)) == len(CHECKS) == 17
    assert {c.category for c in CHECKS} == set(CATEGORIES)
    for check in CHECKS:
        assert check.severity in SEVERITIES
        assert check.scope in ("unit", "tm")
        assert check.title and not check.title.endswith(".")
        assert check.description


@pytest.mark.parametrize(
    "only, skip, names",
    [
        (None, None, CHECK_NAMES),
        (["numbers", "untranslated"], None, ("untranslated", "numbers")),
        (
            None,
            ["form", "alignment"],
            tuple(c.name for c in CHECKS if c.category not in ("form", "alignment")),
        ),
        (["form"], None, ("brackets", "punctuation", "whitespace", "repeated-words", "characters")),
        (["numbers"], ["numbers"], ()),
    ],
)
def test_select_checks(only, skip, names):
    assert tuple(c.name for c in select_checks(only, skip)) == names


def test_unknown_check_is_refused():
    with pytest.raises(ValueError, match="unknown check.*spelling"):
        select_checks(["spelling"])


@pytest.mark.parametrize(
    "target, translated",
    [("Fuling", True), ("", False), ("  ", False), ("涪陵", False), ("Fuling 涪陵", False)],
)
def test_is_translated(target, translated):
    assert is_translated(unit("涪陵", target)) is translated


# --- untranslated -----------------------------------------------------------------

UNTRANSLATED_CASES = [
    # (zh, en, extra unit fields, [(severity, message fragment)])
    ("涪陵聚力打造", "", {}, [("error", "target is empty")]),
    ("涪陵聚力打造", " \t ", {}, [("error", "target is empty")]),
    ("涪陵聚力打造", "涪陵聚力打造", {}, [("error", "copy of the Chinese source")]),
    ("涪陵聚力打造", "Fuling 聚力 builds", {}, [("error", "still contains Chinese: 聚力")]),
    ("涪陵聚力打造", "Fuling pools strength", {"status": "needs-review"},
     [("warning", "fuzzy / needs review")]),
    ("涪陵聚力打造", "Fuling pools strength",
     {"status": "needs-review", "notes": ("tmbrief: the Chinese spans two paragraphs",)},
     [("warning", "(the Chinese spans two paragraphs)")]),
    # low confidence made it needs-review: the alignment check reports it, not this one
    ("涪陵聚力打造", "Fuling pools strength", {"status": "needs-review", "confidence": 0.3}, []),
    ("涪陵聚力打造", "Fuling pools strength", {}, []),
    ("“33618”", "“33618”", {}, []),  # a copy with no Chinese in it is right
]  # fmt: skip


@pytest.mark.parametrize("zh, en, fields, expected", UNTRANSLATED_CASES)
def test_untranslated(zh, en, fields, expected):
    assert_flags(flags("untranslated", zh, en, **fields), expected)


# --- numbers ----------------------------------------------------------------------

NUMBERS_CASES = [
    ("实现工业总产值537.8亿元。", "an output value of 53.78 billion yuan.", []),
    ("实现工业总产值537.8亿元。", "an output value of 53.78 million yuan.",
     ["source number 537.8亿 (53.78 billion) is not in the target",
      "target number 53.78 million (53.78 million) is not in the source"]),
    ("涪陵聚力打造2000亿级先进材料产业", "Fuling builds a 200-billion-yuan industry", []),
    ("涪陵现有规上企业76户", "Fuling has 67 enterprises", ["source number 76", "target number 67"]),
    ("占经济区企业总产值近六成", "nearly 60 percent of the output value", []),
    ("今(20)日下午", "On the afternoon of Wednesday, December 20", []),
    ("四大产业集群", "major industrial clusters", []),  # spelled: strict's spelled-numbers
    ("涪陵现有规上企业76户", "", []),  # untranslated: not the number check's business
    ("涪陵现有规上企业76户", "Fuling 有 67 enterprises", []),
]  # fmt: skip


@pytest.mark.parametrize("zh, en, expected", NUMBERS_CASES)
def test_numbers(zh, en, expected):
    assert_flags(flags("numbers", zh, en), [("error", m) for m in expected])


# --- glossary ---------------------------------------------------------------------

GLOSSARY_CASES = [
    ("刘忠表示", "Liu Zhong said", []),
    ("刘忠表示", "Liu Zhang said", ["刘忠 should be translated “Liu Zhong” (glossary line 10)"]),
    ("刘忠表示", "Zhong Liu said", ["“Zhong Liu” is a wrong variant of 刘忠: use “Liu Zhong”"]),
    ("刘忠表示", "Liu said", []),  # named again by surname alone
    ("涪陵区经信委", "the Fuling District Economic and Information Technology Commission", []),
    ("涪陵区经信委", "the Fuling Economic Commission",
     ["涪陵区 should be translated", "区经信委 should be translated"]),
    ("百亿级企业和千亿级产业", "10-billion-yuan firms and 100-billion-yuan industries", []),
    ("刘忠表示", "刘忠 said", []),  # untranslated: muted
    ("没有术语", "Zhong Liu said", []),  # no term in the source: variants do not count
]  # fmt: skip


@pytest.mark.parametrize("zh, en, expected", GLOSSARY_CASES)
def test_glossary(zh, en, expected):
    assert_flags(flags("glossary", zh, en), [("error", m) for m in expected])


def test_glossary_check_without_glossary_reports_nothing():
    assert run_checks([unit("刘忠表示", "Zhong Liu said")], only=["glossary"]) == ()


# --- form -------------------------------------------------------------------------

FORM_CASES = [
    ("他说:“好。”", "He said: “Good.”", []),
    ("他说好。", "He said “good.", ["unbalanced curly double quotes"]),
    ("“一是做大产业集群。", "“First, expand the industrial cluster.", []),  # quote runs on
    ("合成材料(聚酯)。", "synthetic materials (polyester.", ["unbalanced round brackets"]),
    ("合成材料（聚酯）。", "synthetic materials (polyester).", []),
    ("【图】。", "[Photo.", ["unbalanced square brackets"]),
    ("好。", 'He said "good.', ["odd number of straight double quotes"]),
    ("坚持\"科创+\"。", '"sci-tech innovation+".', []),
    ("好。", "the ‘double hundred enterprises list.", ["opening ‘"]),
    ("好。", "enterprises’ vitality and Fuling’s economy.", []),
    ("好。", "Fuling，Chongqing.", ["full-width punctuation", "fullwidth comma"]),
    ("好。", "Fuling, Chongqing。", ["ideographic full stop"]),
    ("好。", "Fuling\u3000Chongqing.", ["ideographic space"]),
    ("好。", "A “new” stage — 2023–2024 … and more.", []),
    ("好。", "the the stage.", ["doubled word “the the”"]),
    ("好。", "The the stage.", ["doubled word “The the”"]),
    ("好。", "reporter Li Li wrote.", []),
    ("发布活动现场。", "A view of the", ["cut short"]),
    ("“一是做大。”", "“First, expand.”", []),
    ("优势在哪里?", "What are the advantages?", []),
    ("系统谋划", "Planning Systematically", []),
    ("好。", "A view  of it.", ["double space"]),
    ("好。", "A view of it. ", ["leading or trailing whitespace"]),
    ("好。", " A view of it.", ["leading or trailing whitespace"]),
    ("好。", "A\x07view.", ["control character(s) U+0007 in the target"]),
    ("好\u200b。", "A view.", ["control character(s) U+200B in the source"]),
    ("好。", "a" * 2003 + ".", ["target has 2,004 characters; Trados Cloud rejects"]),
]  # fmt: skip


@pytest.mark.parametrize("zh, en, expected", FORM_CASES)
def test_form(zh, en, expected):
    got = flags("form", zh, en)
    assert len(got) == (1 if expected else 0), got
    for fragment in expected:
        assert fragment in got[0][1] and got[0][0] == "warning", got


@pytest.mark.parametrize("t_open, t_close, s_open, s_close, name, example", BRACKETS)
def test_bracket_table_entry(t_open, t_close, s_open, s_close, name, example):
    assert_flags(flags("form", "好。", example), [("warning", f"unbalanced {name}")])
    assert flags("form", "好。", example + t_close) == []
    # the source open the same way (a quotation over several sentences) excuses it
    assert flags("form", s_open[0] + "好。", example) == []


@pytest.mark.parametrize("word, example", DOUBLED_WORD_EXCEPTIONS)
def test_doubled_word_exception(word, example):
    assert f"{word} {word}" in example
    assert flags("form", "好。", example[0].upper() + example[1:] + ".") == []


def test_segment_limit_is_trados_cloud():
    assert MAX_SEGMENT_CHARS == 2000
    assert flags("form", "好。", "a" * 1999 + ".") == []


# --- alignment --------------------------------------------------------------------

ALIGNMENT_CASES = [
    (0.3, {}, [("warning", "alignment confidence 0.30 is under the review threshold 0.50")]),
    (0.6, {}, [("info", "alignment confidence 0.60 is under 0.70")]),
    (0.9, {}, []),
    (0.0, {"src_ids": ()}, []),  # a foreign file: no alignment to judge
    (0.3, {"target": ""}, [("warning", "review threshold")]),  # reported even untranslated
]


@pytest.mark.parametrize("confidence, fields, expected", ALIGNMENT_CASES)
def test_alignment(confidence, fields, expected):
    en = fields.pop("target", "Fuling pools strength.")
    assert_flags(flags("alignment", "涪陵聚力。", en, confidence=confidence, **fields), expected)


def test_alignment_warns_at_the_aligners_review_threshold():
    # QA must warn on exactly the units the TM marks needs-review.
    assert Context().review_threshold == align.REVIEW_THRESHOLD


# --- consistency ------------------------------------------------------------------


def consistency(units) -> list[tuple[str, str]]:
    return [(f.unit, f.message) for f in run_checks(units, only=["consistency"])]


CONSISTENCY_CASES = [
    # (units as (zh, en, segtype), [(unit index, message fragment)])
    ([("孙锋 摄", "Photo by Sun Feng", "sentence"), ("孙锋 摄", "Photo: Sun Feng", "sentence")],
     [(0, "same source is translated differently: 2 variants; this target differs from "
          "unit(s) t:1"),
      (1, "differs from unit(s) t:0")]),
    ([("孙锋 摄", "Photo by Sun Feng", "sentence"), ("孙锋摄", "Photo by Sun Feng", "sentence")],
     [(0, "same target translates different sources"), (1, "different sources")]),
    ([("孙锋 摄", "Photo by Sun Feng", "sentence"), ("孙锋 摄", "Photo by  Sun Feng ", "sentence")],
     []),  # white space is not a difference
    ([("孙锋 摄", "Photo by Sun Feng", "sentence"), ("孙锋 摄", "Photo: Sun Feng", "paragraph")],
     []),  # sentence and paragraph units are not compared
    ([("孙锋 摄", "Photo by Sun Feng", "sentence"), ("孙锋 摄", "", "sentence")], []),
    ([("以产兴港,以港促产", "a", "sentence"), ("以产兴港，以港促产", "b", "sentence")],
     [(0, "translated differently"), (1, "translated differently")]),
]  # fmt: skip


@pytest.mark.parametrize("rows, expected", CONSISTENCY_CASES)
def test_consistency(rows, expected):
    units = [unit(zh, en, n, segtype=segtype) for n, (zh, en, segtype) in enumerate(rows)]
    got = consistency(units)
    assert len(got) == len(expected), got
    for (tuid, message), (index, fragment) in zip(got, expected, strict=True):
        assert tuid == f"t:{index}" and fragment in message, got


# --- length ratio -----------------------------------------------------------------


def ratio_units(lengths: list[tuple[int, int]], segtype: str = "sentence") -> list[Unit]:
    return [unit("涪" * zh, "a" * en, n, segtype=segtype) for n, (zh, en) in enumerate(lengths)]


TYPICAL = [(20, 60), (30, 95), (25, 70), (40, 118), (22, 70), (35, 100), (28, 90), (50, 150)]

LENGTH_CASES = [
    (TYPICAL, []),
    (TYPICAL + [(40, 40)], [(8, "too short")]),
    (TYPICAL + [(20, 300)], [(8, "too long")]),
    (TYPICAL[:6] + [(40, 40)], []),  # seven units: too few to fit a ratio
]


@pytest.mark.parametrize("lengths, expected", LENGTH_CASES)
def test_length_ratio(lengths, expected):
    got = [(f.unit, f.message) for f in run_checks(ratio_units(lengths), only=["length-ratio"])]
    assert len(got) == len(expected), got
    for (tuid, message), (index, fragment) in zip(got, expected, strict=True):
        assert tuid == f"t:{index}" and fragment in message and "typical ratio" in message


def test_length_ratio_is_fitted_per_segment_type():
    # paragraph units with a different ratio do not make sentence units outliers
    units = ratio_units(TYPICAL) + [
        dataclasses.replace(u, tuid=f"p:{u.tuid}")
        for u in ratio_units([(z, e // 2) for z, e in TYPICAL], "paragraph")
    ]
    assert run_checks(units, only=["length-ratio"]) == ()

"""Briefing facts (tmbrief.brief.facts): key figures cross-checked, speakers, byline, headline."""

from __future__ import annotations

from dataclasses import replace

import pytest
import regex

from tests.brief_helpers import (  # noqa: F401 (the *_fixture names are pytest fixtures)
    brief_fixture,
    by_tuid,
    glossary_fixture,
    seed_fixture,
    unit,
)
from tests.conftest import SEED_ID
from tmbrief.brief import rules
from tmbrief.brief.briefing import make_brief
from tmbrief.brief.facts import en_context, figures, is_key_figure, zh_context
from tmbrief.brief.model import Name
from tmbrief.brief.render import render
from tmbrief.core.model import DocMeta
from tmbrief.numbers.extract import extract_numbers

HAN = regex.compile(r"\p{Han}")


@pytest.mark.parametrize(("field", "label", "cue", "example"), rules.BYLINE_ROLES)
def test_byline_roles(glossary, field, label, cue, example):
    meta = DocMeta("d", **{field: ("李黎",)})
    b = make_brief((), meta, paragraph_kinds=(), glossary=glossary)
    assert b.byline == ((label, (Name("Li Li", "李黎"),)),)


BYLINE_ZH = {
    "reporters": ("华龙网讯(记者 李黎 实习生 陈泓莹)", "李黎"),
    "correspondents": ("华龙网讯(记者 李黎 通讯员 王小明)", "王小明"),
    "special_correspondents": ("新华社北京12月1日电（特约记者 王晓）", "王晓"),
    "interns": ("华龙网讯(记者 李黎 实习生 陈泓莹)", "陈泓莹"),
    "photographers": ("孙锋 摄", "孙锋"),
    "editors": ("责任编辑：董霞", "董霞"),
}


@pytest.mark.parametrize(("field", "label", "cue", "example"), rules.BYLINE_ROLES)
def test_byline_from_the_translation_when_the_glossary_lacks_it(field, label, cue, example):
    zh, name = BYLINE_ZH[field]
    expected = {"李黎": "Li Li", "陈泓莹": "Chen Hongying", "孙锋": "Sun Feng",
                "王小明": "Wang Xiaoming", "董霞": "Dong Xia",
                "王晓": "Wang Xiao"}[name]  # fmt: skip
    meta = DocMeta("d", **{field: (name,)})
    b = make_brief([unit(0, 0, zh, example)], meta, paragraph_kinds=("body",))
    assert b.byline == ((label, (Name(expected, name),)),)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("By our reporters Lily Li and Woo Wang", ("Lily Li", "Woo Wang")),
        # counts differ, or no byline: the names are romanised (Hanyu Pinyin)
        ("(reporter Lily Li, intern Chen Hongying)", ("Li Li", "Wang Wu")),
        ("No byline here.", ("Li Li", "Wang Wu")),
    ],
)
def test_byline_names_pair_only_when_counts_agree(target, expected):
    meta = DocMeta("d", reporters=("李黎", "王五"))
    b = make_brief([unit(0, 0, "记者 李黎 王五", target)], meta, paragraph_kinds=("body",))
    assert tuple(n.en or n.zh for n in b.byline[0][1]) == expected


def test_byline_english_is_not_read_from_an_untranslated_unit():
    meta = DocMeta("d", reporters=("李黎",))
    zh = BYLINE_ZH["reporters"][0]
    marked = unit(0, 0, zh, "Hualong Net (reporter Lily Lee)", status="untranslated")
    b = make_brief([marked], meta, paragraph_kinds=("body",))
    assert b.byline == (("Reporter", (Name("Li Li", "李黎"),)),)  # pinyin, not "Lily Lee"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("打造2000亿级产业", True),  # money-sized
        ("近六成", True),  # percentage
        ("规上企业76户", True),  # a count in digits
        ("“33618”现代制造业集群体系", False),  # a name in quotes
        ("2022年", False),  # a year
        ("四大方面", False),  # a spelled small number is wording
        ("第1", False),  # an ordinal
        ("1个国家级材料产业集群", False),  # 1: English often says "a"
    ],
)
def test_key_figure(text, key):
    number = extract_numbers(text, "zh-CN")[0]
    assert is_key_figure(number, text) is key


def test_key_figures_of_the_seed_agree_in_both_languages(seed, brief):
    units = by_tuid(seed[0])
    values = {f.value for f in brief.figures}
    assert {2e11, 76.0, 60.0} <= values
    assert any(abs(v - 5.378e10) < 1 for v in values)
    assert len(brief.figures) <= rules.MAX_FIGURES
    for f in brief.figures:
        u = units[f.tuid]
        # the figure as said, with its unit: "100-billion-yuan" -> "100 billion yuan"
        flat = u.target.replace("-", "").replace(" ", "")
        assert f.agrees and f.en.replace(" ", "") in flat and f.zh in u.source
        assert f.en_context.strip("…") in u.target
        assert f.en.split()[0] in f.en_context.replace("-", " ")
        assert f.zh_context.strip("…") in u.source and f.zh in f.zh_context
    order = [int(f.tuid.rsplit(":", 1)[1]) for f in brief.figures]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("zh", "en", "problem", "shown"),
    [
        ("涪陵现有规上企业76户。", "Fuling now has 67 enterprises.", "not in the English", "76"),
        ("涪陵现有规上企业76户。", "Fuling now has 67 enterprises.", "not in the Chinese", "67"),
        ("实现工业总产值537.8亿元。", "Output reached 5.378 billion yuan.", "not in the English",
         "537.8亿"),
    ],
)  # fmt: skip
def test_disagreeing_figures_are_flagged_not_listed(zh, en, problem, shown):
    key, check = figures([unit(0, 0, zh, en)])
    assert key == ()
    flagged = [f for f in check if f.problem == problem]
    assert [f.en or f.zh for f in flagged] == [shown]
    assert not flagged[0].agrees


def test_flagged_figures_are_rendered(seed, glossary):
    units, meta, kinds = seed
    broken = tuple(
        replace(u, target=u.target.replace("76", "67")) if "76" in u.target else u for u in units
    )
    b = make_brief(broken, meta, paragraph_kinds=kinds, glossary=glossary)
    assert 76.0 not in {f.value for f in b.figures}
    assert {("76", "not in the English"), ("67", "not in the Chinese")} <= {
        (f.en or f.zh, f.problem) for f in b.figures_to_check
    }
    for fmt in ("md", "txt", "html"):
        assert "67" in render(b, fmt) and "not in the English" in render(b, fmt)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("In 2022, it had 18 enterprises, including two", "en", "it had 18 enterprises"),
        ("a gross industrial output value of 53.78 billion yuan.", "en",
         "a gross industrial output value of 53.78 billion yuan"),
        ("实现工业总产值537.8亿元。", "zh-CN", "实现工业总产值537.8亿元"),
        ("涪陵现有规上企业1,000户,其中", "zh-CN", "涪陵现有规上企业1,000户"),
    ],
)  # fmt: skip
def test_figure_context_is_the_clause(text, lang, expected):
    number = next(n for n in extract_numbers(text, lang) if n.kind != "year")
    context = en_context if lang == "en" else zh_context
    assert context(text, number) == expected


def test_speakers_of_the_seed(seed, brief):
    units = by_tuid(seed[0])
    names = [s.name.en for s in brief.speakers]
    # Wu Hui attended and was not quoted; the audience's question is not Liu Zhong's.
    assert names == ["Liu Zhong", "Fu Yun", "Xia Han", "Yi Xianyong"]
    summary = " ".join(s.text for s in brief.summary)
    for s in brief.speakers:
        assert s.name.title and s.name.zh
        if s.text:  # their own words, trimmed to the quoted span of the cited units' English
            cited = [units[t] for t in s.tuids]
            assert s.text in " ".join(u.target for u in cited)
            english = " ".join(u.target for u in cited)
            # the quoted span when the translation quotes them, else the reporting sentence
            quoted = regex.search("“[^”]{" + str(rules.QUOTE_MIN_CHARS) + ",}”", english)
            assert (s.text.startswith("“") and s.text.endswith("”")) or not quoted
            assert any("“" in u.source for u in cited)
            assert s.text not in summary  # nothing twice
        else:  # their quotation is a summary item already: pointed to, not repeated
            item = brief.summary[s.in_summary - 1].text
            assert any(item in q.text or q.text in item for q in s.quotes)
    xia = brief.speakers[2]
    assert "76" in (xia.text or brief.summary[xia.in_summary - 1].text)


def test_headline_outlet_byline(brief):
    assert brief.headline.startswith("Spokespersons Are Here")
    assert brief.headline_zh.startswith("发言人来了")
    assert brief.outlet.en == "Hualong Net" and brief.outlet.zh == "华龙网"
    assert brief.date == "2023-12-20"
    roles = {label: [n.en for n in names] for label, names in brief.byline}
    assert roles == {"Reporter": ["Li Li"], "Intern": ["Chen Hongying"], "Photos": ["Sun Feng"],
                     "Editor": ["Dong Xia"]}  # fmt: skip
    assert brief.exports == (f"exports/{SEED_ID}.tmx", f"exports/{SEED_ID}.po")


def test_without_glossary_names_are_romanised(seed):
    units, meta, kinds = seed
    b = make_brief(units, meta, paragraph_kinds=kinds)
    assert b.outlet.en == "Hualong Net" and b.outlet.zh == "华龙网"  # pinyin + suffix 网 Net
    # The byline comes out in English: from the translation's own byline.
    assert b.byline[0][1][0] == Name("Li Li", "李黎")
    assert all(not HAN.search(s.name.en) for s in b.speakers)


def test_untranslated_title_falls_back_to_chinese(seed, glossary):
    units, meta, kinds = seed
    units = tuple(replace(u, target="", status="untranslated") if u.paragraph == 0 else u
                  for u in units)  # fmt: skip
    b = make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary)
    assert b.headline == "" and b.headline_zh == meta.title
    assert "发言人来了" in render(b, "md").splitlines()[0]


def test_speaker_found_when_the_attribution_is_untranslated(seed, glossary):
    """An aligner's 1-0 bead may leave 夏涵表示… without English; her quotation still counts."""
    units, meta, kinds = seed
    attribution = next(u for u in units if u.source.startswith("涪陵区经信委"))
    quote = next(u for u in units if u.source.startswith("“涪陵现有规上企业76户"))
    marked = tuple(
        replace(u, target="", status="untranslated") if u is attribution else u for u in units
    )
    b = make_brief(marked, meta, paragraph_kinds=kinds, glossary=glossary)
    xia = next(s for s in b.speakers if s.name.en == "Xia Han")
    assert xia.tuids == (quote.tuid,)
    assert attribution.tuid not in {t for s in b.summary for t in s.tuids}


def test_speaker_skipped_when_the_quotation_is_untranslated(seed, glossary):
    units, meta, kinds = seed
    quote = next(u for u in units if u.source.startswith("“涪陵现有规上企业76户"))
    marked = tuple(replace(u, target="", status="untranslated") if u is quote else u for u in units)
    b = make_brief(marked, meta, paragraph_kinds=kinds, glossary=glossary)
    # She still speaks (她表示… is reported speech), but never in the untranslated unit.
    assert all(quote.tuid not in s.tuids for s in b.speakers)
    assert all(quote.tuid not in q.tuids for s in b.speakers for q in s.quotes)

"""Comparison keys and grams: what a text is filed under (tmbrief/lookup/grams.py)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, SEED_ID
from tmbrief.lookup.grams import NUMBER_MARK, bulk_grams, family, grams_of, key, tokens
from tmbrief.tm.memory import read_tm

KEYS = [
    # (text, lang, key): width, case, punctuation, spaces and numbers
    ("涪陵区，今年增长5.2%。", "zh-CN", f"涪陵区今年增长{NUMBER_MARK}"),
    ("ＡＢＣ涪陵", "zh", "abc涪陵"),
    ("康复 。 ”", "zh", "康复"),
    ("Fuling's GDP grew 5.2% in 2023.", "en", f"fuling s gdp grew {NUMBER_MARK} in {NUMBER_MARK}"),
    ("  Hello,   World! ", "en-GB", "hello world"),
    ("", "en", ""),
]


@pytest.mark.parametrize(("text", "lang", "expected"), KEYS)
def test_key(text, lang, expected):
    assert key(text, lang) == expected


@pytest.mark.parametrize(("lang", "fam"), [("zh-CN", "zh"), ("zh-Hans", "zh"), ("EN-gb", "en")])
def test_family(lang, fam):
    assert family(lang) == fam


def test_family_refuses_other_languages():
    with pytest.raises(ValueError, match="de"):
        family("de")


def test_tokens_separate_content_numbers_and_punctuation():
    content, numbers, punct = tokens("增长5.2%，达到2000亿元。", "zh")
    assert numbers == ("5.2", "2000")
    assert punct == ("%", ",", "。")  # the full-width comma is folded to ","
    assert "".join(content) == f"增长{NUMBER_MARK}达到{NUMBER_MARK}亿元"
    assert tokens("Up 5 percent.", "en")[0] == ("up", NUMBER_MARK, "percent")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bulk_grams_equal_one_text_at_a_time(lang):
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    texts = [u.source if lang == "zh" else u.target for u in units]
    texts += ["a", "", "ab", "涪", "x\ny", "5", "ＡＢＣ", "Ünïcödé straße"]
    owners, codes, counts, keys = bulk_grams(texts, lang)
    for i, text in enumerate(texts):
        assert keys[i] == key(text.replace("\n", " "), lang)
        mine = tuple(sorted(int(c) for c in codes[owners == i]))
        assert mine == grams_of(keys[i], lang)
        assert counts[i] == len(mine)

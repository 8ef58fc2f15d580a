"""The aligner's lexical keys: rule tables (a row per entry), CC-CEDICT, names, numbers."""

from __future__ import annotations

import pytest

from tmbrief.align.features import (
    ANCHOR_BITS,
    add_anchors,
    coarsen,
    en_features,
    merge,
    with_chance_rates,
    zh_features,
)
from tmbrief.align.learn import apply_table, learn_table
from tmbrief.align.lexicon import (
    cedict,
    english_tokens,
    english_word_keys,
    number_key,
    readings,
    stem,
    zh_word_keys,
)
from tmbrief.align.rules import (
    EN_CLEANUP_EXAMPLES,
    EN_IRREGULAR,
    EN_STOPWORDS,
    EN_SUFFIX_RULES,
    ZH_STOPWORDS,
)


def shared(zh: str, en: str) -> set[str]:
    """Keys a Chinese and an English sentence have in common."""
    return set(zh_features(zh).keys) & set(en_features(en).keys)


# ---------------------------------------------------------------- rule tables


@pytest.mark.parametrize("word", sorted(EN_STOPWORDS))
def test_every_english_stopword_gives_no_key(word):
    assert english_word_keys(word) == ()


@pytest.mark.parametrize("word", sorted(ZH_STOPWORDS))
def test_every_chinese_stopword_is_no_content_token(word):
    assert zh_features(word).size == 0


@pytest.mark.parametrize(("form", "base"), EN_IRREGULAR)
def test_every_irregular_form_meets_its_base(form, base):
    assert english_word_keys(form) == english_word_keys(base)


@pytest.mark.parametrize(("suffix", "replacement", "word", "expected"), EN_SUFFIX_RULES)
def test_every_suffix_rule_on_its_example(suffix, replacement, word, expected):
    assert word.endswith(suffix)
    assert stem(word) == expected


@pytest.mark.parametrize(("word", "expected"), EN_CLEANUP_EXAMPLES)
def test_every_cleanup_example(word, expected):
    assert stem(word) == expected


# ------------------------------------------------------------------- lexicon


def test_cedict_is_read_from_the_shipped_package():
    table = cedict()
    assert len(table.definitions) > 100_000
    assert "material" in table.vocabulary
    assert readings("陈") == ("chen",)
    assert set(readings("长")) == {"chang", "zhang"}


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("材料", "materials"),  # a headword's gloss, plural stemmed
        ("说", "said"),  # irregular past -> base form of the gloss
        ("聚氨酯树脂", "resin"),  # unknown word -> its longest known parts
        ("涪陵", "Fuling"),  # place name in the glosses
    ],
)
def test_chinese_words_meet_their_english(zh, en):
    assert zh_word_keys(zh) & set(english_word_keys(en))


@pytest.mark.parametrize(
    ("zh", "en", "key"),
    [
        ("陈清扬把我拽住。", "Chen Qingyang caught me.", "@qingyang"),  # name split by jieba
        ("汪淼看着他。", "Wang Miao looked at him.", "@wangmiao"),  # two-word name, one key
        ("宝玉红了脸。", "Bao-yu blushed.", "@baoyu"),  # hyphenated romanisation
        (
            "打造2000亿级先进材料产业",
            "a 200-billion-yuan advanced materials industry",
            "#200000000000",
        ),
        ("近六成", "nearly 60 percent", "#60"),
        ("他今年十六岁。", "He is sixteen this year.", "#16"),
        ("ＧＤＰ增长５％。", "GDP grew by 5%.", "gdp"),  # full-width Latin and digits
        ("他为什么不来？", "Why did he not come?", "?"),  # question marks
        ("他说：“好。”", "'Good,' he said.", '"'),  # opening quotes
    ],
)
def test_anchors_shared_across_languages(zh, en, key):
    assert key in shared(zh, en)


def test_capitalised_common_word_starting_a_sentence_is_no_name():
    assert "@the" not in english_word_keys("The", initial=True)
    assert "@hai" in english_word_keys("Hai", initial=True)
    assert "@trinket" in english_word_keys("Trinket", initial=False)


def test_number_keys_agree_across_rounding():
    assert number_key(537.8e8) == number_key(53.78 * 1e9) == "#53780000000"
    assert number_key(0.5) == "#0.5"


def test_english_tokens_take_numbers_whole():
    tokens = english_tokens("It cost 53.78 billion yuan.")
    assert ("#53780000000",) in tokens
    assert all("billion" not in t for t in tokens)


# ------------------------------------------------------------------ features


def test_features_count_letters_and_digits_and_weigh_anchors():
    f = en_features("In 2022, output rose.")
    assert f.length == len("In2022outputrose")
    assert f.keys["#2022"].bit_count() == ANCHOR_BITS
    assert f.size == ANCHOR_BITS + 2  # output, rose ("in" is a stopword)


def test_vocabulary_keeps_only_keys_the_other_side_has():
    full = zh_features("先进材料产业")
    kept = zh_features("先进材料产业", vocabulary={"material"})
    assert set(kept.keys) == {"material"} and kept.size == full.size


def test_chance_rates_grow_with_the_other_side_and_stay_below_the_tokens():
    src, tgt = with_chance_rates(
        [zh_features("材料产业发展很快。")],
        [en_features("The materials industry grows."), en_features("It rained.")],
    )
    table = src[0].chance
    assert table[0] == 0.0 and all(a <= b for a, b in zip(table, table[1:], strict=False))
    assert table[-1] <= src[0].size


def test_merge_and_anchor_keep_bits_apart():
    a, b = en_features("Red bridge."), en_features("Red river.")
    both = merge([a, b])
    assert both.size == a.size + b.size and both.count == 2
    assert both.keys["red"].bit_count() == 2
    anchored = add_anchors(a, ["§0"])
    assert anchored.size == a.size + ANCHOR_BITS and "§0" in anchored.keys


def test_coarsen_halves_and_keeps_the_rarest_keys():
    src = [zh_features(s) for s in ["材料产业很好。", "涪陵发展很快。", "天黑了。"]]
    tgt = [en_features(s) for s in ["Materials are good.", "Fuling grows fast.", "Dark."]]
    src, tgt = with_chance_rates(src, tgt)
    coarse_src, coarse_tgt = coarsen(src, tgt, keep=2)
    assert len(coarse_src) == 2 and len(coarse_tgt) == 2
    assert all(len(f.keys) <= 2 for f in coarse_src + coarse_tgt)
    assert [f.count for f in coarse_src] == [2, 1]


def test_learned_table_pairs_a_name_translated_by_meaning():
    """袭人 is "Aroma" in Hawkes' translation: no dictionary knows it, the beads do."""
    zh = ["袭人笑了。", "袭人走了。", "袭人坐下。", "天黑了。"]
    en = ["Aroma laughed.", "Aroma left.", "Aroma sat down.", "It was dark."]
    src = [zh_features(s) for s in zh]
    tgt = [en_features(s) for s in en]
    spans = [(k, k + 1, k, k + 1) for k in range(4)]
    table = learn_table(src, tgt, spans)
    assert "aroma" in table["袭人"]
    assert "aroma" in apply_table(src, table)[0].keys

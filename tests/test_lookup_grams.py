"""Comparison keys and grams: what a text is filed under (tmbrief/lookup/grams.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import ROOT, SEED_ID, SHARED, run_cached
from tmbrief.lookup.bulk import bulk_grams, bulk_index
from tmbrief.lookup.grams import NUMBER_MARK, family, grams_of, key, key_hash, tokens
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


# Texts that test the bulk key's folding table: folds of several code points (…, ½, ﬁ,
# ℃, Ǆ), combining marks and Hangul jamo (folded by NFKC of the whole text), numbers
# with separators, full-width digits and spaces, other decimal digits, the number mark.
NEWS = SHARED / "bench" / "news" / "wmt22-zh-en-news-dev.jsonl"

TRICKY = [
    "a", "", "ab", "涪", "x\ny", "5", "ＡＢＣ", "Ünïcödé straße", "……好的", "温度25℃",
    "½ 1,000.5 1..2 ３．５", "ﬁne İstanbul", "e\u0301té", "\u1100\u1161\u11a8 ㄱㅏ 가\u11a8",
    "a\u0308\u0301", ",5.", "5,", "1.2.3,4", "\ue000x", "A_b", "٣٤ ²", "Ǆ ǅ", "　全角　",
    "x\x1cy", "\u200b", "𝐀𝟘 ⑴", "“14th Five-Year-Plan”", "19th-century", "it’s 5 o’clock",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bulk_grams_equal_one_text_at_a_time(lang):
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    texts = [u.source if lang == "zh" else u.target for u in units] + TRICKY
    owners, codes, counts, keys = bulk_grams(texts, lang)
    hashes = bulk_index(texts, lang)[3]
    for i, text in enumerate(texts):
        assert keys[i] == key(text.replace("\n", " "), lang), text
        mine = tuple(sorted(int(c) for c in codes[owners == i]))
        assert mine == grams_of(keys[i], lang)
        assert counts[i] == len(mine)
        assert hashes[i] == key_hash(keys[i])


# Folds of several code points beside numbers and dots (½ is 1⁄2, … is ..., ﬁ is fi): the
# compiled loops read such a fold in place, where bulk_keys rewrites the text first.
AROUND_MULTI = ["x…5.5", "½.5 5.½", "ﬁ½ 1…2 3.…", "5.…5", "㎡5", "5㎡.5", "a\nb 5.\n5"]


def _real_texts(lang: str) -> list[str]:
    """The seed TM's side ``lang`` and every WMT22 news sentence of that language."""
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    texts = [u.source if lang == "zh" else u.target for u in units]
    for line in NEWS.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        texts += doc["zh"] if lang == "zh" else (doc.get("en") or []) + (doc.get("en_B") or [])
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compiled_loops_equal_numpy(lang, monkeypatch):
    """kernels.py (numba) and bulk.py's numpy steps file every text alike: the same keys,
    hashes, gram counts and grams (a text's grams in another order), in several pieces."""
    from tmbrief.lookup import bulk

    monkeypatch.setattr(bulk, "PIECE_CHARS", 20_000)
    texts = _real_texts(lang) + TRICKY + AROUND_MULTI
    texts += [t.upper() + " 3,5 x" for t in texts[:200]]
    compiled = bulk_index(texts, lang, compiled=True)
    numpy_only = bulk_index(texts, lang, compiled=False)
    assert (np.diff(compiled[0]) >= 0).all()  # grouped by text, in order
    for mine, theirs in zip(compiled[:4], numpy_only[:4], strict=True):
        assert mine.dtype == theirs.dtype
    same_order = np.lexsort((compiled[1], compiled[0]))
    assert np.array_equal(compiled[0][same_order], numpy_only[0])
    assert np.array_equal(compiled[1][same_order], numpy_only[1])
    assert np.array_equal(compiled[2], numpy_only[2])
    assert np.array_equal(compiled[3], numpy_only[3])
    assert compiled[4].text == numpy_only[4].text
    assert np.array_equal(compiled[4].ends, numpy_only[4].ends)
    assert compiled[4].as_list() == [key(t.replace("\n", " "), lang) for t in texts]


def test_kernels_know_the_character_classes_of_bulk():
    from tmbrief.lookup import bulk, kernels

    for name in ("DROP", "WORD", "DIGIT", "DOT", "SEP"):
        assert getattr(kernels, name) == getattr(bulk, "_" + name), name


def test_compiled_loops_are_cached_and_small_indexes_do_not_load_numba(tmp_path):
    """The first use compiles the loops into the user cache, the next process reads them
    from it; syncing the index of the seed TM (36 units) never imports numba."""
    code = (
        "import sys\n"
        "from tmbrief.lookup.bulk import bulk_index\n"
        "from tmbrief.lookup import kernels\n"
        "bulk_index(['涪陵区 5.2%'], 'zh', compiled=True)\n"
        "print(sum(kernels.key_chars.stats.cache_hits.values()))\n"
    )
    first, second = run_cached(code, tmp_path / "cache")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert (first.stdout.strip(), second.stdout.strip()) == ("0", "1")
    assert list((tmp_path / "cache").rglob("*.nbi"))
    small = (
        "import sys\n"
        "from tmbrief.lookup.index import CorpusIndex\n"
        f"CorpusIndex({str(ROOT / 'tm')!r}, {str(tmp_path / 'index.sqlite')!r}).sync()\n"
        "print('numba' in sys.modules)\n"
    )
    (run,) = run_cached(small, tmp_path / "cache", times=1)
    assert run.stdout.strip() == "False", run.stderr


def test_only_marks_and_hangul_jamo_compose_with_what_precedes_them():
    """bulk.py folds one code point at a time, which is right because (Unicode data) the
    second character of every canonical composition is a mark or a Hangul jamo."""
    import unicodedata

    for cp in range(0x30000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                assert unicodedata.category(chr(int(parts[1], 16))).startswith("M"), hex(cp)


def test_fold_is_nfkc_and_casefold_for_every_character_and_mixed_text():
    """fold's shortcut (the common compatibility characters replaced by their NFKD first)
    gives exactly NFKC + casefold: every BMP character alone, and random mixes of
    full-width forms, combining marks and kana voicing marks that compose across them."""
    import random
    import unicodedata

    from tmbrief.lookup.grams import fold

    def reference(text):
        return unicodedata.normalize("NFKC", text).casefold()

    every = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000]
    assert [c for c in every if fold(c) != reference(c)] == []
    rng = random.Random(19)
    pool = ["，", "Ａ", "ａ", "…", "ｶ", "ﾞ", "\u3099", "\u0301", "e", "か", "１", "％", "\u3000"]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 8)))
        assert fold(text) == reference(text), repr(text)

"""POS tags of tmbrief.core.zh_pos: exactly jieba.posseg's, from the cached HMM tables."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import SEED_ZH, SHARED
from tmbrief.core import zh_words

MAC_DEV = SHARED / "bench" / "align" / "mac-dev"

# Each goes through another branch of jieba.posseg: dictionary words, runs of single
# characters cut by the HMM (names), digits and Latin letters inside and outside Han
# blocks, whitespace, punctuation.
CASES = [
    "涪陵区发布新材料产业规划。",
    "记者李黎、实习生陈泓莹报道：2023年12月20日，涪陵区召开新闻发布会。",
    "他说：“这是G20峰会的H1N1议题，增长3.5%。”",
    "韩宇宸和欧阳娜娜在CBD的Starbucks喝咖啡\r\n然后 回家",
    "一二三四五六七八九十百千万亿",
    "",
    "   ",
    "abc 123 4.5.6",
]


@pytest.fixture(scope="module")
def jieba_posseg():
    """jieba.posseg's own tokenizer over the same word tokenizer and word tags."""
    ours = zh_words.pos_tokenizer()
    jieba = zh_words._import_jieba()
    zh_words._import_posseg(jieba)
    import jieba.posseg

    ref = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    ref.tokenizer, ref.word_tag_tab = ours.tokenizer, ours.word_tag_tab
    return lambda text: [(p.word, p.flag) for p in ref.cut(text, HMM=True)]


@pytest.mark.parametrize("text", CASES)
def test_tags_are_jiebas(jieba_posseg, text):
    assert list(zh_words.pos_tokenizer().cut(text)) == jieba_posseg(text)


def _dev_lines():
    lines = SEED_ZH.read_text(encoding="utf-8").splitlines()
    for path in sorted(MAC_DEV.glob("*.zh"))[:4]:
        lines += path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def test_tags_are_jiebas_on_the_seed_and_dev_articles(jieba_posseg):
    lines = _dev_lines()
    assert len(lines) > 100
    ours = zh_words.pos_tokenizer()
    differ = [x for x in lines if list(ours.cut(x)) != jieba_posseg(x)]
    assert differ == []


def test_the_hmm_tables_come_back_from_the_cache_unchanged(tmp_path):
    code = (
        "from tmbrief.core.zh_words import pos_tokenizer; import sys\n"
        "print(list(pos_tokenizer().cut('韩宇宸和欧阳娜娜在涪陵'))); "
        "print('jieba.posseg' in sys.modules)"
    )
    env = {"TMBRIEF_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    cold, warm = (r.stdout.splitlines() for r in runs)
    assert cold[0] == warm[0]  # built, then read from the cache
    assert warm[1] == "False"  # warm, jieba.posseg is not imported

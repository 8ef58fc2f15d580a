"""The shared jieba tokenizers: one Tokenizer per process, POS tags over the same one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tmbrief.align.lexicon import cut
from tmbrief.brief.text import tagged
from tmbrief.core import zh_words


def test_one_tokenizer_per_process():
    assert zh_words.tokenizer() is zh_words.tokenizer()
    assert zh_words.pos_tokenizer() is zh_words.pos_tokenizer()


def test_pos_tokenizer_is_built_on_the_shared_tokenizer():
    assert zh_words.pos_tokenizer().tokenizer is zh_words.tokenizer()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("涪陵区发布新材料产业规划。", ["涪陵区", "发布", "新", "材料", "产业", "规划", "。"]),
        ("他住在北京。", ["他", "住", "在", "北京", "。"]),
    ],
)
def test_words_and_tags_agree_on_the_cut(text, words):
    assert cut(text) == words
    assert [w for w, _ in tagged(text)] == words


@pytest.mark.parametrize(
    ("text", "word", "flag"),
    [
        ("涪陵区发布新材料产业规划。", "涪陵区", "ns"),
        ("涪陵区发布新材料产业规划。", "发布", "v"),
        ("他住在北京。", "北京", "ns"),
    ],
)
def test_pos_flags(text, word, flag):
    assert (word, flag) in tagged(text)


def test_words_alone_do_not_load_the_pos_tables():
    # jieba.posseg's HMM tables cost ~50 MB and ~0.3 s: the aligner must not pay for them.
    code = (
        "import sys; from tmbrief.align.lexicon import cut; cut('涪陵区发布规划。'); "
        "print('jieba.posseg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


FINALSEG = (
    "import json, sys, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "import jieba.finalseg\n"
    "lines = json.load(sys.stdin)\n"
    "print(json.dumps([list(jieba.finalseg.cut(x)) for x in lines], ensure_ascii=False))\n"
)


def test_the_word_hmm_cuts_as_with_jiebas_own_emission_module():
    import json

    import regex

    from tests.conftest import SEED_ZH, SHARED

    text = SEED_ZH.read_text(encoding="utf-8")
    for path in sorted((SHARED / "bench" / "align" / "mac-dev").glob("*.zh"))[:3]:
        text += path.read_text(encoding="utf-8")
    runs = regex.findall(r"\p{Han}+", text)  # what jieba hands its HMM: runs of Han
    assert len(runs) > 500
    zh_words.tokenizer()  # our jieba: finalseg's emissions from the cached table
    finalseg = sys.modules["jieba.finalseg"]
    assert type(finalseg.emit_P["B"]).__name__ == "_Emissions"
    ours = [list(finalseg.cut(x)) for x in runs]
    theirs = subprocess.run(
        [sys.executable, "-c", FINALSEG],
        input=json.dumps(runs),
        capture_output=True,
        text=True,
        check=True,
    )
    assert ours == json.loads(theirs.stdout)

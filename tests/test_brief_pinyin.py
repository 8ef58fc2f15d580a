"""pypinyin over the cached table gives what pypinyin with its full dictionaries gives."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

from tests.conftest import run_cached
from tmbrief.brief.pinyin import _data_dir

# Names, outlets and polyphonic characters and phrases (重庆 chong, 银行 hang, 长春 chang).
TEXTS = [
    *("单 曾 解 区 长 吕 乐 一 不对 行行好 朝阳 朝阳区 重庆 欧阳 建安 新华网 湖南日报".split()),
    *("涪陵 巴克利 凯莱什 贾古特帕尔 李建国 陈泓莹 银行 重庆银行行长 长春 音乐 快乐".split()),
    "ABC中国x",
    "凯莱什·贾古特帕尔",
]

RUN = (
    "import json, sys\n"
    "texts = json.loads(sys.stdin.read())\n"
    "if sys.argv[1] == 'full':\n"
    "    from pypinyin import Style, lazy_pinyin\n"
    "    out = [lazy_pinyin(t, style=Style.NORMAL, v_to_u=True, errors='default') for t in texts]\n"
    "else:\n"
    "    from tmbrief.brief.pinyin import lazy_pinyin\n"
    "    out = [lazy_pinyin(t) for t in texts]\n"
    "print(json.dumps(out, ensure_ascii=False))\n"
)


def _random_texts(count: int) -> list[str]:
    """Strings of pypinyin's own phrases and characters run together (fixed seed)."""
    folder = _data_dir()
    rng = random.Random(19)
    phrases = sorted(json.loads((folder / "phrases_dict.json").read_text(encoding="utf-8")))
    chars = (
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着"
        "去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主"
        "行方又如前所本见经头面公同三已老从动两长"
    )
    texts = []
    for _ in range(count):
        parts = [rng.choice(phrases) if rng.random() < 0.6 else rng.choice(chars) for _ in range(4)]
        texts.append("".join(parts))
    return texts


def test_the_cached_table_gives_pypinyins_own_readings(tmp_path):
    texts = TEXTS + _random_texts(300)
    env = dict(os.environ, TMBRIEF_CACHE_DIR=str(tmp_path / "cache"))
    # The second "ours" reads the cached table.
    outputs = [_run(mode, texts, env) for mode in ("full", "ours", "ours")]
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[1][:2] == [["dan"], ["ceng"]]


def _run(mode: str, texts: list[str], env: dict) -> list:
    done = subprocess.run(
        [sys.executable, "-c", RUN, mode],
        input=json.dumps(texts),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_names_read_without_pypinyin_match_pypinyin_for_every_character(tmp_path):
    # Texts with no phrase in them are read from the table alone (no pypinyin import):
    # every character pypinyin knows, and random two- and three-character names.
    folder = _data_dir()
    codes = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    chars = [chr(int(code)) for code in codes]
    rng = random.Random(1919)
    names = ["".join(rng.choice(chars) for _ in range(rng.choice((2, 3)))) for _ in range(2000)]
    texts = chars + names + ["", "x", "董x", "ü"]
    env = dict(os.environ, TMBRIEF_CACHE_DIR=str(tmp_path / "cache"))
    assert _run("ours", texts, env) == _run("full", texts, env)


def test_a_name_is_read_without_importing_pypinyin(tmp_path):
    code = (
        "import sys; from tmbrief.brief.pinyin import lazy_pinyin\n"
        "print(lazy_pinyin('董霞'), lazy_pinyin('吕'), 'pypinyin' in sys.modules)"
    )
    (out,) = run_cached(code, tmp_path / "cache", times=1)
    assert out.stdout.strip() == "['dong', 'xia'] ['lü'] False", out.stderr

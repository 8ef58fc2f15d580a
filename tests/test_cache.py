"""The user's cache (tmbrief.core.cache) and jieba's prefix dictionary kept in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cached
from tmbrief.core import cache

WORDS = (
    "from tmbrief.core.zh_words import tokenizer; print('/'.join(tokenizer().lcut('他住在北京。')))"
)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(home))
    return home


def test_cache_dir_is_versioned_under_the_override(cache_home):
    assert cache.cache_dir() == cache_home / cache.CACHE_VERSION


def test_cache_dir_defaults_to_the_users_cache_dir(monkeypatch):
    import platformdirs

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    expected = Path(platformdirs.user_cache_dir("tmbrief", appauthor=False))
    assert cache.cache_dir() == expected / cache.CACHE_VERSION


@pytest.mark.parametrize("xdg", [None, "", "relative/cache", "/tmp/xdg-cache"])
def test_cache_dir_agrees_with_platformdirs(monkeypatch, xdg):
    import platformdirs

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    expected = Path(platformdirs.user_cache_dir("tmbrief", appauthor=False))
    assert cache.cache_dir() == expected / cache.CACHE_VERSION


def test_round_trip_and_missing(cache_home):
    assert cache.read_cache("x.bin") is None
    assert cache.write_cache("x.bin", b"payload")
    assert cache.read_cache("x.bin") == b"payload"
    assert [p.name for p in cache.cache_dir().iterdir()] == ["x.bin"]  # no temp file left


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"",  # empty
    ],
)
def test_a_damaged_cache_file_reads_as_missing(cache_home, damage):
    cache.write_cache("x.bin", b"some payload bytes")
    path = cache.cache_dir() / "x.bin"
    path.write_bytes(damage(path.read_bytes()))
    assert cache.read_cache("x.bin") is None


def test_cache_names_change_with_their_key():
    assert cache.cache_name("d", 1, "a") == cache.cache_name("d", 1, "a")
    assert cache.cache_name("d", 1, "a") != cache.cache_name("d", 2, "a")
    assert cache.cache_name("d", 1, "a").startswith("d-")


def test_cached_builds_once_then_loads(cache_home):
    calls = []

    def build():
        calls.append(1)
        return "value"

    for _ in range(3):
        assert cache.cached("v.bin", build, str.encode, bytes.decode) == "value"
    assert calls == [1]


def test_cached_rebuilds_when_load_rejects_the_payload(cache_home):
    cache.write_cache("v.bin", b"garbage")

    def load(payload):
        raise ValueError("not mine")

    assert cache.cached("v.bin", lambda: "fresh", str.encode, load) == "fresh"
    assert cache.read_cache("v.bin") == b"fresh"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_cache_dir_costs_only_time(cache_home):
    cache_home.mkdir()
    cache_home.chmod(0o555)
    try:
        assert cache.write_cache("x.bin", b"p") is False
        assert cache.cached("x.bin", lambda: "built", str.encode, bytes.decode) == "built"
    finally:
        cache_home.chmod(0o755)


def test_cache_dir_that_is_a_file_costs_only_time(cache_home):
    cache_home.write_text("not a directory")
    assert cache.write_cache("x.bin", b"p") is False
    assert cache.read_cache("x.bin") is None
    assert cache.cached("x.bin", lambda: "built", str.encode, bytes.decode) == "built"


def _words(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WORDS],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_jieba_cache_goes_to_the_user_cache_and_not_the_temp_dir(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMBRIEF_CACHE_DIR=str(tmp_path / "cache"), TMPDIR=str(temp))
    folder = tmp_path / "cache" / cache.CACHE_VERSION
    # Two processes start at once on an empty cache: both work, and one complete file of
    # each table remains (jieba's prefix dictionary, its word HMM's emissions), no temp file.
    procs = [_words(env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [o for o, _ in outs] == ["他/住/在/北京/。\n"] * 2
    assert [e for _, e in outs] == ["", ""]
    files = sorted(p.name for p in folder.iterdir())
    assert [f.rsplit("-", 1)[0] for f in files] == ["jieba-finalseg-emit", "jieba-prefix"]
    assert all(f.endswith(".bin") for f in files), files
    assert list(temp.iterdir()) == []  # jieba's own temp-dir cache is not used
    # A third run reads the cache: same words, nothing new written.
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    out, err = _words(env).communicate(timeout=300)
    assert (out, err) == ("他/住/在/北京/。\n", "")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps


def test_jieba_with_a_broken_cache_dir_prints_no_traceback(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    env = dict(os.environ, TMBRIEF_CACHE_DIR=str(blocker), TMPDIR=str(tmp_path))
    out, err = _words(env).communicate(timeout=300)
    assert (out, err) == ("他/住/在/北京/。\n", "")


# --- the dictionaries kept in the cache: loaded tables equal freshly built ones -------

TABLES = (
    "import json, sys\n"
    "from tmbrief.align.lexicon import cedict\n"
    "from tmbrief.core.zh_words import pos_tokenizer\n"
    "c = cedict(); tags = pos_tokenizer().word_tag_tab\n"
    "print(json.dumps([len(c.definitions), c.definitions['涪陵'].decode(), c.readings['单'],"
    " len(c.vocabulary), len(tags), tags['李建国'],"
    " [tuple(p) for p in pos_tokenizer().cut('李建国说')]], ensure_ascii=False))\n"
)


def test_cedict_and_jieba_tags_come_back_from_the_cache_unchanged(tmp_path):
    runs = run_cached(TABLES, tmp_path / "c")
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[0].stdout == runs[1].stdout  # built, then loaded from the cache
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "c" / cache.CACHE_VERSION).iterdir())
    # jieba: prefixes, word tags, the POS HMM (core.zh_pos), the word HMM's emissions;
    # regex: the rule patterns (core.rx)
    assert names == ["cedict", "jieba", "jieba", "jieba", "jieba", "regex"]
    assert "nr" in runs[1].stdout and "Fuling" in runs[1].stdout


def test_moses_prefixes_come_back_from_the_cache_as_sacremoses_gives_them(tmp_path):
    code = (
        "import sys\n"
        "from tmbrief.segment.rules import _moses_prefixes\n"
        "lines = _moses_prefixes('en')\n"
        "print(len(lines), lines[:3], 'sacremoses.tokenize' in sys.modules)\n"
    )
    first, second = run_cached(code, tmp_path / "c")
    from sacremoses.corpus import NonbreakingPrefixes

    expected = tuple(NonbreakingPrefixes().words("en"))
    assert first.stdout.split(" True")[0] == second.stdout.split(" False")[0]
    assert first.stdout.startswith(f"{len(expected)} {expected[:3]}")
    assert first.stdout.strip().endswith("True")  # built: sacremoses imported
    assert second.stdout.strip().endswith("False")  # loaded: sacremoses not imported


def test_jieba_is_imported_without_pkg_resources():
    code = (
        "import sys\n"
        "from tmbrief.core.zh_words import tokenizer\n"
        "print(tokenizer().lcut('他住在北京。'), 'pkg_resources' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['他', '住', '在', '北京', '。'] False"

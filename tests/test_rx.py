"""Rule patterns compiled once and kept in the user's cache (tmbrief.core.rx)."""

from __future__ import annotations

import pytest
import regex

from tmbrief.core import cache, rx

# (pattern, flags, text): each pattern must find in text what regex.compile's finds.
CASES = [
    (r"(?P<year>\d{4})年(?P<month>\d{1,2})月", 0, "今年2023年12月20日"),
    (r"[\p{Han}·•・‧]+", 0, "记者 李黎·陈"),
    (r"\bshare\b|分享到", regex.IGNORECASE, "SHARE this 分享到微信"),
    (r"[[\p{Cc}\p{Cf}]--[\t\n]]", regex.V1, "a\tb\u200bc"),
    (r"(?<!\d)[,，]|[,，](?!\d)", 0, "1,000，多"),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """rx as in a new process, over an empty cache directory."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(rx, "_known", None)
    monkeypatch.setattr(rx, "_added", {})
    return tmp_path / "cache"


def _same(a: regex.Pattern, b: regex.Pattern, text: str) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
    assert [m.groupdict() for m in a.finditer(text)] == [m.groupdict() for m in b.finditer(text)]


@pytest.mark.parametrize(("pattern", "flags", "text"), CASES)
def test_cold_then_warm_compile_equals_regex(fresh, monkeypatch, pattern, flags, text):
    cold = rx.compile(pattern, flags)
    _same(cold, regex.compile(pattern, flags), text)
    assert rx.save()
    assert (fresh / cache.CACHE_VERSION / rx.cache_file()).exists()
    monkeypatch.setattr(rx, "_known", None)  # the next process: read from the file
    compiled = []
    monkeypatch.setattr(regex, "compile", lambda *a, **k: compiled.append(a) or regex.Regex(*a))
    warm = rx.compile(pattern, flags)
    assert [a for a in compiled if a[0] == pattern] == []  # rebuilt from the cache
    _same(warm, regex.compile(pattern, flags), text)


def test_nothing_to_save_writes_nothing(fresh):
    assert not rx.save()
    assert not fresh.exists()


def test_a_damaged_cache_file_only_costs_the_compile(fresh, monkeypatch):
    rx.compile(r"\d+年")
    assert rx.save()
    path = fresh / cache.CACHE_VERSION / rx.cache_file()
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    monkeypatch.setattr(rx, "_known", None)
    assert rx.compile(r"\d+年").findall("2023年和2024年") == ["2023年", "2024年"]


def test_an_entry_that_does_not_rebuild_is_compiled(fresh, monkeypatch):
    rx._programs()[("x+", 0)] = ("not", "a", "program")
    assert rx.compile("x+").findall("axxb") == ["xx"]


def test_the_file_name_changes_with_the_versions(monkeypatch):
    name = rx.cache_file()
    monkeypatch.setattr(rx, "__version__", "999.0")
    assert rx.cache_file() != name

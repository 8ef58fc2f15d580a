"""Look-up tables kept in the user's cache (tmbrief.core.table)."""

from __future__ import annotations

import mmap

import pytest

from tmbrief.core import cache
from tmbrief.core.table import DamagedTable, Table, cached_table, dump_table, table_name

ENTRIES = {
    "涪陵": 3,
    "涪": 0,
    "a": b"bytes\x00value",
    "readings": ("chen", "shen"),
    "": "the empty key",
    "𠀀": None,
}


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / cache.CACHE_VERSION


@pytest.mark.parametrize("size", [0, 1, 2, 3, 1000])
def test_a_table_answers_as_the_dict_it_was_made_of(size):
    entries = {f"w{k}": k for k in range(size)} | ENTRIES
    table = Table(dump_table(entries, meta=("meta", 7)))
    assert dict(table) == entries and len(table) == len(entries)
    assert all(table[k] == v and k in table and table.get(k, "x") == v for k, v in entries.items())
    assert "missing" not in table and table.get("missing") is None and 3 not in table
    with pytest.raises(KeyError):
        table["missing"]
    assert table.meta == ("meta", 7)


def test_entries_added_later_are_looked_up_first_and_never_written():
    data = dump_table(ENTRIES)
    table = Table(data)
    table["新词"] = 5
    table["涪陵"] = 9  # jieba's add_word may raise a frequency
    assert (table["新词"], table["涪陵"], len(table)) == (5, 9, len(ENTRIES) + 1)
    assert Table(data)["涪陵"] == 3


@pytest.mark.parametrize(
    "damage", [lambda d: d[:-1], lambda d: d[:20], lambda d: b"x" + d[1:], lambda d: b""]
)
def test_a_damaged_table_is_refused(damage):
    with pytest.raises(ValueError, match="tmbrief table"):
        Table(damage(dump_table(ENTRIES)))


def test_a_table_is_built_once_then_read_from_the_cache(cache_home):
    calls = []

    def build():
        calls.append(1)
        return ENTRIES, len(ENTRIES)

    name = table_name("t", "1")
    first, second = cached_table(name, build), cached_table(name, build)
    assert calls == [1] and dict(first) == dict(second) == ENTRIES and second.meta == 6


def _damage_last_bucket(path):
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF  # the last bucket's CRC-32 no longer matches
    path.write_bytes(bytes(data))


def test_a_damaged_bucket_is_refused_without_a_rebuild():
    data = bytearray(dump_table(ENTRIES))
    data[-3] ^= 0xFF
    table = Table(bytes(data))  # nothing is checked up front ...
    with pytest.raises(DamagedTable):
        dict(table)  # ... but every bucket is, before a whole-table read


@pytest.mark.parametrize("read", [dict, lambda t: {k: t.get(k) for k in ENTRIES}])
def test_a_corrupt_cached_table_is_built_again(cache_home, read):
    name = table_name("t", "1")
    cached_table(name, lambda: (ENTRIES, None))
    _damage_last_bucket(cache_home / name)
    calls = []

    def build():
        calls.append(1)
        return {"fresh": 1} | {k: "new" for k in ENTRIES}, None

    fresh = {"fresh": 1} | {k: "new" for k in ENTRIES}
    got = read(cached_table(name, build))  # the damaged bucket is read: built again
    assert calls == [1] and all(got[k] in (ENTRIES[k], "new") for k in ENTRIES)
    assert dict(cached_table(name, build)) == fresh and calls == [1]  # the file was replaced


def test_a_cached_table_is_mapped_not_read(cache_home):
    name = table_name("t", "1")
    cached_table(name, lambda: (ENTRIES, None))
    table = cached_table(name, lambda: (ENTRIES, None))
    assert isinstance(table._data.obj, mmap.mmap) and dict(table) == ENTRIES


def test_added_entries_outlive_the_bound_on_remembered_keys(monkeypatch):
    monkeypatch.setattr("tmbrief.core.table.SEEN_LIMIT", 3)
    table = Table(dump_table({f"w{k}": k for k in range(50)}))
    table["新词"] = 5
    assert [table.get(f"w{k}") for k in range(50)] == list(range(50))
    assert len(table._seen) <= 4 and table["新词"] == 5 and "新词" in table

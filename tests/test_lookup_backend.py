"""The index backend contract: every backend (SQLite; PostgreSQL in issue 18) runs this suite.

A backend joins by adding a factory to BACKENDS: a function of pytest's
``request`` and ``tmp_path`` returning a fresh, empty backend (or calling ``pytest.skip`` where
its server is truly absent, saying why).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest

from tests.conftest import ROOT, SEED_ID
from tmbrief.core.errors import InputError
from tmbrief.lookup.backend import IndexBackend, IndexCorrupt, IndexUnit, SourceState, batches_of
from tmbrief.lookup.grams import grams_of, key, query_grams
from tmbrief.lookup.units import index_units
from tmbrief.tm.memory import read_tm


def _sqlite(request, tmp_path):
    from tmbrief.lookup.sqlite import SQLiteBackend

    return SQLiteBackend(tmp_path / "index.sqlite")


def _postgresql(request, tmp_path):
    from tmbrief.lookup.postgres import PostgresBackend

    return PostgresBackend(request.getfixturevalue("postgres_db"))


BACKENDS = {"sqlite": _sqlite, "postgresql": _postgresql}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path):
    store = BACKENDS[request.param](request, tmp_path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def seed_units() -> list[IndexUnit]:
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    return index_units(units, f"tm/{SEED_ID}.tsv")


def state(name: str, sha: str = "0" * 64) -> SourceState:
    return SourceState(name=name, mtime_ns=1, size=2, sha256=sha)


def test_backend_is_an_index_backend(backend):
    assert isinstance(backend, IndexBackend)


def test_an_empty_backend_finds_nothing(backend):
    q = query_grams("涪陵区经济发展", "zh-CN")
    assert backend.unit_count() == 0
    assert backend.sources() == {}
    assert backend.candidates(q, 10) == []
    assert backend.containing(q, 10) == []
    assert backend.exact(q) == []
    assert backend.units_by_ids([0, 1]) == []


def test_units_come_back_as_stored(backend, seed_units):
    assert backend.add_units(state("a"), seed_units) == len(seed_units)
    assert backend.unit_count() == len(seed_units)
    assert backend.sources() == {"a": state("a")}
    ids = [i for i, _ in backend.candidates(query_grams(seed_units[3].source, "zh"), 1000)]
    got = {u.tuid: u for u in backend.units_by_ids(ids)}
    for u in seed_units:
        if u.tuid in got:
            assert replace(got[u.tuid], id=-1) == u


def test_units_by_ids_keeps_the_order_asked_and_skips_unknown_ids(backend, seed_units):
    backend.add_units(state("a"), seed_units)
    ids = [i for i, _ in backend.candidates(query_grams(seed_units[0].source, "zh"), 3)]
    asked = [*reversed(ids), 10**9]
    assert [u.id for u in backend.units_by_ids(asked)] == list(reversed(ids))


@pytest.mark.parametrize(("lang", "side"), [("zh-CN", "source"), ("en", "target")])
def test_stored_keys_and_texts_are_those_of_the_units(backend, seed_units, lang, side):
    backend.add_units(state("a"), seed_units)
    stored = sorted(backend.units_by_ids(range(10**4)), key=lambda u: u.id)
    ids = [u.id for u in stored][::-3]  # any order, as a lookup asks
    by_id = {u.id: u for u in stored}
    assert backend.keys_by_ids(ids, lang) == [key(getattr(by_id[i], side), lang) for i in ids]
    fields = ("id", "source", "target", "segtype", "status", "confidence", "tuid")
    expected = [tuple(getattr(by_id[i], f) for f in fields) for i in sorted(ids)]
    assert backend.texts_by_ids([*ids, 10**9]) == expected  # in id order, unknown left out


def test_keys_read_the_same_whatever_size_their_rows_were_written_in(tmp_path, seed_units,
                                                                     monkeypatch):  # fmt: skip
    """An index built with another KEY_ROW (an older tmbrief's) is read the same."""
    from tmbrief.lookup import sqlite as sqlite_backend

    found = []
    for size in (1, 5, 64):
        monkeypatch.setattr(sqlite_backend, "KEY_ROW", size)
        store = sqlite_backend.SQLiteBackend(tmp_path / f"index-{size}.sqlite")
        store.add_units(state("a"), seed_units)
        monkeypatch.setattr(sqlite_backend, "KEY_ROW", 32)  # read by today's code
        ids = list(range(len(seed_units)))[::-2]
        found.append(store.keys_by_ids(ids, "zh-CN") + store.keys_by_ids(ids, "en"))
        store.close()
    want = [key(seed_units[i].source, "zh") for i in ids]
    assert found[0] == found[1] == found[2] and found[0][: len(ids)] == want


@pytest.mark.parametrize("side", ["zh", "en"])
def test_every_sentence_is_its_own_best_candidate(backend, seed_units, side):
    backend.add_units(state("a"), seed_units)
    for u in seed_units:
        text = u.source if side == "zh" else u.target
        if u.segtype != "sentence" or not text:
            continue
        found = backend.candidates(query_grams(text, side), 5)
        best = backend.units_by_ids([found[0][0]])[0]
        assert key(best.source if side == "zh" else best.target, side) == key(text, side)
        assert found[0][1] == pytest.approx(1.0)
        assert [o for _, o in found] == sorted((o for _, o in found), reverse=True)


def test_candidates_rank_an_edited_sentence_first(backend, seed_units):
    backend.add_units(state("a"), seed_units)
    original = next(u for u in seed_units if u.segtype == "sentence" and len(u.source) > 30)
    edited = original.source[:10] + "今年" + original.source[12:]
    first = backend.units_by_ids([backend.candidates(query_grams(edited, "zh"), 5)[0][0]])[0]
    # The sentence or a block/paragraph unit holding it ranks first; the sentence is in the top 5.
    assert original.source in first.source
    top = backend.units_by_ids([i for i, _ in backend.candidates(query_grams(edited, "zh"), 5)])
    assert original.tuid in {u.tuid for u in top}


def test_exact_finds_the_same_key_only(backend, seed_units):
    backend.add_units(state("a"), seed_units)
    u = next(u for u in seed_units if u.segtype == "sentence")
    # Width and spaces do not change the key; one more character does.
    wide = u.source.replace("，", ",") + " "
    hits = backend.units_by_ids(backend.exact(query_grams(wide, "zh")))
    assert u.tuid in {h.tuid for h in hits}
    assert all(key(h.source, "zh") == key(u.source, "zh") for h in hits)
    assert backend.exact(query_grams(u.source + "了", "zh")) == []


@pytest.mark.parametrize(
    ("term", "lang"),
    [("涪陵", "zh"), ("先进材料", "zh"), ("Fuling", "en"), ("materials industry", "en")],
)
def test_containing_is_a_superset_of_the_units_holding_a_term(backend, seed_units, term, lang):
    backend.add_units(state("a"), seed_units)
    side = (lambda u: u.source) if lang == "zh" else (lambda u: u.target)
    holding = {u.tuid for u in seed_units if key(term, lang) in key(side(u), lang)}
    assert holding, "the term must occur in the seed"
    found = {
        u.tuid for u in backend.units_by_ids(backend.containing(query_grams(term, lang), 10**6))
    }
    assert holding <= found


def test_containing_a_term_shorter_than_a_gram(backend, seed_units):
    backend.add_units(state("a"), seed_units)
    q = query_grams("材", "zh")
    assert len(grams_of(q.key, "zh")) == 1
    found = backend.units_by_ids(backend.containing(q, 10**6))
    assert {u.tuid for u in found} == {u.tuid for u in seed_units if "材" in u.source}


def test_add_units_replaces_a_source_and_leaves_the_others(backend, seed_units):
    backend.add_units(state("a"), seed_units)
    backend.add_units(state("b"), seed_units[:5])
    backend.add_units(state("a", "1" * 64), seed_units[:2])
    assert backend.unit_count() == 7
    assert backend.sources()["a"].sha256 == "1" * 64
    q = query_grams(seed_units[10].source, "zh")
    hits = backend.units_by_ids([i for i, _ in backend.candidates(q, 100)])
    assert seed_units[10].tuid not in {h.tuid for h in hits}
    backend.remove_source("a")
    backend.remove_source("never-added")
    assert set(backend.sources()) == {"b"}
    assert backend.unit_count() == 5


def test_a_source_may_hold_no_units(backend):
    assert backend.add_units(state("empty"), []) == 0
    assert "empty" in backend.sources()
    assert backend.candidates(query_grams("涪陵", "zh"), 5) == []


def test_a_source_failing_part_way_leaves_the_index_as_it_was(backend, seed_units):
    backend.add_units(state("tm/a.tsv"), seed_units)
    threads = threading.active_count()

    def failing():  # as a TM file with a bad line after many written batches
        yield from batches_of(seed_units, 10)
        raise InputError("tm/b.tsv", "invalid TM line", 999)

    with pytest.raises(InputError, match="tm/b.tsv:999"):
        backend.add_batches(state("tm/b.tsv"), failing())
    assert set(backend.sources()) == {"tm/a.tsv"}
    assert backend.unit_count() == len(seed_units)
    assert threading.active_count() == threads  # no writer thread left behind
    backend.add_batches(state("tm/b.tsv"), batches_of(seed_units, 10))  # usable afterwards
    assert backend.unit_count() == 2 * len(seed_units)


def test_a_write_failing_on_the_sqlite_writer_thread_is_index_corrupt(
    tmp_path, seed_units, monkeypatch
):
    from tmbrief.lookup import sqlite as sqlite_backend

    store = sqlite_backend.SQLiteBackend(tmp_path / "index.sqlite")
    store.add_units(state("tm/a.tsv"), seed_units)
    calls, write_only = [], sqlite_backend._write_only

    def failing_fifth(write, args):
        calls.append(threading.current_thread().name)
        if len(calls) == 5:
            raise sqlite3.OperationalError("disk I/O error")
        write_only(write, args)

    monkeypatch.setattr(sqlite_backend, "_write_only", failing_fifth)
    with pytest.raises(IndexCorrupt, match="disk I/O error"):
        store.add_batches(state("tm/b.tsv"), batches_of(seed_units, 10))
    assert all(name.startswith("tmbrief-index-write") for name in calls)
    assert len(calls) == 5  # the writes waiting behind the failed one were not run
    assert set(store.sources()) == {"tm/a.tsv"}  # rolled back
    assert store.unit_count() == len(seed_units)
    store.close()


def test_a_full_disk_part_way_leaves_no_stray_rows(tmp_path, seed_units):
    """SQLite ends the transaction itself on SQLITE_FULL: the writes queued behind the
    failed one must not run (each would be committed on its own), and the error is the
    disk's, not a failed ROLLBACK's."""
    from tmbrief.lookup import sqlite as sqlite_backend

    store = sqlite_backend.SQLiteBackend(tmp_path / "index.sqlite")
    store.add_units(state("tm/a.tsv"), seed_units)
    tables = ("units", "keys", "grams", "sources")
    before = {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count={pages + 8}")
    big = [replace(u, context="x" * 200_000) for u in seed_units]  # the units overflow first
    with pytest.raises(IndexCorrupt, match="full"):
        store.add_batches(state("tm/b.tsv"), batches_of([*big, *seed_units], 10))
    after = {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    assert after == before
    store.db.execute("PRAGMA max_page_count=1000000")
    store.add_batches(state("tm/c.tsv"), batches_of(seed_units, 10))  # and it goes on
    assert store.unit_count() == 2 * len(seed_units)
    assert len(store.keys_by_ids(list(range(2 * len(seed_units))), "zh-CN")) == 2 * len(seed_units)
    store.close()

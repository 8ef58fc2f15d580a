"""The index on a PostgreSQL server: the embedded index's answers, shared safely by many users.

Runs against a throwaway server (tests/pg_server.py) on 127.0.0.1; the backend
contract itself is tests/test_lookup_backend.py, run on both backends.
"""

from __future__ import annotations

import threading

import psycopg
import pytest

from tests.conftest import ROOT, SEED_ID
from tests.pg_server import free_port
from tests.test_lookup import write_new_article
from tmbrief.cli import main
from tmbrief.core.errors import ServiceError
from tmbrief.lookup.analyze import match_segments, read_article
from tmbrief.lookup.backend import SourceState
from tmbrief.lookup.concordance import concordance
from tmbrief.lookup.index import CorpusIndex
from tmbrief.lookup.match import find_matches
from tmbrief.lookup.postgres import SCHEMA, PostgresBackend, redact
from tmbrief.lookup.server import ServerIndex, open_index
from tmbrief.lookup.units import index_units
from tmbrief.tm.memory import read_tm

SEED_TM = ROOT / "tm" / f"{SEED_ID}.tsv"


@pytest.fixture
def tm_dir(tmp_path):
    tm = tmp_path / "tm"
    tm.mkdir()
    (tm / f"{SEED_ID}.tsv").write_bytes(SEED_TM.read_bytes())
    return tm


@pytest.fixture
def both(tm_dir, tmp_path, postgres_db):
    """(embedded index, server index) over the same TM directory."""
    embedded = CorpusIndex(tm_dir, tmp_path / "index.sqlite")
    server = ServerIndex(tm_dir, postgres_db)
    yield embedded, server
    embedded.close()
    server.close()


def edited_queries() -> list[tuple[str, str]]:
    """Every sentence of the seed TM, each side, with one word changed or left as is."""
    _, units = read_tm(SEED_TM)
    queries = []
    for i, u in enumerate(u for u in units if u.segtype == "sentence" and u.target):
        zh = u.source if i % 3 == 0 else u.source[: len(u.source) // 2] + "今年" + u.source[
            len(u.source) // 2 + 2 :]  # fmt: skip
        words = u.target.split()
        en = " ".join(words[:-2] + ["today"] + words[-1:]) if len(words) > 4 else u.target
        queries += [(zh, "zh-CN"), (en, "en")]
    return queries


def answers(backend, queries):
    return [
        [(m.score, m.unit.tuid, m.source, m.target) for m in find_matches(backend, q, lang,
                                                                           min_score=50)]
        for q, lang in queries
    ]  # fmt: skip


def test_lookup_gives_the_same_matches_and_scores_on_both(both):
    embedded, server = both
    queries = edited_queries()
    assert len(queries) > 60
    on_sqlite = answers(embedded.sync(), queries)
    on_postgres = answers(server.sync(), queries)
    assert sum(map(len, on_sqlite)) > len(queries)  # there is something to compare
    assert on_postgres == on_sqlite


TERMS = [("涪陵", "zh-CN"), ("材料", "zh-CN"), ("Fuling", "en"), ("industrial cluster", "en")]


@pytest.mark.parametrize(("term", "lang"), TERMS)
def test_concordance_is_the_same_on_both(both, term, lang):
    embedded, server = both
    found = [concordance(ix.sync(), term, lang, 500) for ix in (embedded, server)]
    assert found[0] and [h.as_dict() for h in found[1]] == [h.as_dict() for h in found[0]]


def test_analysis_of_a_new_article_is_the_same_on_both(both, tmp_path):
    embedded, server = both
    article = read_article(write_new_article(tmp_path / "new.zh.txt"))
    bands = [
        [
            (s.segment.text, s.band, s.match and (s.match.score, s.match.unit.tuid))
            for s in match_segments(ix.sync(), article.segments)
        ]  # fmt: skip
        for ix in (embedded, server)
    ]
    assert bands[1] == bands[0]


def test_server_index_follows_the_tm_files(tm_dir, postgres_db):
    ix = ServerIndex(tm_dir, postgres_db)
    n = ix.sync().unit_count()
    assert n > 0
    (tm_dir / "copy.tsv").write_bytes(SEED_TM.read_bytes())
    assert ix.sync().unit_count() == 2 * n
    (tm_dir / "copy.tsv").unlink()
    assert ix.sync().unit_count() == n
    ix.close()


def test_concurrent_writers_of_one_source_lose_nothing_and_double_nothing(postgres_db):
    _, units = read_tm(SEED_TM)
    rows = index_units(units, "shared.tsv")
    state = SourceState("shared.tsv", 1, 2, "0" * 64)
    errors = []

    def writer():
        store = PostgresBackend(postgres_db)
        try:
            for _ in range(3):
                store.add_units(state, rows)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = PostgresBackend(postgres_db)
    assert store.unit_count() == len(rows)  # one whole copy: never two, never a mix
    assert list(store.sources()) == ["shared.tsv"]
    store.close()


def test_users_adding_files_at_once_keep_every_file(tm_dir, tmp_path, postgres_db):
    added = []
    for i in range(6):
        path = tmp_path / f"other-{i}.tsv"
        path.write_bytes(SEED_TM.read_bytes())
        added.append(str(path.resolve()))
    errors = []

    def add(path):
        ix = ServerIndex(tm_dir, postgres_db)
        try:
            ix.add(path)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            ix.close()

    ServerIndex(tm_dir, postgres_db).sync()  # the schema exists before the race
    threads = [threading.Thread(target=add, args=(p,)) for p in added]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ix = ServerIndex(tm_dir, postgres_db)
    assert sorted(ix.added_files()) == sorted(added)
    sources = ix.sync().sources()
    assert {n for n, s in sources.items() if s.kind == "added"} == set(added)
    ix.close()


def test_the_tool_creates_and_versions_its_schema(postgres_db):
    PostgresBackend(postgres_db).close()
    PostgresBackend(postgres_db).close()  # opening again changes nothing
    with psycopg.connect(postgres_db) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA,)]
        assert db.execute("SELECT extname FROM pg_extension WHERE extname='pg_trgm'").fetchone()
        db.execute("UPDATE schema_version SET version = %s", (SCHEMA + 1,))
    with pytest.raises(ServiceError, match="newer than this tool"):
        PostgresBackend(postgres_db)


def test_an_older_schema_is_migrated(postgres_db):
    with psycopg.connect(postgres_db) as db:  # a database left at version 0 by a crash
        db.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (0)")
    store = PostgresBackend(postgres_db)
    assert store.schema_version() == SCHEMA and store.unit_count() == 0
    store.close()


def test_rebuild_keeps_the_added_files(tm_dir, tmp_path, postgres_db):
    other = tmp_path / "other.tsv"
    other.write_bytes(SEED_TM.read_bytes())
    ix = ServerIndex(tm_dir, postgres_db)
    ix.add(other)
    n = ix.sync().unit_count()
    ix.rebuild()
    assert ix.sync().unit_count() == n
    ix.close()


def test_the_database_url_comes_from_the_option_or_the_environment(
    tm_dir, monkeypatch, postgres_db
):
    monkeypatch.delenv("TMBRIEF_DB", raising=False)
    assert type(open_index(tm_dir, "x.sqlite")) is CorpusIndex
    assert type(open_index(tm_dir, db=postgres_db)) is ServerIndex
    monkeypatch.setenv("TMBRIEF_DB", postgres_db)
    assert type(open_index(tm_dir)) is ServerIndex
    assert type(open_index(tm_dir, "x.sqlite")) is CorpusIndex  # an explicit file wins


def test_commands_work_unchanged_with_tmbrief_db(tm_dir, monkeypatch, capsys, postgres_db):
    monkeypatch.setenv("TMBRIEF_DB", postgres_db)
    assert main(["index", "--tm", str(tm_dir), "status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"index {redact(postgres_db)}: ")
    _, units = read_tm(SEED_TM)
    sentence = next(u for u in units if u.segtype == "sentence" and len(u.source) > 20)
    assert main(["lookup", "--tm", str(tm_dir), sentence.source]) == 0
    assert sentence.target in capsys.readouterr().out


def down_url() -> str:
    return f"postgresql://postgres:secret@127.0.0.1:{free_port()}/tmbrief"


@pytest.mark.parametrize(
    "url",
    [down_url(), "postgresql://postgres@no-such-host.invalid/tmbrief", "mysql://127.0.0.1/x"],
    ids=["server-down", "unknown-host", "not-postgres"],
)
def test_a_wrong_database_url_is_one_line_and_exit_2(url, tm_dir, capsys):
    code = main(["lookup", "--tm", str(tm_dir), "--db", url, "涪陵区经济发展"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("tmbrief: error: ")
    assert "secret" not in err  # the password is never shown


def test_redact_hides_the_password_only():
    assert redact("postgresql://ann:pw@db:5432/tm") == "postgresql://ann:***@db:5432/tm"
    assert redact("postgresql://ann@db/tm") == "postgresql://ann@db/tm"

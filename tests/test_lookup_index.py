"""The corpus index under bad conditions: wrong-language queries, an empty TM, a corrupt or
locked index, TM files that change (even while a lookup reads them), other tools' files."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import replace

import pytest

from tests.conftest import ROOT, SEED_ID
from tmbrief.cli import main
from tmbrief.lookup import index as index_module
from tmbrief.lookup.index import CorpusIndex
from tmbrief.lookup.match import find_matches
from tmbrief.tm.memory import read_tm

SEED_TM = ROOT / "tm" / f"{SEED_ID}.tsv"
SENTENCE = "涪陵区委常委、宣传部部长吴辉参加活动。"


@pytest.fixture()
def tm_dir(tmp_path):
    tm = tmp_path / "tm"
    tm.mkdir()
    (tm / f"{SEED_ID}.tsv").write_bytes(SEED_TM.read_bytes())
    return tm


@pytest.fixture()
def args(tm_dir, tmp_path):
    return ["--tm", str(tm_dir), "--index", str(tmp_path / "index.sqlite")]


def lookup_with_warnings(args, capsys, text=SENTENCE, *extra) -> tuple[list[dict], str]:
    """The matches `tmbrief lookup --format json` prints, and its stderr."""
    code = main(["lookup", text, "--format", "json", *extra, *args])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert code == (0 if out else 1)
    return out, captured.err


def lookup_json(args, capsys, text=SENTENCE, *extra) -> list[dict]:
    return lookup_with_warnings(args, capsys, text, *extra)[0]


def test_lookup_finds_the_sentence_with_its_translation(args, capsys):
    best = lookup_json(args, capsys)[0]
    assert best["score"] == 100 and best["target"].startswith("Wu Hui")
    assert set(best) >= {"score", "source", "target", "tuid", "doc_id", "status", "diff"}


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("Fuling is building two clusters.", "zh-CN", "not Chinese"),
        (SENTENCE, "en", "not English"),
        ("   ", "zh-CN", "empty query"),
        (SENTENCE, "de", "no lookup for language 'de'"),
    ],
)
def test_a_query_in_the_wrong_language_is_refused(args, capsys, text, lang, message):
    assert main(["lookup", text, "--lang", lang, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_an_empty_tm_finds_nothing(tmp_path, capsys):
    (tmp_path / "tm").mkdir()
    args = ["--tm", str(tmp_path / "tm"), "--index", str(tmp_path / "ix.sqlite")]
    assert lookup_json(args, capsys) == []
    assert main(["concordance", "涪陵", *args]) == 1
    capsys.readouterr()
    article = tmp_path / "a.zh.txt"
    article.write_text(SENTENCE + "\n", encoding="utf-8")
    assert main(["analyze", str(article), "--format", "json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["band"] for b in data["bands"] if b["segments"]] == ["no-match"]


def test_a_missing_tm_directory_is_bad_input(tmp_path, capsys):
    args = ["--tm", str(tmp_path / "nothing"), "--index", str(tmp_path / "ix.sqlite")]
    assert main(["lookup", SENTENCE, *args]) == 2
    assert "TM directory does not exist" in capsys.readouterr().err


def test_a_broken_tm_file_is_named_with_its_line(tm_dir, args, capsys):
    (tm_dir / "broken.tsv").write_text("#tmbrief-tm\t1\n#doc_id\tx\nnot a header\n")
    assert main(["lookup", SENTENCE, *args]) == 2
    assert "broken.tsv:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "garbage", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000]
)
def test_a_corrupt_index_is_rebuilt(args, tmp_path, capsys, garbage):
    assert lookup_json(args, capsys)[0]["score"] == 100
    (tmp_path / "index.sqlite").write_bytes(garbage)
    assert main(["lookup", SENTENCE, *args]) == 0
    captured = capsys.readouterr()
    assert "unusable index" in captured.err and "rebuilt" in captured.err
    assert lookup_json(args, capsys)[0]["score"] == 100  # and it stays usable


def test_an_index_of_another_schema_is_rebuilt(args, tmp_path, capsys):
    lookup_json(args, capsys)
    db = sqlite3.connect(tmp_path / "index.sqlite")
    db.execute("UPDATE meta SET value='0' WHERE key='schema'")
    db.commit()
    db.close()
    found, err = lookup_with_warnings(args, capsys)
    assert found[0]["score"] == 100 and "index schema 0" in err


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE keys SET text = substr(text, 1, 3)",  # every key row cut short
        "DELETE FROM keys",
        "UPDATE grams SET ids = substr(ids, 1, 8)",  # postings cut short
        "DELETE FROM grams WHERE lang = 'zh'",
    ],
)
def test_damaged_rows_of_a_readable_index_are_found_and_rebuilt(args, tmp_path, capsys, damage):
    # SQLite reads the file, but what tmbrief stored in it no longer adds up.
    lookup_json(args, capsys)
    db = sqlite3.connect(tmp_path / "index.sqlite")
    db.execute(damage)
    db.commit()
    db.close()
    found, err = lookup_with_warnings(args, capsys)
    assert found[0]["score"] == 100 and found[0]["target"].startswith("Wu Hui")
    assert "rebuilt" in err


def test_a_locked_index_is_rebuilt_in_memory(args, tm_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("tmbrief.lookup.sqlite.LOCK_TIMEOUT", 0.1)
    lookup_json(args, capsys)
    # Another process writes to the index: it holds an exclusive lock.
    other = sqlite3.connect(tmp_path / "index.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        (tm_dir / f"{SEED_ID}.tsv").write_text(
            SEED_TM.read_text(encoding="utf-8").replace("Wu Hui", "WU Hui"), encoding="utf-8"
        )
        found, err = lookup_with_warnings(args, capsys)
        assert found[0]["target"].startswith("WU Hui")
        assert "locked by another process; indexing in memory" in err
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture()
def indexed(monkeypatch):
    """The TM files indexed from the moment it is asked for, in order."""
    paths = []
    original = index_module.CorpusIndex._index_file
    monkeypatch.setattr(
        index_module.CorpusIndex,
        "_index_file",
        lambda self, backend, path, kind: paths.append(path) or original(self, backend, path, kind),
    )
    return paths


def test_a_changed_tm_file_is_reindexed_and_a_touched_one_is_not(tm_dir, args, capsys, request):
    assert lookup_json(args, capsys)[0]["target"].startswith("Wu Hui")
    path = tm_dir / f"{SEED_ID}.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("Wu Hui", "Mr Wu Hui"),
                    encoding="utf-8")  # fmt: skip
    assert lookup_json(args, capsys)[0]["target"].startswith("Mr Wu Hui")
    indexed = request.getfixturevalue("indexed")
    os.utime(path, ns=(1, 1))  # touched: mtime differs, content does not
    assert lookup_json(args, capsys)[0]["target"].startswith("Mr Wu Hui")
    assert indexed == []
    path.unlink()
    assert lookup_json(args, capsys) == []  # a removed TM is dropped from the index


def test_the_index_is_not_rebuilt_from_another_directory(
    tm_dir, tmp_path, capsys, monkeypatch, request
):
    # Names of TM files in the index do not depend on how --tm is spelled or where
    # the command runs: a million-unit index is not indexed again from another cwd.
    index = str(tmp_path / "index.sqlite")
    monkeypatch.chdir(tmp_path)
    assert lookup_json(["--tm", "tm", "--index", index], capsys)[0]["score"] == 100
    indexed = request.getfixturevalue("indexed")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    for spelling in ("../tm", str(tm_dir), f"{tm_dir}/"):
        assert lookup_json(["--tm", spelling, "--index", index], capsys)[0]["score"] == 100
    assert indexed == []


def test_a_tm_file_changed_while_it_is_read_is_read_again(tm_dir, args, capsys, monkeypatch):
    path = tm_dir / f"{SEED_ID}.tsv"
    calls = []
    real = index_module.iter_columns

    def changing(p, size):
        calls.append(p)
        if len(calls) == 1:  # the translator saves the file while the index reads it
            yield from list(real(p, 3))[:1]
            path.write_text(path.read_text(encoding="utf-8").replace("Wu Hui", "Wu H."),
                            encoding="utf-8")  # fmt: skip
            return
        yield from real(p, size)

    monkeypatch.setattr(index_module, "iter_columns", changing)
    best = lookup_json(args, capsys)[0]
    assert len(calls) == 2 and best["target"].startswith("Wu H.")


def test_a_tm_file_that_never_stops_changing_is_an_error(args, capsys, monkeypatch):
    # Every look at the file finds another mtime: it is being written all the time.
    monkeypatch.setattr(index_module, "file_state", _ever_changing(index_module.file_state))
    count = iter(range(1, 1000))
    real_stat = index_module.file_stat
    monkeypatch.setattr(index_module, "file_stat", lambda p: (real_stat(p)[0] + next(count), 0))
    assert main(["lookup", SENTENCE, *args]) == 2
    assert "changed while being read (3 attempts)" in capsys.readouterr().err


def _ever_changing(real):
    count = [0]

    def state(path, kind):
        count[0] += 1
        s = real(path, kind)
        return type(s)(s.name, s.mtime_ns + count[0], s.size, s.sha256, kind=kind)

    return state


TMX_EN_FIRST = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" adminlang="en" segtype="sentence" datatype="plaintext"
 o-tmf="x" creationtool="other" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="EN-US"><seg>Fuling held a press event.</seg></tuv>
<tuv xml:lang="zh-cn"><seg>涪陵举行了新闻发布活动。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Only English here.</seg></tuv></tu>
<tu><tuv xml:lang="zh_CN"><seg>下划线语言标签。</seg></tuv>
<tuv xml:lang="en"><seg>Underscore.</seg></tuv></tu>
</body></tmx>
"""


def test_index_add_takes_a_tmx_of_another_tool_with_language_matching(tmp_path, args, capsys):
    path = tmp_path / "other.tmx"
    path.write_text(TMX_EN_FIRST, encoding="utf-8")
    assert main(["index", "add", str(path), *args]) == 0
    out = capsys.readouterr().out
    # zh_CN is zh-CN (BCP 47 matching, issue 14): only the English-only unit is skipped.
    assert "added 2 units" in out and "1 skipped" in out
    best = lookup_json(args, capsys, "涪陵举行了新闻发布活动。")[0]
    assert (best["score"], best["target"]) == (100, "Fuling held a press event.")
    assert best["source"] == "涪陵举行了新闻发布活动。"
    # English lookups search the English side.
    best = lookup_json(args, capsys, "Fuling held a press event", "--lang", "en")[0]
    assert best["target"] == "涪陵举行了新闻发布活动。" and best["score"] == 99


def test_index_add_refuses_a_bad_file_and_changes_nothing(tmp_path, args, capsys):
    path = tmp_path / "bad.tmx"
    path.write_text("<tmx><body><tu>", encoding="utf-8")
    assert main(["index", "add", str(path), *args]) == 2
    assert "bad.tmx" in capsys.readouterr().err
    assert main(["index", "status", *args]) == 0
    assert "1 sources" in capsys.readouterr().out


def test_an_added_file_that_disappears_is_dropped(tmp_path, args, capsys):
    path = tmp_path / "other.tmx"
    path.write_text(TMX_EN_FIRST, encoding="utf-8")
    assert main(["index", "add", str(path), *args]) == 0
    capsys.readouterr()
    path.unlink()
    found, err = lookup_with_warnings(args, capsys, "涪陵举行了新闻发布活动。", "--min", "90")
    assert found == [] and "added file is gone" in err


def test_index_rebuild_keeps_the_added_files(tmp_path, args, capsys):
    path = tmp_path / "other.tmx"
    path.write_text(TMX_EN_FIRST, encoding="utf-8")
    main(["index", "add", str(path), *args])
    assert main(["index", "rebuild", *args]) == 0
    assert "2 sources" in capsys.readouterr().out


def test_pretranslate_refuses_other_output_formats(tmp_path, args, capsys):
    article = tmp_path / "a.zh.txt"
    article.write_text(SENTENCE + "\n", encoding="utf-8")
    assert main(["pretranslate", str(article), "-o", str(tmp_path / "a.csv"), *args]) == 2
    assert "pre-translation writes" in capsys.readouterr().err
    assert not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_concordance_highlights_the_term(args, capsys, fmt):
    assert main(["concordance", "宣传部", "--format", fmt, *args]) == 0
    out = capsys.readouterr().out
    if fmt == "md":
        assert "**宣传部**" in out
    elif fmt == "html":
        assert "<mark>宣传部</mark>" in out
    else:
        hit = json.loads(out)[0]
        start, end = hit["spans"][0]
        assert hit["source"][start:end] == "宣传部"


def test_concordance_in_english_ignores_case(args, capsys):
    assert main(["concordance", "wu hui", "--lang", "en", "--format", "json", *args]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all("Wu Hui" in h["target"] for h in hits)


def test_concordance_of_a_common_term_reads_only_the_units_it_shows(tmp_path):
    from tmbrief.lookup import concordance as conc
    from tmbrief.lookup.backend import SourceState
    from tmbrief.lookup.sqlite import SQLiteBackend
    from tmbrief.lookup.units import index_units

    _, seed = read_tm(SEED_TM)
    sentences = [u for u in seed if u.segtype == "sentence" and "涪陵" in u.source]
    units = [replace(u, tuid=f"{u.tuid}-{i}", source=f"{u.source}（{i}）") for i in range(40)
             for u in sentences]  # fmt: skip
    backend = SQLiteBackend(tmp_path / "i.sqlite")
    backend.add_units(SourceState("many", 1, 1, "0" * 64), index_units(units, "many"))
    read = []
    real = backend.units_by_ids
    backend.units_by_ids = lambda ids: read.append(len(ids)) or real(ids)
    hits = conc.concordance(backend, "涪陵", "zh-CN", limit=3)
    assert len(hits) == 3 and all("涪陵" in h.text for h in hits)
    assert len(units) > 2 * conc.READ_BATCH and sum(read) <= conc.READ_BATCH
    backend.close()


def test_find_matches_directly_on_a_backend(tm_dir, tmp_path):
    index = CorpusIndex(tm_dir, tmp_path / "i.sqlite")
    found = index.run(lambda b: find_matches(b, SENTENCE.replace("部长", "副部长")))
    assert found[0].score == 94 and "{+副+}" in found[0].diff
    index.close()


def test_the_api_returns_dataframes(tm_dir, tmp_path):
    import tmbrief

    tm = tmbrief.TM(tm_dir, tmp_path / "api.sqlite")
    frame = tm.lookup(SENTENCE)
    assert list(frame.columns)[:7] == ["score", "source", "target", "tuid", "doc_id", "status",
                                       "diff"]  # fmt: skip
    assert frame.iloc[0]["score"] == 100
    assert len(tm) == 42
    assert not tm.concordance("宣传部").empty
    tm.close()


def test_analyze_reads_a_saved_html_page(args, capsys):
    page = ROOT / "tests" / "data" / "pages" / "cctv-greater-bay.zh.html"
    assert main(["analyze", str(page), "--format", "json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["doc_id"] == "cctv-greater-bay" and data["segments"] > 0
    assert data["segments"] == sum(b["segments"] for b in data["bands"])
    bad = ROOT / "tests" / "data" / "bad" / "site-index.zh.html"
    assert main(["analyze", str(bad), *args]) == 2
    assert "no article on the page" in capsys.readouterr().err


def test_postings_are_sorted_by_code_then_id_whether_packed_or_not():
    """Gram codes are sorted packed with the ids in one uint64; 64-bit key hashes by an
    argsort: both give each code's ids in increasing order."""
    import numpy as np

    from tmbrief.lookup.sqlite import _sort_postings

    rng = np.random.default_rng(16)
    for trial in range(40):
        n = int(rng.integers(1, 3000))
        ids = (rng.permutation(n) + rng.integers(0, 10**6)).astype(np.int32)
        high = 2**46 if trial % 2 else 40  # gram codes, many repeats among few
        for codes in (rng.integers(0, high, n), rng.integers(-(2**63), 2**63 - 1, n)):
            codes = codes.astype(np.int64)
            cut = n // 3  # three runs, each sorted by code then id, ids growing
            runs = []
            for part in (slice(0, cut), slice(cut, 2 * cut), slice(2 * cut, n)):
                c, i = codes[part], np.sort(ids)[part]
                o = np.lexsort((i, c))
                runs.append((c[o], i[o]))
            ids = np.sort(ids)
            got_codes, got_ids = _sort_postings(runs)
            assert runs == []
            order = np.lexsort((ids, codes))
            assert got_codes.tolist() == codes[order].tolist()
            assert got_ids.tolist() == ids[order].tolist()

"""The parallel build on Dask: the sequential build's files, failures kept apart, workers lost.

Real documents: the seed and WMT22 news pages (tests/news_articles.py). Every
cluster here listens on 127.0.0.1 and is closed by the test that starts it.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from io import StringIO

import distributed
import pytest

from tests.news_articles import write_seeds
from tmbrief import pipeline
from tmbrief.cli import main
from tmbrief.cli.build import ProgressBar
from tmbrief.core.errors import InputError, OutputError, ParseError, ServiceError
from tmbrief.scale.cluster import ClusterSettings, connect
from tmbrief.scale.plugin import PLUGIN_NAME, WarmTables

DOCUMENTS = 50
KILL_DOCUMENTS = 16


def files_on_disk(root) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for d in pipeline.OUTPUT_DIRS
        for p in sorted((root / d).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def news_seeds(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("news") / "seeds"
    write_seeds(seeds, DOCUMENTS)
    return seeds


@pytest.fixture(scope="module")
def sequential(news_seeds, tmp_path_factory):
    """The sequential build of the 50 documents: the reference every parallel build must equal."""
    out = tmp_path_factory.mktemp("sequential")
    result = pipeline.build(news_seeds, out)
    return result, files_on_disk(out)


@pytest.fixture(scope="module")
def cluster():
    """A local cluster of 2 worker processes, warmed as the build warms its workers."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as local,
        distributed.Client(local) as client,
    ):
        client.register_plugin(WarmTables(pipeline.heavy_tables()), name=PLUGIN_NAME)
        yield local, client


def test_two_workers_build_the_same_files_as_one_process(cluster, news_seeds, sequential, tmp_path):
    local, _ = cluster
    reference, on_disk = sequential
    assert len(reference.documents) == DOCUMENTS
    seen = []
    result = pipeline.build(
        news_seeds,
        tmp_path,
        cluster=ClusterSettings(scheduler=local.scheduler_address),
        on_progress=lambda doc_id, error, done, total: seen.append((doc_id, error, done, total)),
    )
    assert result.failed == {}
    assert result.documents == reference.documents
    assert result.warnings == reference.warnings
    assert dict(result.files) == dict(reference.files)
    assert files_on_disk(tmp_path) == on_disk
    assert sorted(s[0] for s in seen) == sorted(reference.documents)
    assert [s[2] for s in seen] == list(range(1, DOCUMENTS + 1))
    assert {s[3] for s in seen} == {DOCUMENTS} and {s[1] for s in seen} == {None}


def test_a_killed_worker_loses_nothing(cluster, sequential, tmp_path):
    local, client = cluster
    seeds = tmp_path / "seeds"
    ids = write_seeds(seeds, KILL_DOCUMENTS)
    reference = {
        name: data
        for name, data in sequential[0].files.items()
        if any(f"/{doc_id}." in name for doc_id in ids) or name == "exports/segmentation.srx"
    }
    client.wait_for_workers(2, timeout=120)
    pids_before = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(doc_id, error, done, total):
        if killed or done < 2:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [w for w, keys in client.processing().items() if keys]
            if busy:
                os.kill(pids_before[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
                return
            time.sleep(0.05)

    # The build runs in a daemon thread with a deadline, so that a build that never
    # finishes after the kill fails this test instead of hanging the suite.
    outcome = []
    runner = threading.Thread(
        target=lambda: outcome.append(
            pipeline.build(
                seeds,
                tmp_path / "out",
                cluster=ClusterSettings(scheduler=local.scheduler_address),
                on_progress=kill_a_busy_worker,
            )
        ),
        daemon=True,
    )
    runner.start()
    runner.join(timeout=600)
    assert outcome, "the build did not finish within 600 s after a worker was killed"
    result = outcome[0]
    assert killed, "no worker was busy to kill"
    assert result.failed == {}
    assert dict(result.files) == reference
    pids_after = client.run(os.getpid)  # the survivor, and the new worker if it is up yet
    assert pids_before[killed[0]] not in pids_after.values()

    # The dictionary was loaded once in each worker process.
    def dictionary_loads():
        from tmbrief.align.lexicon import cedict

        return cedict.cache_info().misses

    assert set(client.run(dictionary_loads).values()) == {1}


def test_one_failing_document_is_reported_and_the_rest_built(tmp_path, capsys):
    # `--workers 2`: the command starts its own local cluster, and stops it.
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 3)
    (seeds / "news-0000002.zh.txt").write_text("This page is English.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "--seeds", str(seeds), "--out", str(out), "--workers", "2"])
    captured = capsys.readouterr()
    assert code == 2
    errors = [line for line in captured.err.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert errors[0].startswith("tmbrief: error: news-0000002: ")
    assert "news-0000002.zh.txt" in errors[0]
    assert "built 2 of 3 documents on 2 local workers" in captured.out
    assert "1 failed" in captured.out
    assert "\r[" not in captured.err  # no progress bar when stderr is not a terminal
    assert (out / "tm/news-0000001.tsv").exists()
    assert not list(out.rglob("news-0000002*"))


def test_the_local_cluster_listens_on_private_ports_of_127_0_0_1(recwarn):
    # Two local clusters at once (two builds) each get their own ports; nothing takes
    # the dashboard's well-known 8787 or listens beyond this machine.
    with connect(ClusterSettings(workers=1)) as one, connect(ClusterSettings(workers=1)) as two:
        for client in (one, two):
            info = client.scheduler_info()
            assert info["address"].startswith("tcp://127.0.0.1:")
            http = info["services"].get("dashboard")
            assert http is not None and http != 8787
            assert all(w.startswith("tcp://127.0.0.1:") for w in info["workers"])
    assert not [w for w in recwarn if "already in use" in str(w.message)]


def test_unreachable_scheduler_is_a_service_error():
    with pytest.raises(ServiceError, match=r"^tcp://127\.0\.0\.1:9: cannot connect"):
        with connect(ClusterSettings(scheduler="tcp://127.0.0.1:9", timeout=1)):
            pass


def test_malformed_scheduler_address_exits_2_with_one_line(capsys, tmp_path):
    code = main(["build", "--out", str(tmp_path), "--scheduler", "not-an-address"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("tmbrief: error: not-an-address: ")


BAD_OPTIONS = [
    ["--workers", "0"],
    ["--workers", "two"],
    ["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"],
]


@pytest.mark.parametrize("argv", BAD_OPTIONS)
def test_bad_parallel_options_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", *argv])
    assert exit_.value.code == 2


@pytest.mark.parametrize(
    ("workers", "scheduler"), [(None, None), (2, "tcp://127.0.0.1:8786"), (0, None)]
)
def test_cluster_settings_need_exactly_one_place_to_run(workers, scheduler):
    with pytest.raises(ValueError):
        ClusterSettings(workers=workers, scheduler=scheduler)


def test_progress_bar_counts_documents_and_failures():
    stream = StringIO()
    bar = ProgressBar(stream)
    bar("a", None, 1, 4)
    bar("b", "a.zh.txt: not Chinese", 2, 4)
    bar.close()
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0] == "[" + "#" * 7 + "-" * 23 + "] 1/4 documents"
    assert frames[1] == "[" + "#" * 15 + "-" * 15 + "] 2/4 documents, 1 failed\n"


@pytest.mark.parametrize(
    "error",
    [
        InputError("seeds/a.zh.txt", "not Chinese", 3),
        ParseError("tm/a.tsv", "bad row", 7),
        OutputError("out/tm", "read-only"),
        ServiceError("tcp://127.0.0.1:9", "cannot connect"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_cross_process_boundaries_intact(error):
    # A worker's error reaches the client pickled; it must come back the same.
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)
    assert vars(again) == vars(error)

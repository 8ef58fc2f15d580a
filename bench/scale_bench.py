"""The parallel build: 1 and 2 Dask workers side by side on generated articles, and a projection.

  .venv/bin/python bench/scale_bench.py [ARTICLES]     (default 2000)

ARTICLES documents are generated (tests/news_articles.py: the seed and WMT22 news
pages dressed as scrapes), then built three ways in one run: in this process
(sequential, no Dask), on a local cluster of 1 worker process and on one of 2.
For each: wall time of the build (the cluster already up and its workers'
tables loaded; the start-up is reported apart), peak resident memory of each
worker process, and a check that the files equal the sequential build's. The
projection for 1,000,000 articles on 100 workers uses the measured per-article
time of one worker. Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from common import machine, utc_now

from tests.news_articles import write_seeds
from tmbrief import pipeline
from tmbrief.scale.cluster import LOCAL_HOST, ClusterSettings
from tmbrief.scale.plugin import PLUGIN_NAME, WarmTables

PROJECT_ARTICLES = 1_000_000
PROJECT_WORKERS = 100


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def on_cluster(seeds: Path, out: Path, workers: int) -> dict:
    """Build on a fresh local cluster of ``workers`` processes; times and worker memory."""
    import distributed

    start = time.perf_counter()
    with distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host=LOCAL_HOST,
        dashboard_address=None,
    ) as cluster, distributed.Client(cluster) as client:  # fmt: skip
        client.register_plugin(WarmTables(pipeline.heavy_tables()), name=PLUGIN_NAME)
        startup = time.perf_counter() - start
        cpu_before = sum(client.run(_cpu_seconds).values())
        start = time.perf_counter()
        result = pipeline.build(
            seeds, out, cluster=ClusterSettings(scheduler=cluster.scheduler_address)
        )
        seconds = time.perf_counter() - start
        cpu = sum(client.run(_cpu_seconds).values()) - cpu_before
        peaks = sorted(client.run(_peak_rss_mb).values())
    return {"result": result, "startup": startup, "seconds": seconds, "peaks": peaks, "cpu": cpu}


def main() -> int:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        write_seeds(seeds, articles)
        for loader in pipeline.heavy_tables():  # the sequential build starts warm too
            loader()
        start, cpu_start = time.perf_counter(), time.process_time()
        sequential = pipeline.build(seeds, Path(tmp) / "seq")
        seq_seconds = time.perf_counter() - start
        seq_cpu = time.process_time() - cpu_start
        runs = {n: on_cluster(seeds, Path(tmp) / f"w{n}", n) for n in (1, 2)}
    print(f"Parallel build, {articles} articles; {machine()}; {utc_now()}\n")
    print("| build | start-up (s) | build (s) | per article (ms) | speed-up vs 1 worker "
          "| worker CPU per article (ms) | peak RSS per worker (MB) "
          "| files equal sequential |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    per_seq = 1000 * seq_seconds / articles
    cpu_seq = 1000 * seq_cpu / articles
    print(f"| sequential, this process | – | {seq_seconds:.1f} | {per_seq:.0f} | – | "
          f"{cpu_seq:.0f} | {_peak_rss_mb():.0f} (this process) | – |")  # fmt: skip
    one = runs[1]["seconds"]
    for n, run in runs.items():
        same = dict(run["result"].files) == dict(sequential.files) and not run["result"].failed
        peaks = ", ".join(f"{p:.0f}" for p in run["peaks"])
        print(f"| Dask, {n} worker{'s' if n > 1 else ''} | {run['startup']:.1f} | "
              f"{run['seconds']:.1f} | {1000 * run['seconds'] / articles:.0f} | "
              f"{one / run['seconds']:.2f}× | {1000 * run['cpu'] / articles:.0f} | {peaks} | "
              f"{'yes' if same else 'NO'} |")  # fmt: skip
    for label, per_article in (
        ("wall time of 1 worker", one / articles),
        ("CPU time of 1 worker (an unloaded core)", runs[1]["cpu"] / articles),
    ):
        projected = per_article * PROJECT_ARTICLES / PROJECT_WORKERS
        print(
            f"\nProjection from the {label}: {PROJECT_ARTICLES:,} articles on "
            f"{PROJECT_WORKERS} workers = {per_article * 1000:.0f} ms × {PROJECT_ARTICLES:,} "
            f"/ {PROJECT_WORKERS} = {projected / 3600:.1f} h per worker (+ one start-up), "
            "if the scheduler and the output writes keep up."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

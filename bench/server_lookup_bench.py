"""Lookup on PostgreSQL beside the embedded SQLite index, and 8 clients on the server at once.

  .venv/bin/python bench/server_lookup_bench.py [--units 1000000] [--queries 500] [--clients 8]

One run, the same TM and queries for both (lookup_bench.make: real sentences of
the seed TM and WMT22 news, varied): the index is built from the TM file on
each backend (SQLite file; a throwaway PostgreSQL server on 127.0.0.1 started
with tests/pg_server.py and stopped at the end), then every query is looked up
(``find_matches``, best match) one after another: p50/p95 per backend, and how
often the two agree on the best score. Then ``--clients`` processes look the
queries up on the server at once: throughput and p95. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import machine, utc_now
from lookup_bench import make

from tests.pg_server import throwaway_server


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


def lookups(backend, queries: list[str]) -> tuple[list[float], list[int]]:
    from tmbrief.lookup.match import find_matches

    times, best = [], []
    for q in queries:
        start = time.perf_counter()
        found = find_matches(backend, q, "zh-CN", min_score=0, limit=1)
        times.append((time.perf_counter() - start) * 1000)
        best.append(found[0].score if found else 0)
    return times, best


def client(url: str, queries: list[str]) -> list[float]:
    from tmbrief.lookup.postgres import PostgresBackend

    backend = PostgresBackend(url)
    try:
        return lookups(backend, queries)[0]
    finally:
        backend.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    from tmbrief.lookup.index import CorpusIndex
    from tmbrief.lookup.server import ServerIndex

    rows = {}
    with tempfile.TemporaryDirectory() as tmp, throwaway_server() as url:
        work = Path(tmp)
        make(work, args.units, args.queries, seed=18)
        queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
        for name, index in (
            ("SQLite (embedded)", CorpusIndex(work / "tm", work / "index.sqlite")),
            ("PostgreSQL + pg_trgm", ServerIndex(work / "tm", url)),
        ):
            start = time.perf_counter()
            backend = index.sync()
            build = time.perf_counter() - start
            times, best = lookups(backend, queries)
            rows[name] = (build, backend.unit_count(), times, best)
            index.close()
        per_client = [queries[i :: args.clients] for i in range(args.clients)]
        start = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.clients) as pool:
            timed = pool.starmap(client, [(url, part) for part in per_client])
        wall = time.perf_counter() - start
    print(f"Lookup, {args.units:,} units, {args.queries} queries; {machine()}; {utc_now()}\n")
    print("| index | build (s) | units | p50 (ms) | p95 (ms) | best score = SQLite's |")
    print("|---|---|---|---|---|---|")
    sqlite_best = rows["SQLite (embedded)"][3]
    for name, (build, units, times, best) in rows.items():
        same = sum(a == b for a, b in zip(best, sqlite_best, strict=True))
        print(f"| {name} | {build:.0f} | {units:,} | {statistics.median(times):.1f} | "
              f"{pct(times, 0.95):.1f} | {same}/{len(best)} |")  # fmt: skip
    every = [t for part in timed for t in part]
    print(f"\n{args.clients} concurrent clients on PostgreSQL (processes, "
          f"{len(every)} lookups): {len(every) / wall:.1f} lookups/s, "
          f"p50 {statistics.median(every):.1f} ms, p95 {pct(every, 0.95):.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fuzzy lookup at scale: tmbrief's index beside a rapidfuzz scan and translate-toolkit's matcher.

Run by hand from the repository root::

    .venv/bin/python bench/lookup_bench.py --units 1000000 --queries 1000

Steps (one run, same TM and queries for every system):

1. make: a TM of --units units from real sentences (the seed TM and the 838
   WMT22 news pairs, with both human translations), each varied by 1-4
   random operations (number changes, character edits, clause reordering,
   splicing two sentences), written as one TM TSV of 1,000-unit documents;
   and --queries queries, made the same way from the same real sentences
   (so each has near matches, as a new article does); and --en-queries
   English queries varied the same way (looked up with ``--lang en``).
2. truth: the exhaustive best score of every query over every unit that can
   score 70 (rapidfuzz cdist of the comparison keys against every key of 0.7 to
   1/0.7 times the query key's length, on every core, then tmbrief's own score
   on the top 50 keys and on every key within 5 points of the best: the score
   is at most the keys' similarity, which is at most their length ratio).
   Saved in the work directory and reused by a later run on the same data.
   The same for the English queries over the units' English side (word
   Levenshtein: each distinct word is one character for cdist).
3. tmbrief, in a child process: index build from the TSV on the machine's CPUs (one
   thread reads and files the units, a second writes them to SQLite; ``--pin-build``
   pins it to one core too), then, pinned to one core, lookups (p50/p95; Chinese,
   then English), pre-translation of the queries as one 1,000-segment article; peak
   RSS; wall and CPU time of each.
4. peers: a plain rapidfuzz ``process.extract`` scan (one core) and
   translate-toolkit's ``translate.search.match.matcher`` (rapidfuzz
   Levenshtein) on subsets, timed per query.

Quality: share of queries with an exhaustive best at >= 70 for which the
system's best score equals it (ties aside).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SEED_ID, SHARED, machine, utc_now

NEWS = SHARED / "news" / "wmt22-zh-en-news-dev.jsonl"
DOC_SIZE = 1000
_DIGITS = re.compile(r"\d+")


# --- 1. the TM and the queries ---------------------------------------------------------------


def base_pairs() -> list[tuple[str, str]]:
    from tmbrief.tm.memory import read_tm

    pairs = []
    _, units = read_tm(ROOT / "tm" / f"{SEED_ID}.tsv")
    pairs += [(u.source, u.target) for u in units if u.segtype == "sentence" and u.target]
    for line in NEWS.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for key in ("en", "en_B"):
            if doc.get(key):
                pairs += [(z, e) for z, e in zip(doc["zh"], doc[key], strict=True) if z and e]
    return pairs


class Varier:
    """Random edits of real sentence pairs (deterministic for a seed)."""

    def __init__(self, pairs, seed: int):
        self.pairs = pairs
        self.rng = random.Random(seed)
        self.zh_chars = sorted({c for z, _ in pairs for c in z if "\u4e00" <= c <= "\u9fff"})
        self.en_words = sorted({w for _, e in pairs for w in e.split() if w.isalpha()})

    def numbers(self, zh, en):
        def swap(m):
            new = str(self.rng.randint(1, 9999))
            nonlocal en
            en = en.replace(m.group(), new, 1)
            return new

        return _DIGITS.sub(swap, zh), en

    def edit(self, zh, en):
        zh = list(zh)
        for _ in range(self.rng.randint(1, 3)):
            i = self.rng.randrange(len(zh) + 1)
            op = self.rng.choice("dis")
            if op == "d" and i < len(zh):
                del zh[i]
            elif op == "s" and i < len(zh):
                zh[i] = self.rng.choice(self.zh_chars)
            else:
                zh.insert(i, self.rng.choice(self.zh_chars))
        words = en.split()
        if words:
            words[self.rng.randrange(len(words))] = self.rng.choice(self.en_words)
        return "".join(zh), " ".join(words)

    def reorder(self, zh, en):
        parts = zh.split("，")
        if len(parts) > 2:
            i = self.rng.randrange(len(parts) - 2)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
        eparts = en.split(", ")
        if len(eparts) > 2:
            i = self.rng.randrange(len(eparts) - 2)
            eparts[i], eparts[i + 1] = eparts[i + 1], eparts[i]
        return "，".join(parts), ", ".join(eparts)

    def splice(self, zh, en):
        z2, e2 = self.rng.choice(self.pairs)
        return zh[: len(zh) // 2] + z2[len(z2) // 2 :], en[: len(en) // 2] + e2[len(e2) // 2 :]

    def vary(self):
        zh, en = self.rng.choice(self.pairs)
        ops = [self.numbers, self.edit, self.edit, self.reorder, self.splice]
        for op in self.rng.sample(ops, self.rng.randint(1, 4)):
            zh, en = op(zh, en)
        return zh.replace("\t", " ").replace("\n", " "), en.replace("\t", " ").replace("\n", " ")


def make(work: Path, n_units: int, n_queries: int, seed: int) -> None:
    from tmbrief.core.model import TMHeader, Unit
    from tmbrief.tm.store import write

    varier = Varier(base_pairs(), seed)

    def units():
        for i in range(n_units):
            zh, en = varier.vary()
            doc = f"bench-{i // DOC_SIZE:05d}"
            yield Unit(f"{doc}:{i % DOC_SIZE}", doc, 0, (i % DOC_SIZE,), (i % DOC_SIZE,), zh,
                       en, "1-1", 1.0, "translated")  # fmt: skip

    header = TMHeader("bench", "zh-CN", "en", "2023-12-20", "lookup benchmark")
    (work / "tm").mkdir(parents=True, exist_ok=True)
    with open(work / "tm" / "bench.tsv", "w", encoding="utf-8", newline="\n") as fh:
        write(units(), header, fh)
    qv = Varier(varier.pairs, seed + 1)
    queries = [qv.vary()[0] for _ in range(n_queries)]
    (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")


def make_en_queries(work: Path, n_queries: int, seed: int) -> None:
    """English queries (``--lang en``), varied as the Chinese ones are, by another seed."""
    ev = Varier(base_pairs(), seed + 2)
    queries = [ev.vary()[1] for _ in range(n_queries)]
    (work / "queries_en.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")


def read_pairs(work: Path) -> list[tuple[str, str]]:
    from tmbrief.tm.store import iter_columns

    pairs = []
    for chunk in iter_columns(work / "tm" / "bench.tsv"):
        pairs += zip(chunk.source, chunk.target, strict=True)
    return pairs


# --- 2. exhaustive truth -------------------------------------------------------------------------


def truth(
    work: Path, sources: list[str], queries: list[str], cache: str = "", lang: str = "zh"
) -> list[int]:
    """The exhaustive best score of each query, exact wherever it is 70 or more.

    The score is at most 100 times the keys' Levenshtein similarity, which is at most
    the ratio of their lengths: only keys of 0.7 to 1/0.7 times the query key's length
    can score 70, and every one of those is compared (rapidfuzz cdist, every core).
    Kept in ``work/<cache>`` when ``cache`` is given (it depends on the TM and the
    queries only).
    """
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from tmbrief.lookup.bulk import bulk_grams
    from tmbrief.lookup.grams import key
    from tmbrief.lookup.score import score

    if cache and (work / cache).exists():
        return json.loads((work / cache).read_text(encoding="utf-8"))
    keys = []
    for start in range(0, len(sources), 100_000):
        keys += bulk_grams(sources[start : start + 100_000], lang)[3]
    as_chars = _WordChars() if lang == "en" else str
    keys = [as_chars(k) for k in keys]
    lengths = np.array([len(k) for k in keys])
    order = np.argsort(lengths, kind="stable")
    by_length = [keys[i] for i in order]
    sorted_lengths = lengths[order]
    best = []
    for q in queries:
        qk = as_chars(key(q, lang))
        lo = np.searchsorted(sorted_lengths, math.ceil(0.7 * len(qk)), side="left")
        hi = np.searchsorted(sorted_lengths, math.floor(len(qk) / 0.7), side="right")
        if hi <= lo or not qk:
            best.append(0)
            continue
        row = process.cdist([qk], by_length[lo:hi], scorer=Levenshtein.normalized_similarity,
                            dtype=np.float32, score_cutoff=0.69, workers=-1)[0]  # fmt: skip
        if not row.max():
            best.append(0)
            continue
        top = np.argpartition(-row, min(50, len(row) - 1))[:50]
        near = np.flatnonzero(row >= row.max() - 0.05)
        ids = {int(order[lo + i]) for i in set(top.tolist()) | set(near[:2000].tolist())}
        best.append(max(score(q, sources[i], lang).score for i in ids))
    if cache:
        (work / cache).write_text(json.dumps(best), encoding="utf-8")
    return best


class _WordChars:
    """An English key as one character per word: character Levenshtein of the result is the
    word Levenshtein the score uses, and cdist stays fast and small."""

    def __init__(self):
        self.codes: dict[str, str] = {}

    def __call__(self, key_text: str) -> str:
        out = []
        for word in key_text.split():
            ch = self.codes.get(word)
            if ch is None:
                n = len(self.codes) + 0x100
                ch = self.codes[word] = chr(n + 0x800 if n >= 0xD800 else n)  # no surrogates
            out.append(ch)
        return "".join(out)


# --- 3. tmbrief (child process, one core) --------------------------------------------------------


def run_tmbrief(work: Path, pool: int | None, pin_build: bool = False) -> dict:
    one_core = {min(os.sched_getaffinity(0))}
    if pin_build:
        os.sched_setaffinity(0, one_core)
    from tmbrief.core.model import CleanDoc, DocMeta, Segment
    from tmbrief.lookup.analyze import Article, match_segments
    from tmbrief.lookup.index import CorpusIndex
    from tmbrief.lookup.match import POOL, find_matches
    from tmbrief.lookup.pretranslate import pretranslate

    pool = pool or POOL
    index_path = work / "index.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index_path}{suffix}").unlink(missing_ok=True)
    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    t0, c0 = time.perf_counter(), time.process_time()
    index = CorpusIndex(work / "tm", index_path)
    backend = index.sync()
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    build_cpus = len(os.sched_getaffinity(0))
    os.sched_setaffinity(0, one_core)  # lookups and pre-translation on one core
    units = backend.unit_count()
    rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, cpu, found = [], [], []
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        matches = find_matches(backend, q, "zh-CN", min_score=0, limit=1, pool=pool)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        found.append(matches[0].score if matches else 0)
    en_queries = json.loads((work / "queries_en.json").read_text(encoding="utf-8"))
    en_times, en_found = [], []
    for q in en_queries:
        t = time.perf_counter()
        matches = find_matches(backend, q, "en", min_score=0, limit=1, pool=pool)
        en_times.append((time.perf_counter() - t) * 1000)
        en_found.append(matches[0].score if matches else 0)
    en_times.sort()
    segments = tuple(Segment(i, "zh-CN", i, 0, len(q), q) for i, q in enumerate(queries))
    article = Article("bench-article", CleanDoc(DocMeta("bench-article"), (), ()), segments)
    t, c = time.perf_counter(), time.process_time()
    inserted = pretranslate(article, match_segments(backend, segments, pool=pool))
    pretranslate_s, pretranslate_cpu = time.perf_counter() - t, time.process_time() - c
    times.sort()
    cpu.sort()
    return {
        "units": units,
        "build_s": build,
        "build_cpu_s": build_cpu,
        "units_per_s": units / build,
        "units_per_cpu_s": units / build_cpu,
        "index_mb": index_path.stat().st_size / 2**20,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "max_ms": times[-1],
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu[int(0.95 * (len(cpu) - 1))],
        "pretranslate_s": pretranslate_s,
        "pretranslate_cpu_s": pretranslate_cpu,
        "inserted": sum(1 for i in inserted if i.unit.target),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_anon_mb": _status_mb("RssAnon"),
        "rss_file_mb": _status_mb("RssFile"),
        "rss_after_build_mb": rss_build,
        "best": found,
        "en_p50_ms": statistics.median(en_times),
        "en_p95_ms": en_times[int(0.95 * (len(en_times) - 1))],
        "en_best": en_found,
        "pool": pool,
        "build_cpus": build_cpus,
    }


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB (0 where absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- 4. peers ------------------------------------------------------------------------------------


def rapidfuzz_scan(sources, queries) -> tuple[list[int], list[float]]:
    """process.extract over the raw sources, one core: rapidfuzz's own Levenshtein ratio."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from tmbrief.lookup.score import score

    best, times = [], []
    for q in queries:
        t = time.perf_counter()
        top = process.extract(
            q, sources, scorer=Levenshtein.normalized_similarity, limit=5, score_cutoff=0.5
        )
        times.append((time.perf_counter() - t) * 1000)
        best.append(max((score(q, s, "zh").score for s, _, _ in top), default=0))
    return best, times


def tt_matcher(sources_targets, queries) -> tuple[list[int], list[float], float]:
    from translate.search import match
    from translate.storage import base, po

    from tmbrief.lookup.score import score

    # matcher keeps a heap of (similarity, unit): equal similarities compare the units
    # it copied, which have no order (a TypeError in translate-toolkit 3.x).
    base.TranslationUnit.__lt__ = lambda self, other: False
    store = po.pofile()
    t = time.perf_counter()
    for zh, en in sources_targets:
        unit = store.addsourceunit(zh)
        unit.target = en
    m = match.matcher(store, max_candidates=5, min_similarity=50, max_length=1000)
    setup = time.perf_counter() - t
    best, times = [], []
    for q in queries:
        t = time.perf_counter()
        found = m.matches(q)
        times.append((time.perf_counter() - t) * 1000)
        best.append(max((score(q, u.source, "zh").score for u in found), default=0))
    return best, times, setup


def agreement(best: list[int], truth_best: list[int]) -> tuple[int, int]:
    judged = [(b, t) for b, t in zip(best, truth_best, strict=False) if t >= 70]
    return sum(1 for b, t in judged if b == t), len(judged)


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--en-queries", type=int, default=300, help="English (--lang en) queries")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--pool", type=int, help="candidates scored per query (default: POOL)")
    parser.add_argument("--scan-queries", type=int, default=30)
    parser.add_argument("--tt-units", type=int, default=100_000)
    parser.add_argument("--tt-queries", type=int, default=30)
    parser.add_argument("--work", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--pin-build", action="store_true", help="build on one core too")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_tmbrief(args.work, args.pool, args.pin_build)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="lookup-bench-"))
    t = time.perf_counter()
    if not (work / "queries.json").exists():
        make(work, args.units, args.queries, args.seed)
    if not (work / "queries_en.json").exists():
        make_en_queries(work, args.en_queries, args.seed)
    print(f"made {args.units} units, {args.queries} queries in {work} "
          f"({time.perf_counter() - t:.0f} s)", file=sys.stderr)  # fmt: skip
    cmd = [sys.executable, __file__, "--child", "--work", str(work)]
    cmd += ["--pool", str(args.pool)] if args.pool else []
    cmd += ["--pin-build"] if args.pin_build else []
    child = subprocess.run(cmd, capture_output=True, text=True)
    if child.returncode:
        sys.exit(f"tmbrief run failed:\n{child.stderr}")
    mine = json.loads(child.stdout)
    (work / "tmbrief.json").write_text(child.stdout, encoding="utf-8")  # kept if a peer fails
    print(f"tmbrief done: build {mine['build_s']:.1f} s", file=sys.stderr)
    pairs = read_pairs(work)
    sources = [z for z, _ in pairs]
    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    t = time.perf_counter()
    truth_best = truth(work, sources, queries, cache="truth.json")
    truth_s = time.perf_counter() - t
    ok, judged = agreement(mine["best"], truth_best)
    en_queries = json.loads((work / "queries_en.json").read_text(encoding="utf-8"))
    en_truth = truth(work, [e for _, e in pairs], en_queries, cache="truth_en.json", lang="en")
    en_ok, en_judged = agreement(mine["en_best"], en_truth)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    scan_best, scan_times = rapidfuzz_scan(sources, queries[: args.scan_queries])
    scan_ok, scan_judged = agreement(scan_best, truth_best)
    del sources
    tt_pairs = pairs[: args.tt_units]
    del pairs
    tt_best, tt_times, tt_setup = tt_matcher(tt_pairs, queries[: args.tt_queries])
    # Truth over the first tt_units only, for the matcher's agreement.
    tt_truth = truth(work, [s for s, _ in tt_pairs], queries[: args.tt_queries])
    tt_ok, tt_judged = agreement(tt_best, tt_truth)
    report = {
        "date": utc_now(),
        "commit": _commit(),
        "load_average": os.getloadavg(),
        "command": " ".join(sys.argv),
        "machine": machine(),
        "units": mine["units"],
        "queries": len(queries),
        "tmbrief": {k: v for k, v in mine.items() if k not in ("best", "en_best")},
        "tmbrief_agreement": [ok, judged],
        "en_queries": len(en_queries),
        "en_agreement": [en_ok, en_judged],
        "truth_s": truth_s,
        "scan": {"queries": len(scan_times), "p50_ms": statistics.median(scan_times),
                 "p95_ms": pct(scan_times, 0.95), "agreement": [scan_ok, scan_judged]},
        "tt": {"units": len(tt_pairs), "queries": len(tt_times), "setup_s": tt_setup,
               "p50_ms": statistics.median(tt_times), "p95_ms": pct(tt_times, 0.95),
               "agreement": [tt_ok, tt_judged]},
        "misses": [
            {"query": q, "truth": t, "tmbrief": b}
            for q, t, b in zip(queries, truth_best, mine["best"], strict=True)
            if t >= 70 and b != t
        ][:10],
        "en_misses": [
            {"query": q, "truth": t, "tmbrief": b}
            for q, t, b in zip(en_queries, en_truth, mine["en_best"], strict=True)
            if t >= 70 and b != t
        ][:10],
    }  # fmt: skip
    (work / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False, indent=1))
    print(markdown(report))


def _commit() -> str:
    run = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)  # fmt: skip
    return run.stdout.strip() or "unknown"


def markdown(r: dict) -> str:
    """The report as the Markdown of bench/RESULTS.md: a header and one table."""
    m, scan, tt = r["tmbrief"], r["scan"], r["tt"]
    ok, judged = r["tmbrief_agreement"]
    en_ok, en_judged = r["en_agreement"]
    load = ", ".join(f"{x:.1f}" for x in r["load_average"])
    lines = [
        f"- date: {r['date']}, commit {r['commit']}, load average at the end {load}",
        f"- machine: {r['machine']}",
        f"- command: `{r['command']}`",
        "",
        "| system | units | queries | build | lookup p50 / p95 | agreement (score >= 70) |",
        "| --- | ---: | ---: | --- | --- | --- |",
        f"| tmbrief (SQLite index; lookups on 1 CPU) | {r['units']:,} | {r['queries']:,} "
        f"| {m['build_s']:.1f} s wall on {m.get('build_cpus', 1)} CPU, "
        f"{m['build_cpu_s']:.1f} s CPU "
        f"({m['units_per_s']:,.0f} / {m['units_per_cpu_s']:,.0f} units/s) "
        f"| {m['p50_ms']:.1f} / {m['p95_ms']:.1f} ms wall; "
        f"{m['cpu_p50_ms']:.1f} / {m['cpu_p95_ms']:.1f} ms CPU "
        f"| {ok} / {judged} ({100 * ok / max(judged, 1):.1f} %) |",
        f"| tmbrief, English queries (`--lang en`, 1 CPU) | {r['units']:,} | {r['en_queries']:,} "
        f"| (the same index) | {m['en_p50_ms']:.1f} / {m['en_p95_ms']:.1f} ms wall "
        f"| {en_ok} / {en_judged} ({100 * en_ok / max(en_judged, 1):.1f} %) |",
        f"| rapidfuzz `process.extract` scan (1 CPU) | {r['units']:,} | {scan['queries']} "
        f"| — | {scan['p50_ms']:.0f} / {scan['p95_ms']:.0f} ms wall "
        f"| {scan['agreement'][0]} / {scan['agreement'][1]} |",
        f"| translate-toolkit `matcher` (rapidfuzz) | {tt['units']:,} | {tt['queries']} "
        f"| {tt['setup_s']:.1f} s setup | {tt['p50_ms']:.0f} / {tt['p95_ms']:.0f} ms wall "
        f"| {tt['agreement'][0]} / {tt['agreement'][1]} |",
        "",
        f"tmbrief also: pre-translation of the {r['queries']:,} queries as one article "
        f"{m['pretranslate_s']:.1f} s wall, {m['pretranslate_cpu_s']:.1f} s CPU; "
        f"peak RSS {m['peak_rss_mb']:.0f} MB (after the build {m['rss_after_build_mb']:.0f} MB; "
        f"at the end {m['rss_anon_mb']:.0f} MB anonymous + {m['rss_file_mb']:.0f} MB of "
        f"mapped index file); index {m['index_mb']:.0f} MB; exhaustive truth {r['truth_s']:.0f} s.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

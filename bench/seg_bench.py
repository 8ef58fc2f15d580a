"""Benchmark Chinese sentence segmentation: tmbrief vs pySBD vs a plain regex splitter.

Quality: boundary P/R/F1 and exact-document accuracy on the UD_Chinese-GSDSimp
dev documents, scored by the shared scorer (seg_eval.py, the same code for all
three). Speed: MB of UTF-8 Chinese text per second on one core (the process is
pinned to one CPU), on the UD texts and the seed paragraphs repeated to
``--megabytes`` MB, segmented document by document as the pipeline does.

Run by hand (not a test), from the repository root:

  .venv/bin/python bench/seg_bench.py
  .venv/bin/python bench/seg_bench.py --gold G.jsonl --scorer seg_eval.py --errors 5

Prints a Markdown report (machine, date, tables) for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import regex
from common import ROOT, SEED_ID, SHARED, load_scorer, machine, utc_now

from tmbrief.segment.rules import ZH_CLOSERS, ZH_ELLIPSES, ZH_TERMINATORS
from tmbrief.segment.splitter import split_sentences

DEFAULT_GOLD = SHARED / "seg" / "zh_gsdsimp-ud-dev.jsonl"
DEFAULT_SCORER = SHARED / "seg_eval.py"
SEED_PARAGRAPHS = ROOT / "segments" / f"{SEED_ID}.zh.paragraphs.txt"
PLAIN_REGEX = regex.compile(r"(?<=[。！？!?])")


def tmbrief_split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, "zh-CN")]


def regex_split(text: str) -> list[str]:
    """The plain baseline: break after every 。！？!? (no quotes, no runs, no titles)."""
    return [s for s in PLAIN_REGEX.split(text) if s]


def pysbd_splitter():
    import pysbd

    segmenter = pysbd.Segmenter(language="zh", clean=False)
    return segmenter.segment


def speed(split, texts: list[str], megabytes: float) -> float:
    """MB/s of UTF-8 text, texts segmented one by one, repeated to ``megabytes`` MB."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    reps = max(1, round(megabytes * 1e6 / size))
    split(texts[0])  # warm up (compile rules, load tables)
    start = time.perf_counter()
    for _ in range(reps):
        for t in texts:
            split(t)
    return size * reps / 1e6 / (time.perf_counter() - start)


def unreachable(gold_docs) -> int:
    """Gold boundaries after no sentence mark (：, or nothing): no punctuation rule finds them."""
    marks = set(ZH_TERMINATORS + ZH_ELLIPSES + ZH_CLOSERS)
    n = 0
    for doc in gold_docs.values():
        for s in doc["sentences"][:-1]:
            n += s.strip()[-1:] not in marks
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--megabytes", type=float, default=2.0, help="text per speed run")
    ap.add_argument("--errors", type=int, default=0, help="print N boundary errors per system")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    scorer = load_scorer(args.scorer)
    gold = scorer.load(str(args.gold))
    texts = [d["text"] for d in gold.values()]
    seed = [p for p in SEED_PARAGRAPHS.read_text(encoding="utf-8").splitlines() if p.strip()]
    import pysbd

    systems = [
        ("tmbrief", tmbrief_split),
        (f"pySBD {pysbd.__version__}", pysbd_splitter()),
        ("regex (after every 。！？!?)", regex_split),
    ]
    rows, errors = [], []
    for name, split in systems:
        pred = {did: {"id": did, "sentences": split(d["text"])} for did, d in gold.items()}
        r = scorer.evaluate(gold, pred, n_errors=args.errors)
        mbs = speed(split, texts + seed, args.megabytes)
        rows.append(
            f"| {name} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} "
            f"| {r['exact_doc_acc']:.2f} ({round(r['exact_doc_acc'] * r['docs'])}/{r['docs']}) "
            f"| {r['tp']} / {r['fp']} / {r['fn']} | {mbs:.2f} |"
        )
        errors += [f"{name}: {e}" for e in r["errors"]]
    n_gold = sum(len(d["sentences"]) - 1 for d in gold.values())
    out = [
        f"- date: {utc_now()}",
        f"- machine: {machine(pinned=True)}",
        f"- gold: `{args.gold.name}` ({len(gold)} documents, {n_gold} internal boundaries; "
        f"{unreachable(gold)} of them follow no sentence mark), scorer `{args.scorer.name}` "
        "(strict, slack 0)",
        f"- speed: UD texts + seed paragraphs ({sum(len(t.encode()) for t in texts + seed)} "
        f"bytes) repeated to {args.megabytes:g} MB, one document per call",
        "",
        "| system | P | R | F1 | exact docs | TP / FP / FN | MB/s |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
    ]
    print("\n".join(out))
    for e in errors:
        print(e, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

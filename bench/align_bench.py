"""Benchmark zh->en sentence alignment: tmbrief vs PyPI galechurch, quality, speed and memory.

Quality: strict and lax F1 per document and overall on the mac-dev gold
(Chinese novels and their published English translations), both aligners
scored by the shared scorer (align_eval.py, the vecalign/bertalign scoring);
which gold bead types are missed; how well the confidence score separates
right beads from wrong ones. galechurch gets the length ratio fitted per
document (its ``mean_xy`` acts as source/target characters, the inverse of
what its docstring says; the other way round it links nothing).

Speed: the benchmark documents concatenated repeatedly to 5k, 10k and 20k
Chinese sentences (English in proportion), each size aligned in a fresh
process pinned to one CPU; wall time and peak memory (max RSS) of the run,
dictionary loading included.

Run by hand (not a test), from the repository root:

  .venv/bin/python bench/align_bench.py              # quality + confidence
  .venv/bin/python bench/align_bench.py --speed      # and the 5k/10k/20k runs
  .venv/bin/python bench/align_bench.py --calibrate  # refit CONFIDENCE_WEIGHTS

Prints a Markdown report (machine, date, tables) for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from common import SHARED, load_scorer, machine, utc_now

from tmbrief.align import aligner as align
from tmbrief.align.search import align_units

DEFAULT_GOLD = SHARED / "align" / "mac-dev"
DEFAULT_SCORER = SHARED / "align_eval.py"
SIZES = (5000, 10000, 20000)
# Calibration: beads of scrambled pairs weigh this much against the real beads
# (an assumed 5% of beads that pair unrelated text), shuffled with this seed.
SCRAMBLED_SHARE = 0.05
SCRAMBLE_SEED = 7


def read_doc(gold: Path, name: str) -> tuple[list[str], list[str]]:
    zh = (gold / f"{name}.zh").read_text(encoding="utf-8").splitlines()
    en = (gold / f"{name}.en").read_text(encoding="utf-8").splitlines()
    return zh, en


def links(beads) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(tuple(src), tuple(tgt)) for src, tgt in beads if src or tgt}


def run_tmbrief(zh, en):
    """Beads, and for the confidence study (score, features, src, tgt) per bead."""
    src, tgt = align.sentence_features(zh, en)
    result = align_units(src, tgt)
    beads, rows = [], []
    for (i0, i1, j0, j1), posterior in zip(result.spans, result.posteriors, strict=True):
        s, t = result.src[i0:i1], result.tgt[j0:j1]
        beads.append((tuple(range(i0, i1)), tuple(range(j0, j1))))
        rows.append(
            (
                align.confidence(posterior, s, t, result.params),
                align.confidence_features(posterior, s, t, result.params),
            )
        )
    return beads, rows


def run_galechurch(zh, en):
    import galechurch

    src_chars = sum(len(s.replace(" ", "")) for s in zh)
    tgt_chars = sum(len(s.replace(" ", "")) for s in en)
    block = galechurch.align(zh, en, mean_xy=src_chars / max(1, tgt_chars))
    return [
        (
            tuple(range(b.source_start, b.source_end)),
            tuple(range(b.target_start, b.target_end)),
        )
        for b in block.beads
    ]


def quality(gold_dir: Path, scorer) -> dict:
    names = sorted(p.stem for p in gold_dir.glob("*.align"))
    out = {"names": names, "systems": {}}
    confidence_rows = []
    type_missed, type_total, pred_wrong, pred_total = Counter(), Counter(), Counter(), Counter()
    for system in ("tmbrief", "galechurch"):
        per_doc, pairs, seconds = {}, [], 0.0
        for name in names:
            gold = scorer.read_links(str(gold_dir / f"{name}.align"))
            zh, en = read_doc(gold_dir, name)
            start = time.perf_counter()
            if system == "tmbrief":
                beads, rows = run_tmbrief(zh, en)
            else:
                beads = run_galechurch(zh, en)
            seconds += time.perf_counter() - start
            pred = links(beads)
            pairs.append((gold, pred))
            per_doc[name] = scorer.score([(gold, pred)])
            if system == "tmbrief":
                for bead, (score, features) in zip(beads, rows, strict=True):
                    confidence_rows.append((score, features, bead in gold, bead))
                for src, tgt in gold:
                    kind = f"{len(src)}-{len(tgt)}"
                    type_total[kind] += 1
                    type_missed[kind] += (src, tgt) not in pred
                for src, tgt in pred:
                    kind = f"{len(src)}-{len(tgt)}"
                    pred_total[kind] += 1
                    pred_wrong[kind] += (src, tgt) not in gold
        out["systems"][system] = {
            "per_doc": per_doc,
            "overall": scorer.score(pairs),
            "seconds": seconds,
        }
    out["confidence"] = confidence_rows
    out["types"] = (type_missed, type_total, pred_wrong, pred_total)
    return out


def scrambled_rows(gold_dir: Path, names) -> list:
    """Confidence features of the beads found when each document's English is shuffled.

    Such beads pair text that is no translation of each other: known-wrong
    examples of a kind the gold lacks, so that the score also drops where a
    bead's sentences do not correspond at all.
    """
    import random

    rows = []
    for name in names:
        zh, en = read_doc(gold_dir, name)
        random.Random(SCRAMBLE_SEED).shuffle(en)
        _, found = run_tmbrief(zh, en)
        rows.extend(features for _, features in found)
    return rows


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None, l2: float = 1e-3
) -> np.ndarray:
    """Weighted logistic regression by Newton's method (a tiny ridge keeps it defined)."""
    weight = np.ones(len(y)) if weight is None else weight
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (weight * (p - y)) + l2 * w
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def speed_child(size: int, gold_dir: str) -> None:
    """Run in a fresh process: align ``size`` sentences, print JSON timings and peak RSS."""
    import resource

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    gold = Path(gold_dir)
    zh_all, en_all = [], []
    for p in sorted(gold.glob("*.align")):
        zh, en = read_doc(gold, p.stem)
        zh_all += zh
        en_all += en
    copies = size // len(zh_all) + 1
    zh = (zh_all * copies)[:size]
    en = (en_all * copies)[: round(size * len(en_all) / len(zh_all))]
    start = time.perf_counter()
    from tmbrief.align.lexicon import cedict
    from tmbrief.core import zh_words

    cedict()
    zh_words.tokenizer()
    loaded = time.perf_counter()
    beads = align.align_sentences(zh, en)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "zh": len(zh),
                "en": len(en),
                "beads": len(beads),
                "load": loaded - start,
                "align": done - loaded,
                "total": done - start,
                "peak_mb": peak,
            }
        )
    )


def speed(gold_dir: Path) -> list[dict]:
    rows = []
    for size in SIZES:
        proc = subprocess.run(
            [sys.executable, __file__, "--speed-child", str(size), "--gold", str(gold_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return rows


def report(result: dict, speed_rows: list[dict] | None, gold_dir: Path) -> str:
    lines = [
        f"- date: {utc_now()}",
        f"- machine: {machine()}",
        f"- gold: `{gold_dir.name}` ({len(result['names'])} documents), "
        "scorer `align_eval.py` (strict and lax, as vecalign/bertalign)",
        "",
        "| document | tmbrief strict | tmbrief lax | galechurch strict | galechurch lax |",
        "| --- | --- | --- | --- | --- |",
    ]
    ours, theirs = result["systems"]["tmbrief"], result["systems"]["galechurch"]
    for name in result["names"]:
        a, b = ours["per_doc"][name], theirs["per_doc"][name]
        lines.append(
            f"| {name} | {a['f1_strict']:.3f} | {a['f1_lax']:.3f} | "
            f"{b['f1_strict']:.3f} | {b['f1_lax']:.3f} |"
        )
    a, b = ours["overall"], theirs["overall"]
    lines.append(
        f"| **all** | **{a['f1_strict']:.3f}** | **{a['f1_lax']:.3f}** | "
        f"{b['f1_strict']:.3f} | {b['f1_lax']:.3f} |"
    )
    lines += [
        "",
        "| system | P strict | R strict | F1 strict | F1 lax | time (6 docs) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for system, label in (("tmbrief", "tmbrief"), ("galechurch", "galechurch 0.1.0")):
        r = result["systems"][system]
        o = r["overall"]
        lines.append(
            f"| {label} | {o['precision_strict']:.3f} | {o['recall_strict']:.3f} | "
            f"{o['f1_strict']:.3f} | {o['f1_lax']:.3f} | {r['seconds']:.2f} s |"
        )
    missed, total, wrong, predicted = result["types"]
    lines += [
        "",
        "Bead types (tmbrief): gold beads of each type it misses, and its own beads "
        "of each type that are wrong.",
        "",
        "| type | gold missed / gold | predicted wrong / predicted |",
        "| --- | --- | --- |",
    ]
    for kind in sorted(set(total) | set(predicted), key=lambda k: (-total[k], k)):
        lines.append(
            f"| {kind} | {missed[kind]} / {total[kind]} | {wrong[kind]} / {predicted[kind]} |"
        )
    rows = result["confidence"]
    scores = np.array([r[0] for r in rows])
    right = np.array([r[2] for r in rows], dtype=float)
    flagged = scores < align.REVIEW_THRESHOLD
    lines += [
        "",
        f"Confidence (REVIEW_THRESHOLD = {align.REVIEW_THRESHOLD}): share of beads exactly "
        "right, by score.",
        "",
        "| score | beads | exactly right |",
        "| --- | --- | --- |",
    ]
    edges = [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0001]
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = (scores >= lo) & (scores < hi)
        if inside.any():
            share = right[inside].mean()
            lines.append(f"| {lo:.1f}-{min(hi, 1.0):.1f} | {int(inside.sum())} | {share:.3f} |")
    lines.append(
        f"| **>= {align.REVIEW_THRESHOLD}** | {int((~flagged).sum())} "
        f"({(~flagged).mean():.0%}) | {right[~flagged].mean():.3f} |"
    )
    if flagged.any():
        lines.append(
            f"| **< {align.REVIEW_THRESHOLD}** (review) | {int(flagged.sum())} "
            f"({flagged.mean():.0%}) | {right[flagged].mean():.3f} |"
        )
    wrong = result.get("scrambled")
    if wrong is not None:
        lines.append(
            f"| scrambled pairs (English shuffled) | {len(wrong)} | "
            f"{np.mean(wrong < align.REVIEW_THRESHOLD):.0%} flagged for review |"
        )
    if speed_rows:
        lines += [
            "",
            "Speed and memory: benchmark documents repeated, one fresh process per size, "
            "pinned to one CPU.",
            "",
            "| zh sentences | en sentences | load dictionaries | align | total | ms / zh sentence "
            "(align) | peak RSS |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in speed_rows:
            lines.append(
                f"| {r['zh']} | {r['en']} | {r['load']:.1f} s | {r['align']:.1f} s | "
                f"{r['total']:.1f} s | {1000 * r['align'] / r['zh']:.2f} | {r['peak_mb']:.0f} MB |"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold directory")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="align_eval.py")
    parser.add_argument("--speed", action="store_true", help="also time 5k/10k/20k sentences")
    parser.add_argument("--calibrate", action="store_true", help="fit the confidence weights")
    parser.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="also write tmbrief's .align files here")
    args = parser.parse_args(argv)
    if args.speed_child:
        speed_child(args.speed_child, str(args.gold))
        return 0
    scorer = load_scorer(args.scorer)
    result = quality(args.gold, scorer)
    result["scrambled"] = np.array(
        [
            1 / (1 + np.exp(-np.dot(align.CONFIDENCE_WEIGHTS, f)))
            for f in scrambled_rows(args.gold, result["names"])
        ]
    )
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name in result["names"]:
            zh, en = read_doc(args.gold, name)
            beads = align.align_sentences(zh, en)
            (args.out / f"{name}.align").write_text(
                "".join(f"{b}\n" for b in beads), encoding="utf-8"
            )
    if args.calibrate:
        rows = result["confidence"]
        wrong = scrambled_rows(args.gold, result["names"])
        x = np.array([r[1] for r in rows] + wrong)
        y = np.array([r[2] for r in rows] + [False] * len(wrong), dtype=float)
        weight = np.concatenate(
            [np.ones(len(rows)), np.full(len(wrong), SCRAMBLED_SHARE * len(rows) / len(wrong))]
        )
        weights = fit_logistic(x, y, weight)
        print("CONFIDENCE_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")
    print(report(result, speed(args.gold) if args.speed else None, args.gold))
    return 0


if __name__ == "__main__":
    sys.exit(main())

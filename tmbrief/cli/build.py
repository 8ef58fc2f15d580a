"""Build everything: seeds/ -> segments/, tm/ and exports/.

Every document ``seeds/<id>.zh.txt`` (with its translation ``<id>.en.txt`` and
notes ``<id>.notes.tsv`` where present, and the shared ``seeds/glossary.tsv``)
is cleaned, segmented, aligned into a translation memory and exported. All
outputs are computed before any is written, then written all or nothing: on
any error (disk full, permission denied) every previous output stays as it was.

Human edits are kept: each document's edit record tm/<id>.edits.tsv (written
by `tmbrief import`) is replayed over the fresh alignment. An edit whose unit,
source sentence or underlying text changed is a conflict: not applied, printed,
listed in the QA report, kept in the record (exit 1; see docs/edits.md).
--discard-edits drops every record instead, listing each edit it discards.

In parallel (--workers N, or --scheduler ADDRESS) each document is a task on a
Dask cluster: N local worker processes on 127.0.0.1, started and stopped by the
command, or the workers of an existing cluster (they must see seeds/ at the same
path). The files are the same as a sequential build's. A document that fails is
reported with its id and left out (its previous outputs stay); the others are
written, and the exit status is 2.

Settings come from ./tmbrief.toml (or --config FILE) and --set STAGE.KEY=VALUE,
given before the command; the TM header and every export state them.

Example:
  tmbrief build                       # seeds/ in the current directory
  tmbrief build --seeds seeds --out .
  tmbrief build --workers 2
  tmbrief build --scheduler tcp://scheduler.example:8786
  tmbrief --set align.review_threshold=0.6 build --out /tmp/tmbrief-out
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tmbrief.cli import positive_int, settings_of
from tmbrief.pipeline import build
from tmbrief.scale.cluster import ClusterSettings


def add_arguments(parser) -> None:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seeds directory")
    parser.add_argument("--out", type=Path, default=Path("."), help="output root directory")
    parser.add_argument("--encoding", help="force the encoding of the Chinese articles")
    parser.add_argument(
        "--discard-edits",
        action="store_true",
        help="drop the recorded human edits (tm/*.edits.tsv), listing each one",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="build on a local Dask cluster of N worker processes",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="build on the existing Dask cluster at ADDRESS (tcp://HOST:PORT)",
    )


def run(args) -> int:
    cluster = None
    if args.workers or args.scheduler:
        cluster = ClusterSettings(workers=args.workers, scheduler=args.scheduler)
    progress = ProgressBar(sys.stderr) if cluster and sys.stderr.isatty() else None
    start = time.monotonic()
    result = build(
        args.seeds,
        args.out,
        encoding=args.encoding,
        settings=settings_of(args),
        discard_edits=args.discard_edits,
        cluster=cluster,
        on_progress=progress,
    )
    if progress is not None:
        progress.close()
    for e in result.discarded:
        print(f"tmbrief: discarded edit {e.seq} of {e.tuid} (from {e.file}): {e.new_target!r}")
    for w in result.warnings:
        print(f"tmbrief: warning: {w}", file=sys.stderr)
    for doc_id, error in result.failed.items():
        print(f"tmbrief: error: {doc_id}: {error}", file=sys.stderr)
    if cluster is None:
        print(f"tmbrief: wrote {len(result.files)} files under {args.out}/")
    else:
        built = len(result.documents)
        print(
            f"tmbrief: built {built} of {built + len(result.failed)} documents on "
            f"{cluster.describe()} in {time.monotonic() - start:.1f} s"
            + (f", {len(result.failed)} failed" if result.failed else "")
            + f"; wrote {len(result.files)} files under {args.out}/"
        )
    if result.discarded:
        print(f"tmbrief: discarded {len(result.discarded)} recorded edits")
    if result.failed:
        return 2
    if result.conflicts:
        print(
            f"tmbrief: {len(result.conflicts)} recorded edits conflict and were not applied "
            "(kept in tm/*.edits.tsv; see the QA report and docs/edits.md)"
        )
        return 1
    return 0


class ProgressBar:
    """A one-line progress bar on a terminal: ``[#####-----] 25/50 documents, 1 failed``."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.failed = 0

    def __call__(self, doc_id: str, error: str | None, done: int, total: int) -> None:
        self.failed += error is not None
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        failed = f", {self.failed} failed" if self.failed else ""
        self.stream.write(f"\r[{bar}] {done}/{total} documents{failed}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()

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

Settings come from ./tmbrief.toml (or --config FILE) and --set STAGE.KEY=VALUE,
given before the command; the TM header and every export state them.

Example:
  tmbrief build                       # seeds/ in the current directory
  tmbrief build --seeds seeds --out .
  tmbrief --set align.review_threshold=0.6 build --out /tmp/tmbrief-out
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmbrief.cli import settings_of
from tmbrief.pipeline import build


def add_arguments(parser) -> None:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seeds directory")
    parser.add_argument("--out", type=Path, default=Path("."), help="output root directory")
    parser.add_argument("--encoding", help="force the encoding of the Chinese articles")
    parser.add_argument(
        "--discard-edits",
        action="store_true",
        help="drop the recorded human edits (tm/*.edits.tsv), listing each one",
    )


def run(args) -> int:
    result = build(
        args.seeds,
        args.out,
        encoding=args.encoding,
        settings=settings_of(args),
        discard_edits=args.discard_edits,
    )
    for e in result.discarded:
        print(f"tmbrief: discarded edit {e.seq} of {e.tuid} (from {e.file}): {e.new_target!r}")
    for w in result.warnings:
        print(f"tmbrief: warning: {w}", file=sys.stderr)
    print(f"tmbrief: wrote {len(result.files)} files under {args.out}/")
    if result.discarded:
        print(f"tmbrief: discarded {len(result.discarded)} recorded edits")
    if result.conflicts:
        print(
            f"tmbrief: {len(result.conflicts)} recorded edits conflict and were not applied "
            "(kept in tm/*.edits.tsv; see the QA report and docs/edits.md)"
        )
        return 1
    return 0

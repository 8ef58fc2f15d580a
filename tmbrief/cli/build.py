"""Build everything: seeds/ -> segments/, tm/ and exports/.

Every document ``seeds/<id>.zh.txt`` (with its translation ``<id>.en.txt`` and
notes ``<id>.notes.tsv`` where present, and the shared ``seeds/glossary.tsv``)
is cleaned, segmented, aligned into a translation memory and exported. All
outputs are computed before any is written, and each is written atomically.

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


def run(args) -> int:
    result = build(args.seeds, args.out, encoding=args.encoding, settings=settings_of(args))
    for w in result.warnings:
        print(f"tmbrief: warning: {w}", file=sys.stderr)
    print(f"tmbrief: wrote {len(result.files)} files under {args.out}/")
    return 0

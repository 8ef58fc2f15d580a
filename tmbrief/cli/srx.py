"""Print (or write with -o) the segmentation rules as an SRX 2.0 document.

The rules are the ones `tmbrief segment` runs on, for Chinese (zh.*) and
English (en.*), plus a shared line-break rule (cascade), for CAT tools and
segmenters that read SRX 2.0 language rules and map rules.

Example:
  tmbrief srx -o exports/segmentation.srx
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmbrief.core.textio import atomic_write
from tmbrief.segment.srx import to_srx


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")


def run(args) -> int:
    document = to_srx()
    if args.output is None:
        sys.stdout.write(document)
    else:
        atomic_write(args.output, document)
    return 0

"""What the index commands share: the --tm/--index options and opening the index.

Not a command (cli/__init__.py lists the commands).
"""

from __future__ import annotations

import sys
from pathlib import Path


def add_index_arguments(parser) -> None:
    parser.add_argument("--tm", type=Path, default=Path("tm"), help="TM directory (default tm/)")
    parser.add_argument(
        "--index",
        type=Path,
        help="index file (default: $TMBRIEF_INDEX, else the user cache; never committed)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="keep the index in PostgreSQL at URL (postgresql://USER@HOST:PORT/DB; "
        "default: $TMBRIEF_DB, else the embedded index file)",
    )


def open_index(args):
    from tmbrief.lookup.server import open_index as open_corpus_index

    return open_corpus_index(args.tm, args.index, args.db)


def warn(index) -> None:
    """Print the index's warnings (rebuilt, locked, files gone) to stderr, once each."""
    for w in dict.fromkeys(index.warnings):
        print(f"tmbrief: warning: {w}", file=sys.stderr)
    index.warnings.clear()

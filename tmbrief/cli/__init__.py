"""The command line: one thin module per command; the only place that maps errors to exit codes.

Each command module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``; its module docstring is the command's long ``--help`` text.
"""

from __future__ import annotations

import argparse
import importlib
import keyword
import logging
import sys

from tmbrief.core.errors import TmbriefError
from tmbrief.core.version import __version__

# The commands, in the order --help lists them. Add a module here to add a command.
COMMANDS = (
    "build", "clean", "segment", "srx", "align", "export", "import", "qa", "brief",
    "lookup", "concordance", "analyze", "pretranslate", "index",
)  # fmt: skip


def _load(name: str):
    # A command named like a Python keyword lives in <name>_.py (import -> import_.py).
    module = f"{name}_" if keyword.iskeyword(name) else name
    return importlib.import_module(f"tmbrief.cli.{module}")


def make_parser() -> argparse.ArgumentParser:
    """The argparse parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="tmbrief",
        description="Chinese news article + human English translation -> translation memory, "
        "exports, QA and briefings.",
    )
    parser.add_argument("--version", action="version", version=f"tmbrief {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = _load(name)
        p = sub.add_parser(
            name,
            help=module.HELP,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 0 on success, 1 when QA finds errors, 2 on bad input."""
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="tmbrief: %(levelname)s: %(message)s",
    )
    try:
        return args._run(args)
    except TmbriefError as exc:
        print(f"tmbrief: error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"tmbrief: error: {exc.filename}: no such file or directory", file=sys.stderr)
        return 2
    except IsADirectoryError as exc:
        print(f"tmbrief: error: {exc.filename}: is a directory, expected a file", file=sys.stderr)
        return 2
    except PermissionError as exc:
        print(f"tmbrief: error: {exc.filename}: permission denied", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0

"""The command line: one thin module per command; the only place that maps errors to exit codes.

Each command module defines ``add_arguments(parser)`` and ``run(args) -> int``; its
module docstring is the command's long ``--help`` text and COMMANDS holds its one-line
help. Only the module of the command being run is imported, so ``tmbrief --help``
loads no stage.
"""

from __future__ import annotations

import argparse
import importlib
import keyword
import os
import sys

from tmbrief.core.errors import TmbriefError
from tmbrief.core.version import __version__

# tmbrief calls no BLAS routine (numpy serves the aligner's DP and the lookup's arrays;
# tests/test_cli.py checks no module multiplies matrices), and OpenBLAS starts a thread
# per core when numpy is imported: 40 ms of CPU and wall of a 0.35 s seed build on a
# 2-core machine. The command line runs it on one thread unless the user says otherwise.
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}

# The commands and their one-line help, in the order --help lists them. Add a module
# (``tmbrief/cli/<name>.py`` with ``add_arguments`` and ``run``) and a line here to add one.
COMMANDS = {
    "build": "build segments/, tm/ and exports/ from seeds/",
    "clean": "clean a raw scraped article or saved page and print its paragraphs",
    "segment": "split paragraphs (one per line) into sentences",
    "srx": "print or write the segmentation rules as SRX 2.0",
    "align": "align Chinese sentences with English ones (one per line), vecalign beads with scores",
    "export": "export TMs (tm/*.tsv) to TMX, PO, POT, XLIFF, CSV, XLSX",
    "import": "merge a translator's edited PO/TMX/XLIFF/CSV/XLSX into the TM",
    "qa": "check a TM, PO, TMX or XLIFF file: numbers, glossary, markup, consistency, form",
    "brief": "brief a document in English: cited summary, key figures, speakers",
    "review": "review and fix an alignment in the browser (local web app)",
    "lookup": "fuzzy-match a sentence against every TM (CAT-style score 0-100)",
    "concordance": "every TM unit containing a term (zh or en), highlighted",
    "analyze": "count a new article's segments and characters per TM match band",
    "pretranslate": "insert the best TM matches into a new article (XLIFF, PO or TMX)",
    "index": "show, rebuild or add files to the corpus index used by lookup",
}


def _load(name: str):
    # A command named like a Python keyword lives in <name>_.py (import -> import_.py).
    module = f"{name}_" if keyword.iskeyword(name) else name
    return importlib.import_module(f"tmbrief.cli.{module}")


def settings_of(args):
    """The settings a command runs with: defaults, ``--config`` or ./tmbrief.toml, ``--set``."""
    from tmbrief.config import load_settings

    return load_settings(args.config, args.overrides)


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--workers``, ``--sentences`` ...)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _path(text: str):
    """An argparse type: a path (pathlib is imported only when one is given: see main)."""
    from pathlib import Path

    return Path(text)


def _chosen(argv: list[str]) -> str | None:
    """The command named in ``argv`` (its first word that is one), or None."""
    return next((word for word in argv if word in COMMANDS), None)


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argparse parser: every command listed, the arguments of the one in ``argv`` added.

    With ``argv`` None every command's module is loaded (for tests and docs).
    """
    parser = argparse.ArgumentParser(
        prog="tmbrief",
        description="Chinese news article + human English translation -> translation memory, "
        "exports, QA and briefings.",
    )
    parser.add_argument("--version", action="version", version=f"tmbrief {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument(
        "--config",
        type=_path,
        metavar="FILE",
        help="settings file (default: ./tmbrief.toml when it exists)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="STAGE.KEY=VALUE",
        help="change one setting, e.g. --set align.band=8 (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = None if argv is None else _chosen(argv)
    for name, summary in COMMANDS.items():
        if argv is not None and name != chosen:
            sub.add_parser(name, help=summary)
            continue
        module = _load(name)
        p = sub.add_parser(
            name,
            help=summary,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 0 on success, 1 when QA finds errors, 2 on bad input."""
    argv = sys.argv[1:] if argv is None else list(argv)
    for name, value in BLAS_THREADS.items():  # before a command's module imports numpy
        os.environ.setdefault(name, value)
    parser = make_parser(argv)
    args = parser.parse_args(argv)
    # Imported here: `tmbrief --help` and argument errors exit above without logging.
    import logging

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
    except OSError as exc:  # ENOSPC, EROFS, EIO...: one line, never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"tmbrief: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2

"""Check a translation memory, PO, TMX or XLIFF file for translation errors.

Checks (run all, or choose with --only / --skip):
  untranslated  empty target, copied source, Chinese left in the target (error);
                fuzzy / needs-review unit (warning)
  numbers       quantities differ, Chinese-aware: 537.8亿元 = 53.78 billion (error)
  glossary      approved English of a glossary term missing, or a wrong variant (error)
  consistency   same source translated differently, or one target for two sources (warning)
  length-ratio  target length out of line with the ratio fitted on this file (warning)
  form          quotes/brackets, full-width punctuation, doubled words, spaces,
                control characters, segments over 2,000 characters (warning)
  alignment     alignment confidence under the review threshold (warning / info)

The file must say it is Chinese -> English (zh-CN -> en): a file of another
language pair, or one that names no target language, is refused.
Exit status: 0 when no finding is an error, 1 when one is, 2 on bad input.

Example:
  tmbrief qa tm/fuling-materials-20231220.tsv --glossary seeds/glossary.tsv
  tmbrief qa exports/fuling-materials-20231220.po --format md --only numbers glossary
  tmbrief qa exports/fuling-materials-20231220.tmx --format json --min-severity warning
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmbrief.core.glossary import load_glossary
from tmbrief.formats import format_for_path
from tmbrief.qa.checks import CHECK_NAMES, SEVERITIES
from tmbrief.qa.report import REPORT_FORMATS, has_errors, qa_file


def add_arguments(parser) -> None:
    parser.add_argument("path", type=Path, help="tm/<id>.tsv, or a .po, .tmx, .xliff file")
    parser.add_argument(
        "--glossary", type=Path, help="glossary TSV (zh, en, kind, note, forbidden)"
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text", help="report format")
    parser.add_argument("--only", nargs="+", choices=CHECK_NAMES, metavar="CHECK",
                        help=f"run only these checks ({', '.join(CHECK_NAMES)})")  # fmt: skip
    parser.add_argument("--skip", nargs="+", choices=CHECK_NAMES, metavar="CHECK",
                        help="do not run these checks")  # fmt: skip
    parser.add_argument("--min-severity", choices=SEVERITIES, default="info",
                        help="leave out findings below this severity (default: info)")  # fmt: skip


def run(args) -> int:
    header, units = format_for_path(args.path).read(args.path)
    glossary = load_glossary(args.glossary) if args.glossary else ()
    report = qa_file(
        args.path,
        header,
        units,
        glossary=glossary,
        glossary_path=args.glossary,
        only=args.only,
        skip=args.skip,
        min_severity=args.min_severity,
    )
    sys.stdout.write(report.render(args.format))
    return 1 if has_errors(report.findings) else 0

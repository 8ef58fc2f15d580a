"""Check a translation memory, PO, TMX or XLIFF file for translation errors.

Checks (run a profile, or choose with --only / --skip; a category name such as
"form" or "markup" stands for its checks):
  untranslated     empty target, copied source, Chinese left in the target (error);
                   fuzzy / needs-review unit (warning)
  numbers          quantities differ, Chinese-aware: 537.8亿元 = 53.78 billion (error)
  spelled-numbers  small number spelled in Chinese (两, 三项) not in the target (strict)
  glossary         approved English of a glossary term missing, or a wrong variant (error)
  urls             a web address of the source changed or missing (error)
  emails           an e-mail address of the source changed or missing (error)
  tags             inline tags <b> </b> <i> missing or added (error)
  placeholders     %d, %(name)s, {0}, {name} missing or added (error)
  latin-names      a Latin-script name of the source missing (strict)
  consistency      same source translated differently, or one target for two sources
  length-ratio     target length out of line with the ratio fitted on this file
  brackets         unbalanced quotes or brackets (form, warning)
  punctuation      full-width punctuation in English, a target cut short (form)
  whitespace       double spaces, leading or trailing whitespace (form)
  repeated-words   "the the" (form)
  characters       control characters, segments over 2,000 characters (form)
  alignment        alignment confidence under the review threshold (warning / info)

Profiles: default (all but the strict ones), news (default without tags and
placeholders), strict (every check). The glossary is seeds/glossary.tsv when it
exists, unless --glossary names another or --no-glossary; --outlet names the
publisher, so glossary entries scoped to another outlet are not applied.

The file must say it is Chinese -> English (zh-CN -> en): a file of another
language pair, or one that names no target language, is refused.
Exit status: 0 when no finding is an error, 1 when one is, 2 on bad input.

Example:
  tmbrief qa tm/fuling-materials-20231220.tsv
  tmbrief qa exports/fuling-materials-20231220.po --format md --only numbers glossary
  tmbrief qa exports/fuling-materials-20231220.tmx --profile strict --min-severity warning
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmbrief.core.glossary import load_glossary
from tmbrief.formats import format_for_path
from tmbrief.qa.checks import CATEGORIES, CHECK_NAMES, SEVERITIES
from tmbrief.qa.report import REPORT_FORMATS, has_errors, qa_file
from tmbrief.qa.settings import PROFILE_NAMES, QASettings

DEFAULT_GLOSSARY = Path("seeds") / "glossary.tsv"


def add_arguments(parser) -> None:
    parser.add_argument("path", type=Path, help="tm/<id>.tsv, or a .po, .tmx, .xliff file")
    parser.add_argument(
        "--glossary", type=Path, help=f"glossary TSV (default: {DEFAULT_GLOSSARY} when it exists)"
    )
    parser.add_argument("--no-glossary", action="store_true", help="check without a glossary")
    parser.add_argument(
        "--profile",
        choices=PROFILE_NAMES,
        default="default",
        help="which checks run (default, news, strict)",
    )
    parser.add_argument(
        "--outlet", default="", help="the publisher: glossary entries scoped to another are skipped"
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text", help="report format")
    parser.add_argument("--only", nargs="+", choices=CHECK_NAMES + CATEGORIES, metavar="CHECK",
                        help=f"run only these checks ({', '.join(CHECK_NAMES)}) or "
                             f"categories ({', '.join(CATEGORIES)})")  # fmt: skip
    parser.add_argument("--skip", nargs="+", choices=CHECK_NAMES + CATEGORIES, metavar="CHECK",
                        help="do not run these checks")  # fmt: skip
    parser.add_argument("--min-severity", choices=SEVERITIES, default="info",
                        help="leave out findings below this severity (default: info)")  # fmt: skip


def run(args) -> int:
    header, units = format_for_path(args.path).read(args.path)
    path = args.glossary
    if path is None and not args.no_glossary and DEFAULT_GLOSSARY.exists():
        path = DEFAULT_GLOSSARY
    if args.no_glossary:
        path = None
    glossary = load_glossary(path) if path else ()
    settings = QASettings(
        profile=args.profile, only=tuple(args.only or ()), skip=tuple(args.skip or ())
    )
    report = qa_file(
        args.path,
        header,
        units,
        glossary=glossary,
        glossary_path=path,
        settings=settings,
        outlet=args.outlet,
        min_severity=args.min_severity,
    )
    sys.stdout.write(report.render(args.format))
    return 1 if has_errors(report.findings) else 0

"""Export translation memories to TMX, PO, POT, XLIFF, CSV and XLSX.

Reads TM files (default: every tm/*.tsv) and writes one file per TM and format
into --out-dir (default exports/), named <doc id>.<ext>: .tmx (TMX 1.4 with
sentence, block and paragraph units, for CAT tools), .po and .pot (gettext),
.xlf (XLIFF 1.2), .csv (UTF-8 with BOM) and .xlsx (for reviewers). Without
--format every one of them is written. -o names the output file when there is
exactly one TM and one format. Outputs are deterministic and written
atomically. Control characters that the formats cannot carry are removed and
each removal is reported on stderr.

Example:
  tmbrief export                                   # every tm/*.tsv -> exports/
  tmbrief export --format tmx --tm tm/fuling-materials-20231220.tsv -o memory.tmx
  tmbrief export --format po --format xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmbrief.core.errors import InputError, OutputError
from tmbrief.core.textio import atomic_open
from tmbrief.formats import EXPORT_FORMATS, get_format
from tmbrief.tm.memory import read_tm


def add_arguments(parser) -> None:
    parser.add_argument(
        "--format",
        action="append",
        choices=EXPORT_FORMATS,
        help="output format (repeatable; default: all of them)",
    )
    parser.add_argument(
        "--tm", action="append", type=Path, help="TM file (repeatable; default: tm/*.tsv)"
    )
    parser.add_argument("-o", "--output", type=Path, help="output file (one TM, one format)")
    parser.add_argument(
        "--out-dir", type=Path, default=Path("exports"), help="output directory (default exports/)"
    )


def run(args) -> int:
    tms = args.tm or sorted(Path("tm").glob("*.tsv"))
    if not tms:
        raise InputError("tm", "no TM files (tm/*.tsv): run `tmbrief build` or give --tm")
    names = list(dict.fromkeys(args.format or EXPORT_FORMATS))
    if args.output is not None and (len(tms) != 1 or len(names) != 1):
        raise InputError(args.output, "-o needs exactly one --tm and one --format")
    if args.output is None:
        try:
            args.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(args.out_dir, f"cannot create: {exc.strerror}") from exc
    for tm_path in tms:
        header, units = read_tm(tm_path)
        for name in names:
            fmt = get_format(name)
            out = args.output or args.out_dir / fmt.filename(header.doc_id)
            with atomic_open(out, "wb" if fmt.binary else "w") as fh:
                removed = fmt.write(units, header, fh)
            kept = sum(1 for u in units if u.segtype in fmt.segtypes)
            print(f"tmbrief: wrote {out} ({kept} units)")
            for r in removed:
                print(f"tmbrief: warning: {out}: {r}", file=sys.stderr)
    return 0

"""Merge a translator's edits (PO, TMX, XLIFF, CSV, XLSX) back into the translation memory.

FILE is a file exported by `tmbrief export` and edited in a CAT tool or a
spreadsheet; its type comes from its extension (.po, .tmx, .xlf/.xliff,
.csv, .xlsx). Units are matched by tuid (PO msgctxt, TMX tuid, XLIFF
trans-unit id, the tuid column). Applied: changed targets (status becomes
translated, or needs-review while the file still flags the unit as fuzzy or
needing review), cleared fuzzy flags, changed translator notes. Reported and
not applied: unknown tuids, changed sources, an empty target where the TM has
a translation, edited block or paragraph units (edit their sentences).
Block and paragraph units are then rebuilt from their sentences.

Every change is printed. --dry-run prints them and writes nothing. A file
that cannot be read, or that belongs to another document or language pair,
changes nothing (exit 2). The TM (default tm/<doc id>.tsv, the document named
in FILE) is rewritten atomically. Exit status: 0 when every unit in FILE was
applied or unchanged, 1 when some were rejected (the others are applied).

Example:
  tmbrief import exports/fuling-materials-20231220.po --dry-run
  tmbrief import reviewed.xlsx --tm tm/fuling-materials-20231220.tsv
"""

from __future__ import annotations

from pathlib import Path

from tmbrief.core.errors import InputError
from tmbrief.core.textio import atomic_open
from tmbrief.formats import format_for_path
from tmbrief.formats.common import require_language_pair
from tmbrief.tm.memory import read_tm, write_tm
from tmbrief.tm.merge import MergeResult, merge


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="edited file (.po .tmx .xlf .csv .xlsx)")
    parser.add_argument("--tm", type=Path, help="TM file (default: tm/<doc id of FILE>.tsv)")
    parser.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")


def _show(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") or "(empty)"


def report(result: MergeResult) -> list[str]:
    """The lines printed for a merge: each edit as a small diff, each rejection with its reason."""
    lines = []
    for c in result.edited:
        if c.field == "status":
            lines.append(f"~ {c.tuid} status: {c.old} -> {c.new}")
        else:
            lines += [f"~ {c.tuid} {c.field}:", f"  - {_show(c.old)}", f"  + {_show(c.new)}"]
    derived = {c.tuid for c in result.changes if c.derived}
    if derived:
        names = ", ".join(sorted(derived))
        lines.append(f"~ rebuilt {len(derived)} block/paragraph units: {names}")
    lines += [f"! {r.tuid or '(no tuid)'} not applied: {r.reason}" for r in result.rejected]
    return lines


def run(args) -> int:
    fmt = format_for_path(args.file)
    if not fmt.importable:
        raise InputError(args.file, f"a .{fmt.name} file carries no translations to import")
    file_header, incoming = fmt.read(args.file)
    tm_path = args.tm
    if tm_path is None:
        if not file_header.doc_id:
            raise InputError(args.file, "names no document; give the TM with --tm")
        tm_path = Path("tm") / f"{file_header.doc_id}.tsv"
    header, units = read_tm(tm_path)
    if file_header.doc_id and file_header.doc_id != header.doc_id:
        raise InputError(
            args.file, f"is for document {file_header.doc_id}, the TM is {header.doc_id}"
        )
    require_language_pair(
        args.file, file_header, header.srclang, header.tgtlang, expected="the TM's is"
    )
    result = merge(units, incoming)
    for line in report(result):
        print(line)
    edited = len({c.tuid for c in result.edited})
    summary = f"{edited} units changed, {len(result.rejected)} rejected"
    if args.dry_run:
        print(f"tmbrief: dry run: {summary}; nothing written")
    elif result.changes:
        with atomic_open(tm_path) as fh:
            write_tm(result.units, header, fh)
        print(f"tmbrief: {summary}; wrote {tm_path}")
    else:
        print(f"tmbrief: {summary}; {tm_path} unchanged")
    return 1 if result.rejected else 0

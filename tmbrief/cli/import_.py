"""Merge a translator's edits (PO, TMX, XLIFF, CSV, XLSX) back into the translation memory.

FILE is a file exported by `tmbrief export` and edited in a CAT tool or a
spreadsheet, or a new article's file made by `tmbrief pretranslate` and then
translated (it has no TM of its own: it joins the memory through the corpus
index, as `tmbrief index add` does). Its type comes from its extension (.po,
.tmx, .xlf/.xliff, .csv, .xlsx). Units are matched by tuid (PO msgctxt, TMX tuid, XLIFF
trans-unit id, the tuid column). Applied: changed targets (status becomes
translated, or needs-review while the file still flags the unit as fuzzy or
needing review), cleared fuzzy flags, changed translator notes. Files exported by
tmbrief carry per unit a base (the hash of what the TM held): a unit the file
did not change is skipped, and a unit changed both in the file and in the TM
since the export is a conflict (an older export never undoes a newer edit).
Files without a base (other tools') merge two-way, with a warning. Reported
and not applied: conflicts, unknown tuids, changed sources, an empty target where the TM has
a translation, edited block or paragraph units (edit their sentences).
Block and paragraph units are then rebuilt from their sentences.

Every change is printed. --dry-run prints them and writes nothing. A file
that cannot be read, or that belongs to another document or language pair,
changes nothing (exit 2). Every applied edit is also appended to the edit
record next to the TM (tm/<doc id>.edits.tsv: old and new target, status and
notes, the file and its modification time), which `tmbrief build` replays so
a rebuild keeps the edit. The TM (default tm/<doc id>.tsv, the document named
in FILE) and its record are written together, all or nothing. Exit status:
0 when every unit in FILE was applied or unchanged, 1 when some were rejected
(the others are applied).

Example:
  tmbrief import exports/fuling-materials-20231220.po --dry-run
  tmbrief import reviewed.xlsx --tm tm/fuling-materials-20231220.tsv
  tmbrief import new-article.xlf      # after tmbrief pretranslate ... -o new-article.xlf
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from tmbrief.core.errors import InputError
from tmbrief.core.textio import commit_files
from tmbrief.formats import format_for_path
from tmbrief.formats.common import require_language_pair
from tmbrief.tm.edits import edits_between, edits_path, read_edits, record_bytes
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


def _file_time(path) -> str:
    """When the person saved ``path`` (its modification time, UTC, ISO 8601)."""
    mtime = Path(path).stat().st_mtime
    stamp = datetime.datetime.fromtimestamp(int(mtime), datetime.UTC)
    return stamp.isoformat().replace("+00:00", "Z")


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
        if not tm_path.exists():
            from tmbrief.lookup.pretranslate import is_pretranslated

            if is_pretranslated(file_header):
                return _into_the_index(args, tm_path.parent, incoming)
            raise InputError(
                args.file,
                f"is for document {file_header.doc_id}, which has no TM ({tm_path}): give "
                f"the TM with --tm, or add the file to the lookup memory with "
                f"`tmbrief index add {args.file}`",
            )
    header, units = read_tm(tm_path)
    if file_header.doc_id and file_header.doc_id != header.doc_id:
        raise InputError(
            args.file, f"is for document {file_header.doc_id}, the TM is {header.doc_id}"
        )
    require_language_pair(
        args.file, file_header, header.srclang, header.tgtlang, expected="the TM's is"
    )
    if incoming and not any(u.base for u in incoming):
        print(
            f"tmbrief: warning: {args.file} carries no base (not exported by this tmbrief): "
            "units that differ from the TM are applied even where the TM changed since",
            file=sys.stderr,
        )
    result = merge(units, incoming)
    for line in report(result):
        print(line)
    edited = len({c.tuid for c in result.edited})
    summary = f"{edited} units changed, {len(result.rejected)} rejected"
    if args.dry_run:
        print(f"tmbrief: dry run: {summary}; nothing written")
    elif result.changes:
        record = edits_path(tm_path)
        new_edits = edits_between(units, result.units, str(args.file), _file_time(args.file))
        buf = io.StringIO(newline="")
        write_tm(result.units, header, buf)
        commit_files(
            {
                tm_path: buf.getvalue().encode("utf-8"),
                record: record_bytes(read_edits(record), new_edits),
            }
        )
        print(f"tmbrief: {summary}; wrote {tm_path} and {len(new_edits)} edits to {record}")
    else:
        print(f"tmbrief: {summary}; {tm_path} unchanged")
    return 1 if result.rejected else 0


def _into_the_index(args, tm_dir: Path, incoming) -> int:
    """A pre-translated new article (``tmbrief pretranslate``), translated: it has no TM of
    its own to merge into, so it joins the memory through the corpus index of ``tm_dir``
    (as ``tmbrief index add`` does, and followed when it changes again)."""
    if not tm_dir.is_dir():  # as the index would say, before a dry run says all is well
        raise InputError(tm_dir, "TM directory does not exist")
    done = sum(1 for u in incoming if u.target)
    what = f"{args.file} is a pre-translated new article ({done} of {len(incoming)} with a target)"
    if args.dry_run:
        print(f"tmbrief: dry run: {what}; it would join the memory through the corpus index"
              f" of {tm_dir}/ (as `tmbrief index add`); nothing written")  # fmt: skip
        return 0
    from tmbrief.cli.indexing import warn
    from tmbrief.lookup.server import open_index

    index = open_index(tm_dir)
    added, skipped, why = index.add(args.file)
    warn(index)
    more = f"; {skipped} skipped ({why})" if skipped else ""
    print(
        f"tmbrief: {what}: added {added} units to the corpus index of {tm_dir}/{more}; index "
        f"{index.path}. To make it part of the committed memory, add the article and its "
        "translation to seeds/ and run `tmbrief build`."
    )
    return 0

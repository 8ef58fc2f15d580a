"""The corpus index over every TM: show it, rebuild it, add other tools' TMX/PO/XLIFF to it.

The index is derived from tm/*.tsv and the files added here; lookups keep it
up to date by themselves (a file whose mtime, size and hash changed is
re-indexed) and rebuild it when it is corrupt. It lives in the user cache
(or $TMBRIEF_INDEX, --index) and is never committed.

  status    sources, units, where the index is
  rebuild   delete and rebuild it
  add FILE  add a TMX, PO, XLIFF or TM TSV file (TMX: the zh and en <tuv> are
            found by BCP 47 language matching, either order); also how a
            pre-translated file, once translated, joins the memory

Example:
  tmbrief index status
  tmbrief index add exports/fuling-materials-20231220.tmx
"""

from __future__ import annotations

from pathlib import Path

from tmbrief.cli.indexing import add_index_arguments, open_index, warn


def add_arguments(parser) -> None:
    parser.add_argument("action", choices=("status", "rebuild", "add"))
    parser.add_argument("file", type=Path, nargs="?", help="file to add (with add)")
    add_index_arguments(parser)


def run(args) -> int:
    from tmbrief.core.errors import InputError

    index = open_index(args)
    if args.action == "add":
        if args.file is None:
            raise InputError("index add", "give the file to add")
        added, skipped, why = index.add(args.file)
        warn(index)
        more = f"; {skipped} skipped ({why})" if skipped else ""
        print(f"tmbrief: added {added} units from {args.file}{more}; index {index.path}")
        return 0
    if args.action == "rebuild":
        index.rebuild()
    backend = index.sync()
    warn(index)
    sources = backend.sources()
    print(f"index {index.path}: {backend.unit_count()} units from {len(sources)} sources")
    for name in sorted(sources):
        print(f"  {sources[name].kind:5s}  {name}")
    return 0

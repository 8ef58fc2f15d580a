"""Brief a document in English: headline, byline, cited summary, key figures, who spoke.

Reads the built files: tm/<id>.tsv (the TM), segments/<id>.meta.json (title,
outlet, date, byline, paragraph kinds) and seeds/glossary.tsv (English names,
posts of the people quoted). The summary is extractive: each sentence is the
human English translation of TM units (whole targets, never an untranslated
unit), cited by tuid, in article order. Key figures are those the number checker
finds in both the Chinese and the English of a unit; the others are listed as
figures to check. --explain shows each chosen sentence's scores. With --all,
every document in tm/ is briefed, an overview first.

Example:
  tmbrief brief                                  # the only document in tm/
  tmbrief brief --doc fuling-materials-20231220 --sentences 3 --explain
  tmbrief brief --words 120 --format json
  tmbrief brief --all --format html -o briefings.html
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from tmbrief.brief.briefing import make_brief, make_overview, meta_from_json
from tmbrief.brief.render import FORMATS, render, render_overview
from tmbrief.cli import positive_int
from tmbrief.core.errors import InputError, ParseError
from tmbrief.core.glossary import load_glossary
from tmbrief.core.textio import atomic_write, read_text
from tmbrief.tm.memory import read_tm

log = logging.getLogger(__name__)


def add_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--doc", metavar="ID", help="document id (default: the only one in tm/)")
    which.add_argument("--all", action="store_true", help="brief every document, overview first")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--sentences", type=positive_int, default=5, metavar="N",
                        help="summary length in sentences (default 5)")  # fmt: skip
    budget.add_argument("--words", type=positive_int, metavar="N",
                        help="summary length in English words, instead of sentences")  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, default="md", help="output format (md)")
    parser.add_argument("--explain", action="store_true", help="show each sentence's scores")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="project root holding tm/, segments/, seeds/ (default .)")  # fmt: skip
    parser.add_argument("--glossary", type=Path,
                        help="glossary TSV (default: ROOT/seeds/glossary.tsv)")  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")


def document_ids(root: Path) -> list[str]:
    """Ids of the documents with a TM in ``root``/tm, sorted."""
    tm_dir = root / "tm"
    if not tm_dir.is_dir():
        raise InputError(tm_dir, "no tm/ directory; run `tmbrief build` first")
    ids = sorted(p.name[: -len(".tsv")] for p in tm_dir.glob("*.tsv"))
    if not ids:
        raise InputError(tm_dir, "no TM (*.tsv) in tm/; run `tmbrief build` first")
    return ids


def read_meta(path: Path):
    """(DocMeta, paragraph kinds) from a meta.json; InputError naming the file otherwise."""
    text = read_text(path)
    try:
        return meta_from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"not valid JSON: {exc.msg}", exc.lineno) from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise ParseError(path, f"not a tmbrief meta.json: missing or bad field {exc}") from exc


def brief_document(root: Path, doc_id: str, glossary, args):
    _, units = read_tm(root / "tm" / f"{doc_id}.tsv")
    meta, kinds = read_meta(root / "segments" / f"{doc_id}.meta.json")
    return make_brief(
        units,
        meta,
        paragraph_kinds=kinds,
        glossary=glossary,
        sentences=args.sentences,
        words=args.words,
    )


def load_terms(root: Path, path: Path | None):
    """The glossary: ``path`` if given (must exist), else ROOT/seeds/glossary.tsv if present."""
    if path is not None:
        return load_glossary(path)
    default = root / "seeds" / "glossary.tsv"
    if default.exists():
        return load_glossary(default)
    log.warning("no glossary at %s: names and outlet stay in Chinese", default)
    return ()


def run(args) -> int:
    root = args.root
    ids = document_ids(root)
    if args.doc is not None and args.doc not in ids:
        raise InputError(root / "tm" / f"{args.doc}.tsv", "no such document in tm/")
    if not args.all and args.doc is None and len(ids) > 1:
        raise InputError(root / "tm", f"{len(ids)} documents; choose one with --doc "
                         f"({', '.join(ids)}) or brief all with --all")  # fmt: skip
    glossary = load_terms(root, args.glossary)
    if args.all:
        briefs = [brief_document(root, d, glossary, args) for d in ids]
        text = render_overview(make_overview(briefs), args.format, explain=args.explain)
    else:
        brief = brief_document(root, args.doc or ids[0], glossary, args)
        text = render(brief, args.format, explain=args.explain)
    if args.output:
        atomic_write(args.output, text.encode())
    else:
        sys.stdout.write(text)
    return 0

"""Brief a document in English: headline, byline, cited summary, key figures, who spoke.

Reads the built files: tm/<id>.tsv (the TM), segments/<id>.meta.json (title,
outlet, date, byline, paragraph kinds) and seeds/glossary.tsv (English names,
posts of the people quoted). The summary is extractive: each sentence is the
human English translation of TM units (whole targets, never an untranslated
unit), cited by tuid, in article order. Key figures are those the number checker
finds in both the Chinese and the English of a unit; the others are listed as
figures to check. A summary item may be one English sentence of a unit's
translation. The default length is a desk brief of at most 150 words; --sentences
N gives N English sentences. The settings' signature ends every briefing.
--explain shows each chosen sentence's scores. With --all, every document in tm/
is briefed, an overview first; the HTML links every citation to the unit in a
side-by-side view of the whole article.

Example:
  tmbrief brief                                  # the only document in tm/
  tmbrief brief --doc fuling-materials-20231220 --sentences 3 --explain
  tmbrief brief --words 120 --format json
  tmbrief brief --all --format html -o briefings.html
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from tmbrief.brief.briefing import make_brief, make_overview, meta_from_json
from tmbrief.brief.render import FORMATS, render, render_overview
from tmbrief.brief.rules import MMR_LAMBDA
from tmbrief.brief.settings import DEFAULT_WORDS, BriefSettings, parse_weights
from tmbrief.cli import positive_int
from tmbrief.cli import settings_of as configured
from tmbrief.core.errors import InputError, ParseError
from tmbrief.core.glossary import load_glossary
from tmbrief.core.textio import atomic_write, read_text
from tmbrief.tm.edits import tm_files
from tmbrief.tm.memory import read_tm

log = logging.getLogger(__name__)


def add_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--doc", metavar="ID", help="document id (default: the only one in tm/)")
    which.add_argument("--all", action="store_true", help="brief every document, overview first")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--sentences", type=positive_int, metavar="N",
                        help="summary length: N English sentences")  # fmt: skip
    budget.add_argument("--words", type=positive_int, metavar="N",
                        help=f"summary length: at most N English words "
                             f"(default {DEFAULT_WORDS})")  # fmt: skip
    parser.add_argument("--weights", type=_weights, metavar="W",
                        help="feature weights, e.g. lead=0.3,centrality=0.2,figures=0.2,"
                             "entities=0.15,title=0.15")  # fmt: skip
    parser.add_argument("--mmr-lambda", type=float, metavar="L",
                        help=f"MMR trade-off of salience and redundancy, in [0, 1] "
                             f"(default {MMR_LAMBDA})")  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, default="md", help="output format (md)")
    parser.add_argument("--explain", action="store_true", help="show each sentence's scores")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="project root holding tm/, segments/, seeds/ (default .)")  # fmt: skip
    parser.add_argument("--glossary", type=Path,
                        help="glossary TSV (default: ROOT/seeds/glossary.tsv)")  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")


def _weights(text: str) -> dict[str, float]:
    try:
        return parse_weights(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def settings_of(args) -> BriefSettings:
    """The briefing settings: tmbrief.toml and --set (brief.*), then this command's options."""
    base = configured(args).brief
    given = (args.sentences, args.words, args.weights, args.mmr_lambda)
    if all(v is None for v in given):
        return base
    try:
        budget_given = args.sentences is not None or args.words is not None
        return BriefSettings.of(
            sentences=args.sentences if budget_given else base.sentences,
            words=args.words if budget_given else base.words,
            weights=base.weight_map if args.weights is None else args.weights,
            mmr_lambda=base.mmr_lambda if args.mmr_lambda is None else args.mmr_lambda,
        )
    except ValueError as exc:
        raise InputError("--weights/--mmr-lambda", str(exc)) from exc


def document_ids(root: Path) -> list[str]:
    """Ids of the documents with a TM in ``root``/tm, sorted."""
    tm_dir = root / "tm"
    if not tm_dir.is_dir():
        raise InputError(tm_dir, "no tm/ directory; run `tmbrief build` first")
    ids = [p.name[: -len(".tsv")] for p in tm_files(tm_dir)]
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
        settings=settings_of(args),
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

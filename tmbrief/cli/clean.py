"""Clean a raw scraped article or a saved news page: print its paragraphs, one per line.

Page furniture (menus, breadcrumbs, widgets, share and app prompts, editor and
copyright lines, related-news blocks), image placeholders, metadata lines and
the second printing of the article are left out; with --provenance, a table
says what became of every raw line and why; with --meta, the title, outlet,
date and byline are printed as JSON. A file ending in .html or .htm is read as
a page saved from the browser (trafilatura finds the main text).

Example:
  tmbrief clean seeds/fuling-materials-20231220.zh.txt
  tmbrief clean --kinds --provenance seeds/fuling-materials-20231220.zh.txt
  tmbrief clean --meta article.zh.html
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from tmbrief.clean.cleaner import HTML_SUFFIXES, clean, doc_id_of, provenance_tsv
from tmbrief.core.textio import read_text_with_encoding


def add_arguments(parser) -> None:
    parser.add_argument(
        "file",
        type=Path,
        help="raw article text (UTF-8, UTF-16, GB18030) or a saved page (.html, any "
        "encoding its <meta charset> declares)",
    )
    parser.add_argument("--encoding", help="force an encoding instead of detecting it")
    parser.add_argument("--kinds", action="store_true", help="prefix each paragraph with its kind")
    parser.add_argument(
        "--provenance", action="store_true", help="print the provenance table instead"
    )
    parser.add_argument(
        "--meta", action="store_true", help="print the metadata (title, outlet, byline) as JSON"
    )


def run(args) -> int:
    if args.file.name.endswith(HTML_SUFFIXES) or args.file.suffix in (".html", ".htm"):
        from tmbrief.clean.article import clean_article  # reads, cleans and checks a page

        doc = clean_article(args.file, doc_id_of(args.file), args.encoding, html=True)
    else:
        text, _ = read_text_with_encoding(args.file, args.encoding)
        doc = clean(text, doc_id_of(args.file))
    if args.meta:
        sys.stdout.write(
            json.dumps(dataclasses.asdict(doc.meta), ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    if args.provenance:
        sys.stdout.write(provenance_tsv(doc))
        return 0
    for p in doc.paragraphs:
        sys.stdout.write(f"{p.kind}\t{p.text}\n" if args.kinds else p.text + "\n")
    for w in doc.warnings:
        print(f"tmbrief: warning: {args.file}: {w}", file=sys.stderr)
    return 0

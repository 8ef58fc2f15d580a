"""Clean a raw scraped article: print its paragraphs, one per line.

Boilerplate (menus, share widgets, notices, copyright block), image
placeholders, metadata lines and the second printing of the article are left
out; with --provenance, a table says what became of every raw line.

Example:
  tmbrief clean seeds/fuling-materials-20231220.zh.txt
  tmbrief clean --kinds --provenance seeds/fuling-materials-20231220.zh.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmbrief.clean.cleaner import clean, doc_id_of, provenance_tsv
from tmbrief.core.textio import read_text_with_encoding


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="raw article text (UTF-8, UTF-16, GB18030)")
    parser.add_argument("--encoding", help="force an encoding instead of detecting it")
    parser.add_argument("--kinds", action="store_true", help="prefix each paragraph with its kind")
    parser.add_argument(
        "--provenance", action="store_true", help="print the provenance table instead"
    )


def run(args) -> int:
    text, _ = read_text_with_encoding(args.file, args.encoding)
    doc = clean(text, doc_id_of(args.file))
    if args.provenance:
        sys.stdout.write(provenance_tsv(doc))
        return 0
    for p in doc.paragraphs:
        sys.stdout.write(f"{p.kind}\t{p.text}\n" if args.kinds else p.text + "\n")
    for w in doc.warnings:
        print(f"tmbrief: warning: {args.file}: {w}", file=sys.stderr)
    return 0

"""Match analysis of a new Chinese article against every TM: segments and characters per band.

FILE is a raw scrape, one paragraph a line, or a saved page (.html/.htm).
It is cleaned and segmented as `tmbrief build` does, and each
segment counted in one band: context (100 % with the same neighbours), 100,
repetitions (same as an earlier segment of FILE), 95-99, 85-94, 75-84,
50-74, no-match. Characters exclude white space.

--format json prints {"doc_id", "bands": [{"band", "segments", "characters"}],
"segments", "characters"}; md a table; csv one row per band and a total.

Example:
  tmbrief analyze seeds/fuling-materials-20231220.zh.txt --format md
"""

from __future__ import annotations

from pathlib import Path

from tmbrief.cli.indexing import add_index_arguments, open_index, warn


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="the new Chinese article (text)")
    parser.add_argument("--format", choices=("json", "md", "csv"), default="md")
    parser.add_argument("--encoding", help="encoding of FILE (default: detected)")
    add_index_arguments(parser)


def run(args) -> int:
    from tmbrief.lookup.analyze import analyze_article, read_article, render

    article = read_article(args.file, encoding=args.encoding)
    index = open_index(args)
    analysis = index.run(lambda b: analyze_article(b, article))
    warn(index)
    print(render(analysis, args.format), end="")
    return 0

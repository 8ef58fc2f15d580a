"""Every TM unit containing a term, in either language, with the term highlighted.

The term is matched in the units' Chinese side (--lang zh-CN, the default) or
English side (--lang en) ignoring width, case, spaces and punctuation around
it, as lookups do. md marks the term **bold**, html with <mark>, json gives
[{"tuid", "doc_id", "status", "source", "target", "spans"}] where spans are
[start, end) character offsets of the term in the searched side.

Exit status: 0 when the term occurs, 1 when it does not, 2 on bad input.

Example:
  tmbrief concordance 先进材料 --limit 3
  tmbrief concordance "advanced materials" --lang en --format json
"""

from __future__ import annotations

from tmbrief.cli.indexing import add_index_arguments, open_index, warn


def add_arguments(parser) -> None:
    parser.add_argument("term", help="the word or phrase to find")
    parser.add_argument("--lang", default="zh-CN", help="language of TERM: zh-CN (default) or en")
    parser.add_argument("--limit", type=int, default=50, help="most units shown (default 50)")
    parser.add_argument("--format", choices=("md", "json", "html"), default="md")
    parser.add_argument(
        "--segtype", choices=("sentence", "block", "paragraph", "all"), default="sentence",
        help="unit kind searched (default sentence)",
    )  # fmt: skip
    add_index_arguments(parser)


def run(args) -> int:
    from tmbrief.lookup.concordance import concordance, render

    index = open_index(args)
    segtypes = None if args.segtype == "all" else (args.segtype,)
    hits = index.run(lambda b: concordance(b, args.term, args.lang, args.limit, segtypes))
    warn(index)
    print(render(hits, args.term, args.format), end="")
    return 0 if hits else 1

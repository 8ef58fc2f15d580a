"""Look a sentence up in every TM: the best matches with a CAT-style score (0-100).

The index over tm/*.tsv (and the files added with `tmbrief index add`) is
brought up to date first. Chinese is scored by characters, English (--lang en)
by words; punctuation, width and case differences cost little; numbers that
differ cost one point each and are listed. --format json prints
[{"score", "source", "target", "tuid", "doc_id", "status", "diff", "numbers"}];
"source" is the match in the query's language, "diff" shows how it becomes
the query: [-TM only-]{+query only+}.

Exit status: 0 with matches, 1 with none at --min or above, 2 on bad input
(an empty query, one not in --lang).

Example:
  tmbrief lookup "涪陵作为全市工业强区和材料产业第二大区" --min 50 --limit 3
  tmbrief lookup "advanced materials industry cluster" --lang en --format json
"""

from __future__ import annotations

import json

from tmbrief.cli.indexing import add_index_arguments, open_index, warn


def add_arguments(parser) -> None:
    parser.add_argument("text", help="the sentence to look up")
    parser.add_argument("--lang", default="zh-CN", help="language of TEXT: zh-CN (default) or en")
    parser.add_argument("--min", type=int, default=70, help="lowest score shown (default 70)")
    parser.add_argument("--limit", type=int, default=5, help="most matches shown (default 5)")
    parser.add_argument("--format", choices=("text", "json", "md"), default="text")
    add_index_arguments(parser)


def run(args) -> int:
    from tmbrief.lookup.match import find_matches

    index = open_index(args)
    matches = index.run(
        lambda b: find_matches(b, args.text, args.lang, min_score=args.min, limit=args.limit)
    )
    warn(index)
    if args.format == "json":
        print(json.dumps([m.as_dict() for m in matches], ensure_ascii=False, indent=2))
    else:
        for m in matches:
            numbers = ", ".join(f"{t or '-'} -> {q or '-'}" for q, t in m.numbers)
            if args.format == "md":
                print(f"- **{m.score}%** `{m.unit.tuid}` ({m.unit.status}): {m.source}")
                print(f"  - {m.target}")
                print(f"  - diff: {m.diff}" + (f"; numbers differ: {numbers}" if numbers else ""))
            else:
                print(f"{m.score:3d}%  {m.unit.tuid}  {m.unit.status}")
                print(f"      {m.source}\n      {m.target}\n      diff: {m.diff}")
                if numbers:
                    print(f"      numbers differ: {numbers}")
    return 0 if matches else 1

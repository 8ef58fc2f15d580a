"""Pre-translate a new Chinese article from every TM, for a CAT tool: XLIFF, PO or TMX.

FILE (text, or a saved .html page) is cleaned and segmented as `tmbrief
build` does; each segment gets its best match. Context and 100 % matches
are inserted as translated; fuzzy matches at --min or above (default 70)
are inserted for review with their
score (XLIFF state="needs-review-translation" and <alt-trans match-quality>,
PO "#, fuzzy" and a "TM match 87%" comment); a match differing only in numbers
gets the new numbers in its translation ("numbers adapted: 5.2 -> 6.8");
other segments stay empty. The output format comes from -o's extension
(.xlf/.xliff, .po, .tmx); it is written atomically.

When the translator is done, `tmbrief index add OUT` puts the file's
translations into the index, so later lookups find them (`tmbrief import`
merges into an existing tm/<id>.tsv, which a new article does not have).

Example:
  tmbrief pretranslate seeds/fuling-materials-20231220.zh.txt -o fuling.xlf
"""

from __future__ import annotations

from pathlib import Path

from tmbrief.cli.indexing import add_index_arguments, open_index, warn


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="the new Chinese article (text)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="OUT.xlf, .po or .tmx")
    parser.add_argument("--min", type=int, default=70, help="lowest fuzzy score inserted")
    parser.add_argument("--doc-id", help="document id (default: from FILE's name)")
    parser.add_argument("--encoding", help="encoding of FILE (default: detected)")
    add_index_arguments(parser)


def run(args) -> int:
    from tmbrief.core.errors import InputError
    from tmbrief.core.textio import atomic_open
    from tmbrief.formats import format_for_path
    from tmbrief.lookup.analyze import match_segments, read_article
    from tmbrief.lookup.pretranslate import (
        OUTPUT_FORMATS,
        header_for,
        pretranslate,
        summary,
        write_pretranslated,
    )

    fmt = format_for_path(args.output)
    if fmt.name not in OUTPUT_FORMATS:
        raise InputError(args.output, "pre-translation writes .xlf/.xliff, .po or .tmx")
    article = read_article(args.file, args.doc_id, encoding=args.encoding)
    index = open_index(args)
    matches = index.run(lambda b: match_segments(b, article.segments))
    warn(index)
    inserted = pretranslate(article, matches, min_score=args.min)
    with atomic_open(args.output) as fh:
        write_pretranslated(inserted, header_for(article, args.min), fmt.name, fh)
    counts = summary(inserted)
    for i in inserted:
        if i.kind == "adapted":
            changes = ", ".join(f"{a} -> {b}" for a, b in i.adapted)
            print(f"~ {i.unit.tuid}: numbers adapted from {i.origin}: {changes}")
    print(
        f"tmbrief: {len(inserted)} segments: {counts['context']} context, {counts['exact']} "
        f"100%, {counts['fuzzy'] + counts['adapted']} fuzzy ({counts['adapted']} with numbers "
        f"adapted), {counts['none']} empty; wrote {args.output}"
    )
    return 0

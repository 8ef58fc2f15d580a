"""Split paragraphs into sentences: one paragraph per input line, one sentence per output line.

Reads FILE (or standard input when FILE is absent; any encoding tmbrief reads:
UTF-8, UTF-16/32 with BOM, GB18030). Each non-blank line is a paragraph
(blank lines are skipped; paragraphs are numbered from 0 in the order read).
Text output: the sentences of a paragraph one per line, an empty line between
paragraphs. With --format jsonl, one JSON object per paragraph:
{"paragraph": i, "text": ..., "sentences": [{"start": .., "end": .., "text": ..}]}
where start/end are character offsets in the paragraph text.

--lang is required (zh, zh-CN or en); there is no default language.

Example:
  tmbrief segment --lang zh segments/fuling-materials-20231220.zh.paragraphs.txt
  echo 'Mr. Smith arrived. He left.' | tmbrief segment --lang en --format jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tmbrief.core.textio import decode, read_text
from tmbrief.segment.rules import LANGUAGES
from tmbrief.segment.splitter import segment_paragraphs


def add_arguments(parser) -> None:
    parser.add_argument(
        "file", nargs="?", type=Path, help="paragraphs, one per line (default: stdin)"
    )
    parser.add_argument("--lang", required=True, choices=sorted(LANGUAGES), help="text language")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format")
    parser.add_argument("--encoding", help="force an input encoding instead of detecting it")


def format_text(paragraphs, segments) -> str:
    """Sentences one per line, an empty line between paragraphs."""
    blocks = [[] for _ in paragraphs]
    for s in segments:
        blocks[s.paragraph].append(s.text)
    return "\n".join("\n".join(block) + "\n" for block in blocks)


def format_jsonl(paragraphs, segments) -> str:
    """One JSON object per paragraph with its sentences and their offsets."""
    rows = [{"paragraph": i, "text": p, "sentences": []} for i, p in enumerate(paragraphs)]
    for s in segments:
        rows[s.paragraph]["sentences"].append({"start": s.start, "end": s.end, "text": s.text})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def run(args) -> int:
    if args.file is None:
        text, _ = decode(sys.stdin.buffer.read(), "<stdin>", args.encoding)
    else:
        text = read_text(args.file, args.encoding)
    paragraphs = [line for line in text.split("\n") if line.strip()]
    segments = segment_paragraphs(paragraphs, args.lang)
    write = format_jsonl if args.format == "jsonl" else format_text
    sys.stdout.write(write(paragraphs, segments))
    return 0

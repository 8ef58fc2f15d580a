"""Align Chinese sentences with their English translation: one bead per output line.

SRC holds the Chinese sentences and TGT the English ones, one sentence per
line (any encoding tmbrief reads: UTF-8, UTF-16/32 with BOM, GB18030). Ids
are 0-based line numbers; a blank line counts as an (empty) sentence, so ids
always match the files.

Output, one bead per line, in order; together the beads hold every sentence
of both files exactly once:
  beads (default)  vecalign notation with the confidence: [3]:[3, 4]:0.87
                   ([9]:[]:0.41 is a Chinese sentence left untranslated)
  tsv              header src, tgt, type, score, review, zh, en; ids comma-separated
  jsonl            {"src": [3], "tgt": [3, 4], "type": "1-2", "score": 0.87,
                    "review": false, "zh": "...", "en": "..."}
The score estimates the probability that the bead is exactly right; beads
under the review threshold (align.review_threshold, 0.5; --set it) need review ("review": true).

--glossary FILE (the zh/en term TSV, seeds/glossary.tsv) adds an anchor for
each term found on both sides.

Example:
  tmbrief align tests/data/align/news.zh.txt tests/data/align/news.en.txt
  tmbrief align tests/data/align/news.zh.txt tests/data/align/news.en.txt --format tsv \
      --glossary seeds/glossary.tsv
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tmbrief.align.aligner import align_sentences
from tmbrief.cli import settings_of
from tmbrief.core import escape
from tmbrief.core.textio import read_text


def add_arguments(parser) -> None:
    parser.add_argument("src", type=Path, help="Chinese sentences, one per line")
    parser.add_argument("tgt", type=Path, help="English sentences, one per line")
    parser.add_argument(
        "--format", choices=("beads", "tsv", "jsonl"), default="beads", help="output format"
    )
    parser.add_argument("--glossary", type=Path, help="term glossary TSV (zh, en columns)")
    parser.add_argument("--encoding", help="force an input encoding instead of detecting it")


def read_sentences(path: Path, encoding: str | None = None) -> list[str]:
    """The lines of ``path``, one sentence each (a final line end adds no sentence)."""
    text = read_text(path, encoding)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def rows(beads, src: list[str], tgt: list[str], threshold: float) -> list[dict]:
    """One dict per bead: ids, type, score, review flag and the sentences it joins."""
    return [
        {
            "src": list(b.src),
            "tgt": list(b.tgt),
            "type": b.kind,
            "score": b.score,
            "review": b.score < threshold,
            "zh": "".join(src[i] for i in b.src),
            "en": " ".join(tgt[j] for j in b.tgt),
        }
        for b in beads
    ]


def run(args) -> int:
    src = read_sentences(args.src, args.encoding)
    tgt = read_sentences(args.tgt, args.encoding)
    glossary = None
    if args.glossary is not None:
        from tmbrief.core.glossary import load_glossary

        glossary = [(term.zh, term.en) for term in load_glossary(args.glossary)]
    settings = settings_of(args).align
    beads = align_sentences(src, tgt, glossary=glossary, settings=settings)
    threshold = settings.review_threshold
    if args.format == "beads":
        sys.stdout.write("".join(f"{b}\n" for b in beads))
    elif args.format == "jsonl":
        sys.stdout.write(
            "".join(
                json.dumps(r, ensure_ascii=False) + "\n" for r in rows(beads, src, tgt, threshold)
            )
        )
    else:
        header = ("src", "tgt", "type", "score", "review", "zh", "en")
        sys.stdout.write(
            escape.format_rows(
                header,
                (
                    (
                        ",".join(map(str, r["src"])),
                        ",".join(map(str, r["tgt"])),
                        r["type"],
                        f"{r['score']:.4f}",
                        "yes" if r["review"] else "no",
                        r["zh"],
                        r["en"],
                    )
                    for r in rows(beads, src, tgt, threshold)
                ),
            )
        )
    return 0

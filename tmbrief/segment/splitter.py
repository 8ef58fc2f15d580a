"""Split Chinese and English paragraphs into sentences with the rule tables of segment_rules.

The rules are applied with SRX semantics: at every position the first rule
whose ``before`` and ``after`` patterns both match decides; no rule, no break.
All rules of a language are compiled into one alternation of zero-width
``(?<=before)(?=after)`` branches, so a single ``finditer`` pass yields, for
each position where any rule applies, the first one that does (regex
alternation tries branches in order, exactly like SRX).

Spans exclude the whitespace around sentences; the text between two spans is
whitespace only, so nothing is lost.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

import regex

from tmbrief.core import rx
from tmbrief.core.model import Segment
from tmbrief.segment.rules import Rule, language_tag, rules_for

log = logging.getLogger(__name__)


@functools.cache
def _compiled(tag: str) -> tuple[regex.Pattern, tuple[Rule, ...]]:
    rules = rules_for(tag)
    branches = [f"(?<=(?:{r.before}))(?=(?:{r.after}))(?P<r{i}>)" for i, r in enumerate(rules)]
    return rx.compile("|".join(branches)), rules


def deciding_rule(text: str, pos: int, lang: str) -> Rule | None:
    """The first rule that applies at ``pos`` in ``text`` (None: no rule, so no break)."""
    pattern, rules = _compiled(language_tag(lang))
    m = pattern.match(text, pos)
    return rules[int(m.lastgroup[1:])] if m else None


def break_positions(text: str, lang: str) -> list[int]:
    """Positions in ``text`` where a break rule is the first to apply, in order."""
    pattern, rules = _compiled(language_tag(lang))
    breaks = [rule.breaks for rule in rules]
    return [m.start() for m in pattern.finditer(text) if breaks[int(m.lastgroup[1:])]]


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of ``text``, whitespace around them excluded.

    ``lang`` is "zh-CN" (or "zh") or "en"; any other value raises ValueError.
    A text with no break is one sentence; a whitespace-only text has none.
    """
    spans = []
    start = 0
    for end in [*break_positions(text, lang), len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        start = end
    return spans


def segment_paragraphs(paragraphs: Sequence[str], lang: str) -> tuple[Segment, ...]:
    """Segments of a document's paragraphs: ids 0-based over the document, offsets per paragraph.

    ``Segment.paragraph`` is the index in ``paragraphs``; ``start``/``end`` are
    offsets in that paragraph's text and ``text`` is ``paragraph[start:end]``.
    """
    tag = language_tag(lang)
    segments: list[Segment] = []
    for index, paragraph in enumerate(paragraphs):
        for start, end in split_sentences(paragraph, tag):
            segments.append(Segment(len(segments), tag, index, start, end, paragraph[start:end]))
    log.info("%d paragraphs -> %d %s segments", len(paragraphs), len(segments), tag)
    return tuple(segments)

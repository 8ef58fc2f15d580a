"""Form checks (category ``form``): brackets and quotes, punctuation, spacing, repeats, characters.

Each is a small function ``(unit, context) -> messages``, registered in
:data:`tmbrief.qa.checks.CHECKS`; its docstring's first line is its report title.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from tmbrief.core import rx
from tmbrief.core.model import Unit
from tmbrief.qa.base import Context, quote

# Trados Cloud rejects segments longer than this (characters).
MAX_SEGMENT_CHARS = 2000

# (target open, target close, source opens, source closes, name, unbalanced example).
BRACKETS = (
    ("“", "”", "“「『", "”」』", "curly double quotes", "He said “good."),
    ("(", ")", "(（", ")）", "round brackets", "synthetic materials (polyester."),
    ("[", "]", "[【〔", "]】〕", "square brackets", "[Photo by Sun Feng."),
)  # fmt: skip
# Closing marks that cannot start a sentence: a unit starting with one was split
# after the opening sentence's end, before its closing quote (a segmentation fault).
CLOSING_MARKS = "”’」』)）]】"
# Doubled words that are good English: "that that" / "had had" (example for each).
# Two capitalised words are a name, not a slip: 李黎 is "Li Li".
DOUBLED_WORD_EXCEPTIONS = (("had", "he had had enough"), ("that", "he said that that was all"))
_DOUBLED = rx.compile(r"(?<!\w)(\p{L}+)\s+(\1)(?!\w)", regex.IGNORECASE)
# A source that ends a sentence, and the marks an English sentence may end with.
_SOURCE_END = rx.compile(r"[。！？.!?…][”’」』)）\"']*\s*$")
_TARGET_END = rx.compile(r"[.!?…:;。！？][”’)\]\"']*\s*$")
# Full-width: East Asian width F or W, and punctuation, symbol, space or digit.
_WIDE_PUNCTUATION = rx.compile(r"[[\p{ea=F}\p{ea=W}]&&[\p{P}\p{S}\p{Z}\p{N}]]", regex.V1)
# Control (Cc) other than tab and line feed, and format characters (Cf: U+200B, U+FEFF).
_CONTROL = rx.compile(r"[[\p{Cc}\p{Cf}]--[\t\n]]", regex.V1)
_DOUBLE_SPACE = rx.compile(r"\S( {2,})\S")


def _split_quotation(source: str) -> bool:
    """Whether the source starts with a closing mark: the sentence split fell inside a quote."""
    stripped = source.lstrip()
    return bool(stripped) and stripped[0] in CLOSING_MARKS


def check_brackets(unit: Unit, ctx: Context) -> Iterator[str]:
    """Unbalanced brackets or quotes.

    Round and square brackets, curly and straight double quotes and an opening ‘
    left unclosed, unless the source is unbalanced the same way (a quotation running
    over several sentences; a source with an odd number of straight " quotes lets
    the target's curly quotes differ by one). A source that starts with a closing
    quote is blamed on the sentence split, not on the translation.
    """
    source, target = unit.source, unit.target
    straight = source.count('"') % 2
    for t_open, t_close, s_open, s_close, name, _ in BRACKETS:
        t_delta = target.count(t_open) - target.count(t_close)
        s_delta = sum(map(source.count, s_open)) - sum(map(source.count, s_close))
        if not t_delta or t_delta == s_delta or (straight and t_open == "“" and abs(t_delta) == 1):
            continue
        if _split_quotation(source):
            yield (f"unbalanced {name}: the source starts with a closing mark, so the "
                   "sentence split (segmentation) cut a quotation; fix the split, not the "
                   "translation")  # fmt: skip
        else:
            yield f"unbalanced {name} in the target ({t_open} {t_close} differ by {t_delta:+d})"
    if target.count('"') % 2 and not straight:
        yield 'odd number of straight double quotes " in the target'
    # ’ is also the apostrophe, so only an opening ‘ left unclosed can be told apart.
    if target.count("‘") > target.count("’") and source.count("‘") <= source.count("’"):
        yield "an opening ‘ in the target is not closed"


def check_punctuation(unit: Unit, ctx: Context) -> Iterator[str]:
    """Full-width punctuation, or a target cut short.

    Full-width means East Asian width F or W (，。、：；（）《》 and the ideographic
    space); curly quotes “ ” ‘ ’, dashes and … are English typography and pass. Cut
    short: the source ends a sentence and the target stops without closing punctuation.
    """
    source, target = unit.source, unit.target
    wide = _WIDE_PUNCTUATION.findall(target)
    if wide:
        names = ", ".join(
            f"{ch} ({unicodedata.name(ch, '?').lower()})" for ch in dict.fromkeys(wide)
        )
        yield f"full-width punctuation in the English target: {names}"
    if _SOURCE_END.search(source) and not _TARGET_END.search(target):
        yield "the source ends a sentence but the target does not: is it cut short?"


def check_whitespace(unit: Unit, ctx: Context) -> Iterator[str]:
    """Double spaces, or leading or trailing whitespace.

    Ignores a line break inside the target and the source's own spacing.
    """
    target = unit.target
    if _DOUBLE_SPACE.search(target):
        yield "double space in the target"
    if target != target.strip() and target.strip():
        yield "leading or trailing whitespace in the target"


def check_repeated_words(unit: Unit, ctx: Context) -> Iterator[str]:
    """Repeated word.

    "the the"; ignores names (two capitalised words: Li Li) and good English
    ("had had", "that that").
    """
    for m in _DOUBLED.finditer(unit.target):
        word = m.group(1)
        name = word[0].isupper() and m.group(2)[0].isupper()
        if not name and word.lower() not in {w for w, _ in DOUBLED_WORD_EXCEPTIONS}:
            yield f"doubled word {quote(m.group())}"


def check_characters(unit: Unit, ctx: Context) -> Iterator[str]:
    """Control characters, or a segment too long for CAT tools.

    Control characters other than tab and line feed, format characters (U+200B,
    U+FEFF), and segments over 2,000 characters (Trados Cloud rejects them).
    """
    for side, text in (("source", unit.source), ("target", unit.target)):
        controls = _CONTROL.findall(text)
        if controls:
            codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(controls))
            yield f"control character(s) {codes} in the {side}"
        if len(text) > MAX_SEGMENT_CHARS:
            yield (f"{side} has {len(text):,} characters; Trados Cloud rejects segments over "
                   f"{MAX_SEGMENT_CHARS:,}: split it")  # fmt: skip

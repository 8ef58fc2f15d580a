"""Sentence-break rules for Chinese and English: ordered SRX-style (before, after, break) pairs.

A rule decides a *position* between two characters: it applies when ``before``
matches text ending at the position and ``after`` matches text starting there.
At each position the first rule that applies decides (break or no break); a
position where no rule applies does not break. These are the semantics of SRX
2.0 language rules, so the same tables drive :mod:`tmbrief.segment.splitter` and the
SRX export (:mod:`tmbrief.segment.srx`) and the two cannot drift apart.

Every rule has an ``example``: a text with ``‖`` (``BREAK_MARK``) at a position
where that rule is the first to apply; the tests check each one.

Patterns are written for both Python's ``regex`` module and Java (the regex
flavour of SRX tools such as OmegaT and Okapi): Unicode properties as
``\\p{IsHan}`` / ``\\p{Lu}``, no capturing groups, lookbehind-safe bounded
repeats in ``before``.

The English abbreviations are the Moses non-breaking prefix list shipped with
sacremoses (``nonbreaking_prefix.en``), used as data, plus a short supplement
for company names and a few more (``EN_EXTRA_ABBREVIATIONS``).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import regex

BREAK_MARK = "‖"


@dataclass(frozen=True)
class Rule:
    """One break or no-break rule; ``example`` marks with ``‖`` a position it decides."""

    name: str
    breaks: bool
    before: str
    after: str
    example: str
    why: str


@dataclass(frozen=True)
class Abbreviation:
    """An English word that a full stop does not end; ``numeric`` ones only before a number."""

    word: str
    numeric: bool
    source: str
    example: str


def char_class(chars: str, negate: bool = False, raw: str = "") -> str:
    """A regex character class of ``chars`` (escaped for Python ``regex`` and Java) and ``raw``.

    ``raw`` is added unescaped, for class escapes such as ``\\s`` or ``\\p{IsHan}``.
    """
    body = "".join("\\" + c if c in "\\]-^[&\"'" else c for c in chars)
    return f"[{'^' if negate else ''}{raw}{body}]"


# --- Chinese ---------------------------------------------------------------
# Full-width and half-width marks by role (real scrapes mix them): sentence
# terminators, ellipses, closing and opening quotes/brackets.
ZH_TERMINATORS = "。！？!?｡"
ZH_QUESTION_EXCLAMATION = "！？!?"
ZH_ELLIPSES = "…⋯"
# An ellipsis typed on a Latin keyboard: a run of full stops (...... or .....); the
# rules see its last three.
ASCII_ELLIPSIS = "\\.\\.\\."
# Full-width closing quotes and brackets: unlike ASCII " and ' never an opening mark,
# so one after a stray space still closes the sentence before it (重点。 ”但 …).
ZH_FULLWIDTH_CLOSERS = "”’」』）》〉】〕］"
ZH_CLOSERS = "”’」』）)》〉】〕］]\"'"
ZH_OPENING_QUOTES = "“‘「『"
ZH_OPENERS = ZH_OPENING_QUOTES + "（(《〈【〔［[\"'"
# Horizontal space only: a line break is a hard break (COMMON_RULES).
HSPACE = r"[ \t\u00a0\u3000]"
# Longest title (in characters, each side of a position) protected by "title-interior".
ZH_TITLE_MAX = 80

_ZH_RUN = char_class(ZH_TERMINATORS + ZH_ELLIPSES + ZH_CLOSERS)
_ZH_CLOSE = char_class(ZH_CLOSERS)
# Up to three closing marks; the first, when full-width, may follow a stray space or two.
# (Java needs lookbehind without a repeated group, hence the two spelled-out branches.)
_ZH_CLOSE_RUN = (
    f"(?:{_ZH_CLOSE}{{0,3}}|{HSPACE}{{1,2}}{char_class(ZH_FULLWIDTH_CLOSERS)}{_ZH_CLOSE}{{0,2}})"
)
_ZH_CLOSE_RUN1 = (
    f"(?:{_ZH_CLOSE}{{1,3}}|{HSPACE}{{1,2}}{char_class(ZH_FULLWIDTH_CLOSERS)}{_ZH_CLOSE}{{0,2}})"
)
_ZH_ELLIPSIS = f"(?:{char_class(ZH_ELLIPSES)}|{ASCII_ELLIPSIS})"

ZH_RULES: tuple[Rule, ...] = (
    Rule(
        "title-interior",
        False,
        f"《[^《》\\n]{{0,{ZH_TITLE_MAX}}}"
        + char_class(ZH_TERMINATORS + ZH_ELLIPSES + ZH_CLOSERS.replace("》", "")),
        f"[^《》\\n]{{0,{ZH_TITLE_MAX}}}》",
        "他读过《谁动了我的奶酪？‖》这本书。",
        "a title in 《》 is a name, not a sentence; bounded so that an unclosed 《 "
        "cannot swallow the rest of a paragraph",
    ),
    Rule(
        "punctuation-run",
        False,
        _ZH_RUN,
        _ZH_RUN,
        "他说：“谁会想听呢？‖”。下一句。",
        "a run of terminators, ellipses and closing quotes or brackets (！？, ？”。, "
        "。。, ……。) ends one sentence, after its last mark",
    ),
    Rule(
        "space-before-closer",
        False,
        _ZH_RUN,
        f"{HSPACE}{{1,2}}" + char_class(ZH_FULLWIDTH_CLOSERS),
        "运抵我国 。‖ ”他解释说。",
        "a stray space between a terminator and a full-width closing quote or bracket "
        "(left by scrapes and test sets) does not split the quote off: it still "
        "closes the sentence before it",
    ),
    Rule(
        "ascii-mark-in-url",
        False,
        "[0-9A-Za-z/][?!]",
        "[0-9A-Za-z]",
        "详见www.example.com/a.php?‖id=3页面。",
        "a half-width ? or ! between ASCII letters or digits belongs to a URL or code",
    ),
    Rule(
        "quote-then-attribution",
        False,
        f"(?:{char_class(ZH_QUESTION_EXCLAMATION + ZH_ELLIPSES)}|{ASCII_ELLIPSIS})"
        + _ZH_CLOSE_RUN1,
        f"{HSPACE}*" + char_class(ZH_OPENERS, negate=True, raw="\\s\\u00a0\\u3000"),
        "“怎样把产业做大做强？”‖现场观众提问。",
        "a question, exclamation or trailing-off inside closing quotes, followed by "
        "more text, is quoted speech inside a longer sentence (the attribution "
        "completes it); 。” is not: a full stop inside quotes ends an independent "
        "quotation (GB/T 15834-2011)",
    ),
    Rule(
        "terminator",
        True,
        char_class(ZH_TERMINATORS) + _ZH_CLOSE_RUN,
        "",
        "活动在涪陵区举行。‖活动现场有观众。",
        "。！？ and half-width ! ? end a sentence, with any closing quotes or brackets after them",
    ),
    Rule(
        "ellipsis-then-space",
        True,
        _ZH_ELLIPSIS + _ZH_CLOSE + "{0,3}",
        f"{HSPACE}+\\S",
        "他停了下来......‖ 大家都沉默了。",
        "an ellipsis (…… or a run of full stops, ......) ends a sentence when space "
        "follows it; directly followed by text it marks a pause or an omission "
        "inside the sentence",
    ),
    Rule(
        "ellipsis-quote-then-quote",
        True,
        _ZH_ELLIPSIS + _ZH_CLOSE + "{1,3}",
        char_class(ZH_OPENING_QUOTES),
        "“我……”‖“你先说。”",
        "a quotation that trails off, directly followed by another quotation, is a "
        "turn of dialogue",
    ),
    Rule(
        "han-full-stop",
        True,
        "\\p{IsHan}[.．]",
        f"{HSPACE}*" + char_class(ZH_OPENING_QUOTES, raw="\\p{IsHan}"),
        "会议今天结束.‖明天继续开会。",
        "a half-width or full-width full stop between Han characters is a 。 typed "
        "on a Latin keyboard (between digits it is a decimal point: 537.8亿元)",
    ),
)

# --- Shared by every language (applied after a language's own rules) -------
COMMON_RULES: tuple[Rule, ...] = (
    Rule(
        "line-break",
        True,
        "[\\n\\r\\u2028\\u2029]",
        "",
        "第一行\n‖第二行",
        "a line break inside a text always ends a segment",
    ),
)

# --- English ---------------------------------------------------------------
EN_TERMINATORS = ".?!…"
EN_CLOSERS = "\"'”’)]"
EN_OPENERS = "\"'“‘([¿¡"
# Not preceded by a letter, digit, full stop or hyphen: the whole token is the prefix.
_EN_TOKEN_START = "(?<![\\p{L}\\p{N}_.\\-])"

EN_EXTRA_ABBREVIATIONS: tuple[Abbreviation, ...] = (
    Abbreviation("Co", False, "tmbrief", "Fuling Chemical Co.‖ Ltd signed the contract."),
    Abbreviation("Ltd", False, "tmbrief", "Fuling Chemical Co., Ltd.‖ Chairman Li spoke."),
    Abbreviation("Inc", False, "tmbrief", "Apple Inc.‖ Chief Executive Tim Cook spoke."),
    Abbreviation("Jr", False, "tmbrief", "Martin Luther King Jr.‖ Day is a holiday."),
    Abbreviation("Mt", False, "tmbrief", "They climbed Mt.‖ Everest."),
    Abbreviation("Dept", False, "tmbrief", "The Commerce Dept.‖ Secretary spoke."),
    Abbreviation("Sept", False, "tmbrief", "It opened on Sept.‖ 20 in Fuling."),
    Abbreviation("Fig", True, "tmbrief", "See Fig.‖ 3 for the layout."),
    Abbreviation("Vol", True, "tmbrief", "Vol.‖ 2 was printed in 2020."),
)

_NUMERIC_ONLY = "#NUMERIC_ONLY#"


def _moses_prefixes(lang: str) -> tuple[str, ...]:
    """sacremoses' non-breaking prefix lines for ``lang``, kept in the user's cache.

    Importing sacremoses compiles its tokenizer's patterns (about 0.4 s) although we
    need only this list, so the list is cached, keyed by the size and mtime of
    sacremoses' prefix data module (found without importing sacremoses; reading its
    version with importlib.metadata costs 30-50 ms per run).
    """
    from importlib.util import find_spec

    from tmbrief.core.cache import cache_name, cached, file_key

    def build() -> tuple[str, ...]:
        from sacremoses.corpus import NonbreakingPrefixes

        return tuple(NonbreakingPrefixes().words(lang))

    def load(payload: bytes) -> tuple[str, ...]:
        lines = tuple(payload.decode("utf-8").split("\n"))
        if not all(lines):
            raise ValueError("empty line in a prefix list")
        return lines

    spec = find_spec("sacremoses")
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else ""
    data = os.path.join(folder, "_data_nonbreaking_prefixes.py")
    name = cache_name("moses-prefixes", file_key(data), lang)
    return cached(name, build, lambda lines: "\n".join(lines).encode("utf-8"), load)


@functools.cache
def english_abbreviations() -> tuple[Abbreviation, ...]:
    """The Moses ``nonbreaking_prefix.en`` entries (via sacremoses) and the supplement."""
    seen, out = set(), []
    for line in _moses_prefixes("en"):
        word, _, flag = line.partition(" ")
        numeric = flag.strip() == _NUMERIC_ONLY
        if word not in seen:
            seen.add(word)
            example = f"See {word}.‖ 12 here." if numeric else f"We met {word}.‖ Smith there."
            out.append(Abbreviation(word, numeric, "sacremoses nonbreaking_prefix.en", example))
    for extra in EN_EXTRA_ABBREVIATIONS:
        if extra.word not in seen:
            seen.add(extra.word)
            out.append(extra)
    return tuple(out)


def _alternation(words) -> str:
    # Longest first so that "Mrs" is tried before "Mr"; escaped ("e.g" -> "e\.g").
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@functools.cache
def english_rules() -> tuple[Rule, ...]:
    """The English rule table (built on first use: it reads the sacremoses prefix list)."""
    abbr = english_abbreviations()
    plain = _alternation(a.word for a in abbr if not a.numeric)
    numeric = _alternation(a.word for a in abbr if a.numeric)
    return (
        Rule(
            "abbreviation",
            False,
            f"{_EN_TOKEN_START}(?:{plain})\\.",
            "",
            "He met Mr.‖ Smith in Fuling.",
            "titles, initials, months and other non-breaking prefixes (Mr., Dr., Jan., "
            "e.g., i.e., J. K., Co., Ltd.) do not end a sentence",
        ),
        Rule(
            "numeric-abbreviation",
            False,
            f"{_EN_TOKEN_START}(?:{numeric})\\.",
            "\\s+\\p{N}",
            "It ranked No.‖ 1 in the city.",
            "No., Art., pp. before a number do not end a sentence (they may elsewhere)",
        ),
        Rule(
            "acronym",
            False,
            "\\.[\\p{Lu}\\-]{1,10}\\.",
            "",
            "The U.S.‖ Navy was there.",
            "an upper-case acronym with inner full stops (U.S., U.K., Ph.D.) does not end "
            "a sentence (as in Moses split-sentences)",
        ),
        Rule(
            "sentence-end",
            True,
            char_class(EN_TERMINATORS) + char_class(EN_CLOSERS) + "{0,3}",
            "\\s+" + char_class(EN_OPENERS) + "{0,3}[\\p{Lu}\\p{N}]",
            'He said "Stop."‖ Then he left.',
            ". ? ! and ellipses, with any closing quotes or brackets, followed by space "
            "and a capital letter or a digit end a sentence (3.5 and 1,000.5 have no space)",
        ),
    )


def language_rules() -> tuple[tuple[str, str, tuple[Rule, ...]], ...]:
    """SRX language rules in map order: (languagerulename, languagepattern, rules).

    The order is the cascade: a language gets the rules of every matching
    pattern, in this order.
    """
    return (
        ("Chinese", "zh.*", ZH_RULES),
        ("English", "en.*", english_rules()),
        ("Line breaks", "(zh|en).*", COMMON_RULES),
    )


# Language tags accepted by the segmenter, and the tag segments carry.
LANGUAGES = {"zh-CN": "zh-CN", "zh": "zh-CN", "en": "en"}


def language_tag(lang: str) -> str:
    """The tag segments carry for ``lang`` ("zh" -> "zh-CN"); ValueError when unknown."""
    tag = LANGUAGES.get(lang)
    if tag is None:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return tag


def rules_for(lang: str) -> tuple[Rule, ...]:
    """The cascaded rule list for ``lang`` ("zh-CN", "zh" or "en"); ValueError otherwise."""
    tag = language_tag(lang)
    out: list[Rule] = []
    for _name, pattern, rules in language_rules():
        if regex.fullmatch(pattern, tag):
            out.extend(rules)
    return tuple(out)

"""Numbers in Chinese and English text, normalised so a source and its translation compare.

``extract_numbers(text, lang)`` finds every quantity a translator must carry over and
returns :class:`Number` records whose ``value`` is the plain quantity: 2000亿 and
"200 billion" are both 2e11, 537.8亿元 and "53.78 billion yuan" both 5.378e10,
近六成 and "nearly 60%" both 60 (kind ``percent``). ``match_numbers`` pairs a
source's numbers with a target's and says which are missing and which are extra.

What counts as a number (decisions, each backed by a rule of tmbrief.numbers.rules
and a test):

- Digits in any width (76, ７６), with thousands separators (1,000 / 1，000) and
  decimals; a Chinese multiplier after digits scales them (537.8亿, 1.2万亿).
- Chinese numerals count only where they are quantities: followed by a classifier
  (四大, 两篇, 十一条, 千亿级), containing 亿, or a multi-character numeral
  (三十, 两百). A lone 一 二 三 before an ordinary word is not a number: the
  enumerations 一是…二是… ("first…second…"), 一站式 ("one-stop") and the slogans
  一项目一专班 / 一企一策 ("one team per project") are wording, not quantities.
- Dates give one number per field: 2023年12月20日 is year 2023, month 12, day 20;
  今(20)日 is day 20; "December 20, 2023" is month 12, day 20, year 2023.
- Ordinals: 第1 / 第十一, "1st", "No. 1", "first" … "twentieth".
- Percentages: 30%, 百分之三十, 3个百分点, 六成 (成 = tenths, so 60%), "30 percent".
- English number words (one … ninety-nine, "two hundred billion") and bare scale
  words ("trillion-yuan" is 1e12, as 万亿级 is). A spelled count before a hyphenated
  scale is a count: "three trillion-yuan clusters" is 3 and 1e12 (3大万亿级).
- Signs are ignored: in "2022-2025" the hyphen is a range, not a minus.
- Digits glued to a preceding Latin letter are codes, not quantities (G20, H1N1).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

import regex

from tmbrief.core import rx
from tmbrief.numbers.rules import (
    CLASSIFIER_PATTERN,
    DIGIT,
    EN_CLOCK_WORDS,
    EN_FRACTIONS,
    EN_NEEDS,
    EN_PERIODS,
    EN_QUANTITY_WORDS,
    EN_RULES,
    EN_SCALE_ABBREVIATIONS,
    EN_SCALES,
    EN_WEEKDAYS,
    MONTH_VALUES,
    ORDINAL_VALUES,
    PERCENT_SUFFIXES,
    WORD_VALUES,
    ZH_BIG,
    ZH_DIGITS,
    ZH_NEEDS,
    ZH_RULES,
    ZH_SET_PHRASES,
    ZH_UNITS,
    Rule,
    parse_zh_numeral,
)
from tmbrief.numbers.tables import EN_MONEY_SCALE


@dataclass(frozen=True)
class Number:
    """One quantity found in a text: normalised value, kind, and where it was written.

    ``value`` is the quantity in units (2000亿 -> 2e11; 30% -> 30 with kind ``percent``);
    ``kind`` is plain, percent, year, month, day or ordinal (the kind of each Rule);
    ``start``/``end`` are character offsets into the text (end exclusive) and ``text``
    the characters matched; ``spelled`` is true when no digit was written (三十, "two").
    """

    value: float
    kind: str
    start: int
    end: int
    text: str
    spelled: bool = False

    def __str__(self) -> str:
        return f"{self.text} ({format_value(self.value, self.kind)})"


def format_value(value: float, kind: str = "plain") -> str:
    """A value as a reader writes it: 2e11 -> "200 billion", 60 percent -> "60%"."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= scale:
            return f"{value / scale:.10g} {word}"
    text = f"{value:.10g}"
    return text + "%" if kind == "percent" else text


# One pattern per rule: the regex module scans each fast, but one big alternation of
# them all is ten times slower than the sum.
_PATTERNS = {
    lang: tuple(rx.compile(r.pattern) for r in rules)
    for lang, rules in (("zh", ZH_RULES), ("en", EN_RULES))
}
_RULES = {"zh": ZH_RULES, "en": EN_RULES}
_PERCENT = {
    lang: rx.compile("|".join(p for p, _ in table)) for lang, table in PERCENT_SUFFIXES.items()
}
_DIGIT_RUN = rx.compile(r"\d(?:[\d,，]|[ \u00a0\u202f](?=\d{3}))*(?:[.．]\d+)?")
_CLOCK = rx.compile(r"(\d{1,2}|零)\s?[:：时点]\s?(\d{1,2}|半)?")
_ZH_WEEKDAYS = "一二三四五六日天"
_QUANTITY_WORDS = {w: v for w, v, _ in EN_QUANTITY_WORDS}
_FRACTION_PARTS = dict(EN_FRACTIONS)
_EN_WEEKDAY_VALUES = {w: i + 1 for i, w in enumerate(EN_WEEKDAYS)}
_FOUR_DIGITS = rx.compile(r"\d{4}")
_WORD_SPLIT = rx.compile(r"[\s-]+")
_CLASSIFIER_AFTER = rx.compile(rf"(?:多|余)?(?:{CLASSIFIER_PATTERN})")
_SET_VALUES = {p: (v, k) for p, v, k, *_ in ZH_SET_PHRASES}


def language_family(lang: str) -> str:
    """``zh`` for any Chinese tag (zh, zh-CN, zh-Hans), ``en`` for English; else ValueError."""
    family = lang.split("-")[0].split("_")[0].lower()
    if family not in _RULES:
        raise ValueError(f"no number rules for language {lang!r} (have zh, en)")
    return family


# Memoised: the aligner, the QA and the briefing each ask for the numbers of the same
# sentences; the result is an immutable tuple of frozen records.
@functools.lru_cache(maxsize=4096)
def extract_numbers(text: str, lang: str) -> tuple[Number, ...]:
    """Every quantity in ``text`` (written in ``lang``, e.g. "zh-CN" or "en"), in order."""
    family = language_family(lang)
    found = []
    for rule, match in _matches(text, family):
        value, kind = _convert(rule, match.group(), text, match.end(), family)
        if value is None:
            continue
        start, end = match.span()
        suffix = _PERCENT[family].match(text, end)
        if suffix and kind in ("plain", "ordinal"):
            kind, end = "percent", suffix.end()
        written = text[start:end]
        spelled = not any(ch.isdigit() for ch in written)
        found.append(Number(value, kind, start, end, written, spelled))
    return tuple(found)


_HAS_DIGIT = rx.compile(r"\d")
_EN_TOKEN = rx.compile(r"[a-z]+")


def _need_pattern(need) -> regex.Pattern:
    """A Chinese rule's need as one search: any of its characters, or of its substrings."""
    if isinstance(need, tuple):
        return rx.compile("|".join(map(regex.escape, need)))
    return rx.compile("[" + regex.escape(need) + "]")


_ZH_NEED_PATTERNS = [
    None if ZH_NEEDS[r.name] == DIGIT else _need_pattern(ZH_NEEDS[r.name]) for r in ZH_RULES
]


def _could_match(family: str, text: str) -> list[bool]:
    """For each rule of ``family``, whether ``text`` holds what the rule needs."""
    has_digit = _HAS_DIGIT.search(text) is not None
    if family == "zh":
        return [
            has_digit if pattern is None else pattern.search(text) is not None
            for pattern in _ZH_NEED_PATTERNS
        ]
    tokens = set(_EN_TOKEN.findall(text.lower()))
    return [
        has_digit if need == DIGIT else not tokens.isdisjoint(need)
        for need in (EN_NEEDS[r.name] for r in EN_RULES)
    ]


def _matches(text: str, family: str, prefilter: bool = True) -> list[tuple[Rule, regex.Match]]:
    """Matches without overlap: leftmost first, and the earlier rule at the same place.

    This is what one alternation of all rules, scanned left to right, would give.
    ``prefilter=False`` runs every pattern (tests compare the two).
    """
    wanted = _could_match(family, text) if prefilter else [True] * len(_RULES[family])
    candidates = [
        (m.start(), i, m)
        for i, pattern in enumerate(_PATTERNS[family])
        if wanted[i]
        for m in pattern.finditer(text)
    ]
    candidates.sort(key=lambda c: c[:2])
    rules = _RULES[family]
    chosen, end = [], 0
    for start, i, match in candidates:
        if start >= end:
            chosen.append((rules[i], match))
            end = match.end()
    return chosen


def _convert(rule: Rule, matched: str, text: str, end: int, family: str):
    """(value, kind) for one match, or (None, "") when the match is not a quantity."""
    name = rule.name
    if name == "set-phrase":
        return _SET_VALUES[matched]
    if name in ("slogan", "vague", "code"):
        return None, ""
    if name == "clock":
        return _clock_value(matched), "time"
    if name == "clock-words":
        return EN_CLOCK_WORDS[matched.lower()], "time"
    if name == "weekday":
        if family == "zh":
            return float(min(_ZH_WEEKDAYS.index(matched[-1]) + 1, 7)), "weekday"
        return float(_EN_WEEKDAY_VALUES[matched]), "weekday"
    if family == "zh":
        if name == "fraction":
            if matched in ("一半", "半数"):
                return 0.5, "plain"
            over, _, part = matched.partition("分之")
            whole, piece = _zh_value(over), _zh_value(part)
            return (piece / whole, "plain") if whole and piece is not None else (None, "")
        if name == "mixed":
            return _mixed_value(matched), "plain"
        if name == "numeral":
            value = parse_zh_numeral(matched)
            # 三十, 两百: a digit and a unit; 千万 alone is also the adverb "by all means".
            quantity = (
                "亿" in matched
                or _CLASSIFIER_AFTER.match(text, end)
                or (
                    any(ch in ZH_UNITS for ch in matched) and any(ch in ZH_DIGITS for ch in matched)
                )
            )
            return (value, "plain") if value is not None and quantity else (None, "")
        body = matched.removeprefix("第").removeprefix("百分之")
        if name == "tenths":
            digit = body[0]
            return (ZH_DIGITS[digit] if digit in ZH_DIGITS else _ten(digit)) * 10.0, "percent"
        value = _zh_value(body)
        if value is None:
            return None, ""
        if name == "month" and not 1 <= value <= 12:
            return value, "plain"
        return value, rule.kind
    # English
    if name == "month":
        return float(MONTH_VALUES[matched.rstrip(".")]), "month"
    if name == "ordinal-words":
        return _en_ordinal(matched), "ordinal"
    if name in ("words", "words-scale", "bare-scale"):
        return _en_words(matched), "plain"
    if name == "period-words":
        return EN_PERIODS[matched.lower()], "plain"
    if name == "and-others":  # "Yale and two other universities": three in all
        count = matched.split()[-1]
        return (_en_words(count) if count[0].isalpha() else float(count)) + 1, "plain"
    if name == "currency-code":
        digits = _DIGIT_RUN.search(matched)
        word = matched[digits.end() :].strip(" -").lower()
        scale = EN_SCALES.get(word) or EN_SCALE_ABBREVIATIONS.get(word)
        scale = scale or EN_MONEY_SCALE.get(word, 1)
        return _scaled(digits.group(), (scale,)), "plain"
    if name == "quantity-words":
        return _QUANTITY_WORDS[matched.lower()], "plain"
    if name == "fraction-words":
        count, part = _WORD_SPLIT.split(matched.lower())
        return (1.0 if count in ("a", "one") else WORD_VALUES[count]) / _FRACTION_PARTS[
            part
        ], "plain"
    if name == "decade":
        return float(matched[:-1]), "decade"
    if name == "money-scale":
        digits = _DIGIT_RUN.search(matched)
        return _scaled(digits.group(), (EN_MONEY_SCALE[matched[digits.end() :]],)), "plain"
    digits = _DIGIT_RUN.search(matched)
    value = _digits_value(digits.group())
    if name == "digits-scale":
        word = matched[digits.end() :].strip(" -").lower()
        scale = EN_SCALES.get(word) or EN_SCALE_ABBREVIATIONS[word]
        value = _scaled(digits.group(), (scale,))
    kind = rule.kind
    if name == "digits" and 1900 <= value <= 2100 and _FOUR_DIGITS.fullmatch(matched):
        kind = "year"
    return value, kind


def _clock_value(written: str) -> float:
    """Minutes past the hour on a 12-hour dial: "10:30 am", 10时30分, 22:30 -> 630."""
    m = _CLOCK.search(written)
    hour = 0 if m.group(1) == "零" else int(m.group(1))
    minute = 30 if m.group(2) == "半" else int(m.group(2) or 0)
    return float((hour % 12) * 60 + minute)


def _mixed_value(written: str) -> float:
    """Digits mixed with 亿 and 万 as news writes them: 2万4801 -> 24801, 1亿2000万 -> 1.2e8."""
    total = Decimal(0)
    for digits, unit in regex.findall(r"([\d.．,，]+)\s?([亿万]?)", written):
        total += Decimal(_digits_plain(digits)) * Decimal(int(ZH_BIG.get(unit, 1)))
    return float(total)


def _ten(ch: str) -> int:
    return 10 if ch == "十" else int(ch)


def _zh_value(body: str) -> float | None:
    """Digits with an optional Chinese multiplier (537.8亿, 1.2万亿), or a Chinese numeral."""
    digits = _DIGIT_RUN.match(body)
    if not digits:
        return parse_zh_numeral(body)
    multipliers = [
        ZH_UNITS.get(ch) or ZH_BIG[ch] for ch in body[digits.end() :] if ch not in " \u00a0余多"
    ]
    return _scaled(digits.group(), multipliers)


def _digits_plain(written: str) -> str:
    """Digits as Python reads them: separators dropped, a full-width point made ASCII."""
    for mark in (",", "，", " ", "\u00a0", "\u202f"):
        written = written.replace(mark, "")
    return written.replace("．", ".")


def _digits_value(written: str) -> float:
    return float(_digits_plain(written))


def _scaled(written: str, multipliers) -> float:
    """Written digits times whole-number multipliers, rounded once: 537.8 x 1e8 -> 5.378e10.

    Multiplying the float 537.8 by 1e8 gives 53779999999.99999 (537.8 has no exact
    binary form); the decimal product is exact, so only the final float rounds.
    """
    value = Decimal(_digits_plain(written))
    for multiplier in multipliers:
        value *= Decimal(int(multiplier))
    return float(value)


def _en_words(written: str) -> float:
    """Value of an English number phrase: "two hundred billion" -> 2e11, "trillion" -> 1e12."""
    total = current = 0.0
    for word in _WORD_SPLIT.split(written.lower()):
        if word == "and":
            continue
        if word in WORD_VALUES:
            current += WORD_VALUES[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * EN_SCALES[word]
            current = 0.0
    return total + current


def _en_ordinal(written: str) -> float:
    tens, _, ones = written.lower().partition("-")
    if ones:
        return WORD_VALUES[tens] + ORDINAL_VALUES[ones]
    return ORDINAL_VALUES[tens]


# Matching lives in tmbrief.numbers.match; its names stay importable from here.
from tmbrief.numbers.match import (  # noqa: E402
    RELATIVE_TOLERANCE,
    SEPARATE_KINDS,
    SOFT_VALUES,
    UNREPORTED_EXTRA_KINDS,
    match_numbers,
    same_quantity,
    unmatched_numbers,
)

__all__ = [
    "Number", "extract_numbers", "format_value", "language_family", "match_numbers",
    "same_quantity", "unmatched_numbers", "RELATIVE_TOLERANCE", "SEPARATE_KINDS",
    "SOFT_VALUES", "UNREPORTED_EXTRA_KINDS",
]  # fmt: skip

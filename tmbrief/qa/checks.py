"""QA checks for Chinese→English units, and the one table that registers them.

A check is a small function whose docstring's first line is its title in reports.
Unit checks take ``(unit, context)`` and yield messages; TM checks take
``(units, context)`` and yield ``(unit, message)``. A message may be a :class:`Flag`
to give a severity other than the table's (``untranslated``: fuzzy is a warning).

Preconditions are explicit: every check except ``untranslated`` and ``alignment``
looks only at units that :func:`is_translated` (a non-blank target with no Chinese
left in it), so an empty, copied or half-translated target is reported once, by
``untranslated``, and never again by numbers, glossary, consistency, length or form.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from tmbrief.core.glossary import Term, compare_terms, fold_zh
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.model import Unit
from tmbrief.core.settings import REVIEW_THRESHOLD
from tmbrief.numbers.extract import extract_numbers, match_numbers

SEVERITIES = ("info", "warning", "error")  # in increasing order

# Trados Cloud rejects segments longer than this (characters).
MAX_SEGMENT_CHARS = 2000
# Length ratio: robust z-score of log(target/source length) above which a unit is flagged.
LENGTH_RATIO_Z = 3.5
LENGTH_RATIO_MIN_UNITS = 8  # fewer units of a segment type: too few to fit a ratio
LENGTH_RATIO_MIN_SCALE = 0.15  # floor on the spread, so near-identical ratios do not flag
MAD_TO_SD = 1.4826  # median absolute deviation -> standard deviation for a normal law
# Consistency: how many of the other units a message names.
CONSISTENCY_LISTED = 5
# Alignment confidence: under REVIEW a unit needs review (warning); under NOTICE, info.
# REVIEW_THRESHOLD is the aligner's, so QA warns on exactly the units the TM marks
# needs-review.
NOTICE_THRESHOLD = 0.7

_HAN = regex.compile(r"\p{Han}+")


class Flag(NamedTuple):
    """A message with its own severity (one of :data:`SEVERITIES`)."""

    message: str
    severity: str


@dataclass(frozen=True)
class Context:
    """What checks may consult besides the unit: the glossary, the thresholds."""

    glossary: tuple[Term, ...] = ()
    review_threshold: float = REVIEW_THRESHOLD
    notice_threshold: float = NOTICE_THRESHOLD
    length_ratio_z: float = LENGTH_RATIO_Z
    source_lang: str = SRC_LANG
    target_lang: str = TGT_LANG


def is_translated(unit: Unit) -> bool:
    """A non-blank target without Chinese (Han) characters: what ``untranslated`` passes."""
    target = unit.target.strip()
    return bool(target) and not _HAN.search(target)


def _quote(text: str, limit: int = 60) -> str:
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


# --- unit checks -----------------------------------------------------------------


def check_untranslated(unit: Unit, ctx: Context) -> Iterator[str | Flag]:
    """Untranslated or unfinished target.

    Error: the target is empty or only whitespace, is a copy of the source, or still
    holds Chinese (Han) characters. Warning: the unit is marked fuzzy / needs-review
    (unless its alignment confidence is under the review threshold: the alignment
    check reports those).
    """
    target = unit.target.strip()
    if not target:
        yield "target is empty: translate the segment"
        return
    if target == unit.source.strip() and _HAN.search(target):
        yield "target is a copy of the Chinese source: translate the segment"
        return
    han = _HAN.findall(unit.target)
    if han:
        yield f"target still contains Chinese: {', '.join(dict.fromkeys(han))}; translate it"
    # Low alignment confidence also makes a unit needs-review; check_alignment says so.
    if unit.status == "needs-review" and unit.confidence >= ctx.review_threshold:
        why = [n.removeprefix("tmbrief: ") for n in unit.notes if n.startswith("tmbrief:")]
        reason = f" ({'; '.join(why)})" if why else ""
        yield Flag(f"unit is marked fuzzy / needs review{reason}: check and confirm the "
                   "translation", "warning")  # fmt: skip


def check_numbers(unit: Unit, ctx: Context) -> Iterator[str]:
    """Numbers differ between source and target.

    Compares quantities, not digits: 537.8亿元 matches "53.78 billion yuan", 2000亿 "200
    billion", 近六成 "nearly 60 percent" (tolerances: tmbrief.numbers.extract.match_numbers).
    """
    missing, extra = match_numbers(
        extract_numbers(unit.source, ctx.source_lang), extract_numbers(unit.target, ctx.target_lang)
    )
    for number in missing:
        yield f"source number {number} is not in the target"
    for number in extra:
        yield f"target number {number} is not in the source"


def check_glossary(unit: Unit, ctx: Context) -> Iterator[str]:
    """Glossary term not translated as approved.

    A glossary term in the source whose approved English is missing from the target,
    or a listed wrong variant of it used in the target.
    """
    missing, used = compare_terms(unit.source, unit.target, ctx.glossary)
    for term in missing:
        yield f"{term.zh} should be translated {_quote(term.en)} (glossary line {term.line})"
    for term, variant in used:
        yield f"{_quote(variant)} is a wrong variant of {term.zh}: use {_quote(term.en)}"


# (opening, closing) pairs counted in the target; the source's matching pairs.
# (target open, target close, source opens, source closes, name, unbalanced example).
BRACKETS = (
    ("“", "”", "“「『", "”」』", "curly double quotes", "He said “good."),
    ("(", ")", "(（", ")）", "round brackets", "synthetic materials (polyester."),
    ("[", "]", "[【〔", "]】〕", "square brackets", "[Photo by Sun Feng."),
)  # fmt: skip
# Doubled words that are good English: "that that" / "had had" (example for each).
# Two capitalised words are a name, not a slip: 李黎 is "Li Li".
DOUBLED_WORD_EXCEPTIONS = (("had", "he had had enough"), ("that", "he said that that was all"))
_DOUBLED = regex.compile(r"(?<!\w)(\p{L}+)\s+(\1)(?!\w)", regex.IGNORECASE)
# A source that ends a sentence, and the marks an English sentence may end with.
_SOURCE_END = regex.compile(r"[。！？.!?…][”’」』)）\"']*\s*$")
_TARGET_END = regex.compile(r"[.!?…:;。！？][”’)\]\"']*\s*$")
# Full-width: East Asian width F or W, and punctuation, symbol, space or digit.
_WIDE_PUNCTUATION = regex.compile(r"[[\p{ea=F}\p{ea=W}]&&[\p{P}\p{S}\p{Z}\p{N}]]", regex.V1)
# Control (Cc) other than tab and line feed, and format characters (Cf: U+200B, U+FEFF).
_CONTROL = regex.compile(r"[[\p{Cc}\p{Cf}]--[\t\n]]", regex.V1)
_DOUBLE_SPACE = regex.compile(r"\S( {2,})\S")


def check_form(unit: Unit, ctx: Context) -> Iterator[str]:
    """Form of the target: punctuation, spacing, characters, length.

    Unbalanced quotes or brackets (unless the source is unbalanced the same way, as
    in a quotation running over several sentences), full-width punctuation left in
    English, doubled words, a target that stops without the closing punctuation its
    source has (cut short), double spaces, leading or trailing whitespace, control
    characters, and segments over 2,000 characters (Trados Cloud rejects them).
    Full-width means East Asian width F or W (，。、：；（）《》 and the ideographic
    space); curly quotes “ ” ‘ ’, dashes and … are English typography and pass.
    """
    source, target = unit.source, unit.target
    for t_open, t_close, s_open, s_close, name, _ in BRACKETS:
        t_delta = target.count(t_open) - target.count(t_close)
        s_delta = sum(map(source.count, s_open)) - sum(map(source.count, s_close))
        if t_delta and t_delta != s_delta:
            yield f"unbalanced {name} in the target ({t_open} {t_close} differ by {t_delta:+d})"
    if target.count('"') % 2 and source.count('"') % 2 == 0:
        yield 'odd number of straight double quotes " in the target'
    # ’ is also the apostrophe, so only an opening ‘ left unclosed can be told apart.
    if target.count("‘") > target.count("’") and source.count("‘") <= source.count("’"):
        yield "an opening ‘ in the target is not closed"
    wide = _WIDE_PUNCTUATION.findall(target)
    if wide:
        names = ", ".join(
            f"{ch} ({unicodedata.name(ch, '?').lower()})" for ch in dict.fromkeys(wide)
        )
        yield f"full-width punctuation in the English target: {names}"
    for m in _DOUBLED.finditer(target):
        word = m.group(1)
        name = word[0].isupper() and m.group(2)[0].isupper()
        if not name and word.lower() not in {w for w, _ in DOUBLED_WORD_EXCEPTIONS}:
            yield f"doubled word {_quote(m.group())}"
    if _SOURCE_END.search(source) and not _TARGET_END.search(target):
        yield "the source ends a sentence but the target does not: is it cut short?"
    if _DOUBLE_SPACE.search(target):
        yield "double space in the target"
    if target != target.strip() and target.strip():
        yield "leading or trailing whitespace in the target"
    for side, text in (("source", source), ("target", target)):
        controls = _CONTROL.findall(text)
        if controls:
            codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(controls))
            yield f"control character(s) {codes} in the {side}"
        if len(text) > MAX_SEGMENT_CHARS:
            yield (f"{side} has {len(text):,} characters; Trados Cloud rejects segments over "
                   f"{MAX_SEGMENT_CHARS:,}: split it")  # fmt: skip


def check_alignment(unit: Unit, ctx: Context) -> Iterator[Flag]:
    """Alignment confidence below the review threshold.

    Warning under the review threshold (0.5): check that source and target say the
    same thing. Info under the notice threshold (0.7). Units without source segment
    ids (not aligned by tmbrief, e.g. a PO from another tool) have no confidence to judge.
    """
    if not unit.src_ids:
        return  # not aligned by tmbrief (e.g. a PO from another tool): no confidence to judge
    if unit.confidence < ctx.review_threshold:
        yield Flag(f"alignment confidence {unit.confidence:.2f} is under the review threshold "
                   f"{ctx.review_threshold:.2f}: check that source and target correspond",
                   "warning")  # fmt: skip
    elif unit.confidence < ctx.notice_threshold:
        yield Flag(f"alignment confidence {unit.confidence:.2f} is under "
                   f"{ctx.notice_threshold:.2f}", "info")  # fmt: skip


# --- TM checks -------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(fold_zh(text).split())


def check_consistency(units: tuple[Unit, ...], ctx: Context) -> Iterator[tuple[Unit, str]]:
    """Inconsistent translations across the TM.

    The same source translated differently, or the same target given for different
    sources. Sentence-level and paragraph-level units (Unit.segtype) are compared
    only with units of their own level.
    """
    normal = {
        id(u): {"source": _normal(u.source), "target": _normal(u.target)}
        for u in units
        if is_translated(u)
    }
    for key_side, other_side, what in (
        ("source", "target", "the same source is translated differently"),
        ("target", "source", "the same target translates different sources"),
    ):
        groups: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        for unit in units:
            if id(unit) in normal:
                groups[(unit.segtype, normal[id(unit)][key_side])].append(unit)
        for group in groups.values():
            if len(group) < 2:
                continue
            variants: dict[str, list[Unit]] = defaultdict(list)
            for unit in group:
                variants[normal[id(unit)][other_side]].append(unit)
            if len(variants) < 2:
                continue
            for variant, members in variants.items():
                others = [u.tuid for v, us in variants.items() if v != variant for u in us]
                listed = ", ".join(others[:CONSISTENCY_LISTED])
                if len(others) > CONSISTENCY_LISTED:
                    listed += f" and {len(others) - CONSISTENCY_LISTED:,} more"
                message = (f"{what}: {len(variants)} variants; this {other_side} differs from "
                           f"unit(s) {listed}")  # fmt: skip
                for unit in members:
                    yield unit, message


def check_length_ratio(units: tuple[Unit, ...], ctx: Context) -> Iterator[tuple[Unit, str]]:
    """Target length out of line with this TM's length ratio.

    The log of target/source length in characters is fitted on the TM itself, per
    segment type (median and median absolute deviation, robust to the outliers it
    looks for); a unit further than 3.5 robust standard deviations is flagged.
    Truncated or padded targets show up here.
    """
    by_type: dict[str, list[tuple[Unit, float]]] = defaultdict(list)
    for unit in units:
        if is_translated(unit):
            ratio = math.log((len(unit.target.strip()) + 1) / (len(unit.source.strip()) + 1))
            by_type[unit.segtype].append((unit, ratio))
    for rows in by_type.values():
        if len(rows) < LENGTH_RATIO_MIN_UNITS:
            continue
        ratios = [r for _, r in rows]
        center = statistics.median(ratios)
        spread = MAD_TO_SD * statistics.median(abs(r - center) for r in ratios)
        scale = max(spread, LENGTH_RATIO_MIN_SCALE)
        for unit, ratio in rows:
            z = (ratio - center) / scale
            if abs(z) > ctx.length_ratio_z:
                word = "short" if z < 0 else "long"
                yield unit, (f"target is {math.exp(ratio):.2f}× the source length; this TM's "
                             f"typical ratio is {math.exp(center):.2f}× ({abs(z):.1f} robust SD "
                             f"too {word}): check for missing or extra text")  # fmt: skip


# --- the table -------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One registered check: its name, severity, function and scope (``unit`` or ``tm``)."""

    name: str
    severity: str
    function: Callable = field(repr=False)
    scope: str = "unit"
    translated_only: bool = True

    @property
    def title(self) -> str:
        """The report title: the first line of the function's docstring."""
        return self.function.__doc__.strip().splitlines()[0].strip().rstrip(".")

    @property
    def description(self) -> str:
        """The rest of the docstring, joined into one paragraph."""
        lines = self.function.__doc__.strip().splitlines()[1:]
        return " ".join(line.strip() for line in lines if line.strip())


CHECKS = (
    Check("untranslated", "error", check_untranslated, translated_only=False),
    Check("numbers", "error", check_numbers),
    Check("glossary", "error", check_glossary),
    Check("consistency", "warning", check_consistency, scope="tm"),
    Check("length-ratio", "warning", check_length_ratio, scope="tm"),
    Check("form", "warning", check_form),
    Check("alignment", "warning", check_alignment, translated_only=False),
)
CHECK_NAMES = tuple(c.name for c in CHECKS)


def select_checks(only: Iterable[str] | None = None, skip: Iterable[str] | None = None):
    """The checks to run, in table order; ValueError names an unknown check."""
    chosen = set(CHECK_NAMES if not only else only)
    skipped = set(skip or ())
    unknown = sorted((chosen | skipped) - set(CHECK_NAMES))
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(unknown)} (have {', '.join(CHECK_NAMES)})")
    return tuple(c for c in CHECKS if c.name in chosen and c.name not in skipped)

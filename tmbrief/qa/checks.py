"""QA checks for Chinese→English units, and the one table that registers them.

A check is a small function whose docstring's first line is its title in reports.
Unit checks take ``(unit, context)`` and yield messages; TM checks take
``(units, context)`` and yield ``(unit, message)``. A message may be a :class:`Flag`
to give a severity other than the table's (``untranslated``: fuzzy is a warning).
Every check has a category (completeness, accuracy, markup, form, consistency,
alignment); ``only``/``skip`` and the profiles (tmbrief.qa.settings) select by name
or category. The form checks live in tmbrief.qa.form, the pass-through checks
(URLs, e-mails, tags, placeholders, Latin-script names) in tmbrief.qa.markup.

Preconditions are explicit: every check except ``untranslated`` and ``alignment``
looks only at units that :func:`is_translated` (a non-blank target with no Chinese
left in it), so an empty, copied or half-translated target is reported once, by
``untranslated``, and never again by numbers, glossary, consistency, length or form.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import regex

from tmbrief.core.glossary import compare_terms, fold_zh
from tmbrief.core.model import Unit
from tmbrief.numbers.extract import (
    SEPARATE_KINDS,
    UNREPORTED_EXTRA_KINDS,
    extract_numbers,
    unmatched_numbers,
)
from tmbrief.qa import form, markup
from tmbrief.qa.base import SEVERITIES, Context, Flag, han_runs, is_translated, quote
from tmbrief.qa.form import BRACKETS, DOUBLED_WORD_EXCEPTIONS, MAX_SEGMENT_CHARS
from tmbrief.qa.settings import LENGTH_RATIO_Z, NOTICE_THRESHOLD, PROFILES, QASettings

__all__ = ["BRACKETS", "DOUBLED_WORD_EXCEPTIONS", "MAX_SEGMENT_CHARS", "LENGTH_RATIO_Z",
           "NOTICE_THRESHOLD", "SEVERITIES", "Context", "Flag", "is_translated"]  # fmt: skip

# Length ratio: robust z-score of log(target/source length) above which a unit is flagged.
LENGTH_RATIO_MIN_UNITS = 8  # fewer units of a segment type: too few to fit a ratio
LENGTH_RATIO_MIN_SCALE = 0.15  # floor on the spread, so near-identical ratios do not flag
MAD_TO_SD = 1.4826  # median absolute deviation -> standard deviation for a normal law
# Latin letters and digits in a Chinese source are copied into the target at their own
# length, about a quarter of the target length a Han character gives: they count 1/4.
LATIN_IN_SOURCE_WEIGHT = 0.25
# Consistency: how many of the other units a message names.
CONSISTENCY_LISTED = 5
# Numbers spelled out in Chinese under this value (两, 三个方面, 百年) are often rendered
# without a numeral ("both", "the centenary", or folded into the wording): only the
# strict profile's spelled-numbers check reports them missing.
SPELLED_LIMIT = 1000
_HAN = regex.compile(r"\p{Han}+")
_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\d]")
_quote = quote


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
    if target == unit.source.strip() and han_runs(target):
        yield "target is a copy of the Chinese source: translate the segment"
        return
    han = han_runs(unit.target)
    if han:
        yield f"target still contains Chinese: {', '.join(dict.fromkeys(han))}; translate it"
    # Low alignment confidence also makes a unit needs-review; check_alignment says so.
    if unit.status == "needs-review" and unit.confidence >= ctx.review_threshold:
        why = [n.removeprefix("tmbrief: ") for n in unit.notes if n.startswith("tmbrief:")]
        reason = f" ({'; '.join(why)})" if why else ""
        yield Flag(f"unit is marked fuzzy / needs review{reason}: check and confirm the "
                   "translation", "warning")  # fmt: skip


def _numbers(unit: Unit, ctx: Context):
    """(missing, extra) as the numbers check reports them, and the small spelled missing.

    Policy over :func:`unmatched_numbers`: a small number spelled in Chinese (两, 三个
    方面) and a target date, ordinal, time or weekday the source does not write
    (今日 -> "December 20") are normal in translation, so each is reported only
    beside evidence of a real change: a spelled number when the target has an
    unexplained number too, an extra date field when another source number is
    missing or the source writes one of that kind a digit apart (20日, "May 23").
    Spelled target numbers ("two") are never extra.
    """
    source = extract_numbers(unit.source, ctx.source_lang)
    target = extract_numbers(unit.target, ctx.target_lang)
    missing, extra = unmatched_numbers(source, target)
    extra = tuple(t for t in extra if not t.spelled)
    spelled = tuple(n for n in missing if _spelled_small(n))
    firm = tuple(n for n in missing if not _spelled_small(n))
    explained = tuple(t for t in extra if t.kind in UNREPORTED_EXTRA_KINDS)
    reported_extra = tuple(
        t
        for t in extra
        if t.kind not in UNREPORTED_EXTRA_KINDS
        or firm
        or spelled
        or any(_comparable(n, t) and _one_digit_apart(n, t) for n in source)
    )
    if reported_extra or (extra and not explained):
        firm = missing
        spelled = ()
    return firm, reported_extra, spelled


def _count_key(number) -> tuple[float, bool]:
    return round(number.value, 6), number.kind in SEPARATE_KINDS and number.kind


def _swapped_repeats(source, target) -> tuple[list[str], list[str]]:
    """Numbers written more often on one side and others more often on the other.

    "3、6、12个月" rendered "6, 6 and 12 months": 3 is written once in the target,
    6 twice. One side short and the other over is a changed number; a repeat
    merely dropped (a dateline's date said once) is not reported.
    """
    s = Counter(_count_key(n) for n in source if not n.spelled)
    t = Counter(_count_key(n) for n in target if not n.spelled)
    fewer = [k for k in s if k in t and s[k] > t[k]]
    more = [k for k in t if k in s and t[k] > s[k]]
    if not (fewer and more):
        return [], []
    first = {}
    for n in (*source, *target):
        first.setdefault(_count_key(n), n)
    return (
        [f"source number {first[k]} is written {s[k]} times in the source, {t[k]} in the "
         "target" for k in fewer],
        [f"target number {first[k]} is written {t[k]} times in the target, {s[k]} in the "
         "source" for k in more],
    )  # fmt: skip


def _comparable(a, b) -> bool:
    """The same kind, or a day and an ordinal (11日 = "December 11th")."""
    return a.kind == b.kind or {a.kind, b.kind} == {"day", "ordinal"}


def _one_digit_apart(a, b) -> bool:
    """Whether two numbers are written with as many digits, one of them different (20, 23)."""
    x, y = f"{a.value:g}", f"{b.value:g}"
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _spelled_small(number) -> bool:
    return number.spelled and number.value < SPELLED_LIMIT


def check_numbers(unit: Unit, ctx: Context) -> Iterator[str]:
    """Numbers differ between source and target.

    Compares quantities, not digits: 537.8亿元 matches "53.78 billion yuan", 2000亿 "200
    billion", 2万4801 "24,801", 近六成 "nearly 60 percent" (tolerances:
    tmbrief.numbers.extract.match_numbers). Ignores names with digits (COVID-19, G20,
    5G), vague quantities (几十 "dozens"), and, unless the target has an unexplained
    number too, small numbers spelled out in Chinese (两, 三个方面: the strict
    profile's spelled-numbers check) and dates the translator added.
    """
    missing, extra, _ = _numbers(unit, ctx)
    for number in missing:
        yield f"source number {number} is not in the target"
    for number in extra:
        yield f"target number {number} is not in the source"
    if not missing and not extra:
        fewer, more = _swapped_repeats(
            extract_numbers(unit.source, ctx.source_lang),
            extract_numbers(unit.target, ctx.target_lang),
        )
        yield from fewer + more


def check_spelled_numbers(unit: Unit, ctx: Context) -> Iterator[str]:
    """Small spelled-out number not in the target.

    A number under 1,000 written in Chinese characters (两个, 三项, 百年) with no
    matching quantity in the target; "both", "a third", "the centenary" match.
    """
    for number in _numbers(unit, ctx)[2]:
        yield f"source number {number} is not in the target"


def check_glossary(unit: Unit, ctx: Context) -> Iterator[str]:
    """Glossary term not translated as approved.

    A glossary term in the source whose approved English is missing from the target,
    or a listed wrong variant of it used in the target (as whole words, never inside
    the approved English). Ignores entries scoped to another document or outlet, and
    a term whose characters belong to other words (重庆 in 隆重庆祝).
    """
    missing, used = compare_terms(
        unit.source, unit.target, ctx.glossary, doc_id=unit.doc_id, outlet=ctx.outlet
    )
    for term in missing:
        yield f"{term.zh} should be translated {_quote(term.en)} (glossary line {term.line})"
    for term, variant in used:
        yield f"{_quote(variant)} is a wrong variant of {term.zh}: use {_quote(term.en)}"


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
            # The forms of one plural PO entry (t:1, t:1[1]) are one translation.
            if len({u.tuid.split("[")[0] for u in group}) < 2:
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
    Truncated or padded targets show up here. Latin letters and digits in the source
    count a quarter (copied at their own length).
    """
    by_type: dict[str, list[tuple[Unit, float]]] = defaultdict(list)
    for unit in units:
        if is_translated(unit):
            source = unit.source.strip()
            latin = len(_LATIN_OR_DIGIT.findall(source))
            length = len(source) - latin * (1 - LATIN_IN_SOURCE_WEIGHT)
            ratio = math.log((len(unit.target.strip()) + 1) / (length + 1))
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
    """One registered check: name, category, severity, function, scope (``unit``/``tm``)."""

    name: str
    category: str
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
    Check("untranslated", "completeness", "error", check_untranslated, translated_only=False),
    Check("numbers", "accuracy", "error", check_numbers),
    Check("spelled-numbers", "accuracy", "warning", check_spelled_numbers),
    Check("glossary", "accuracy", "error", check_glossary),
    Check("urls", "markup", "error", markup.check_urls),
    Check("emails", "markup", "error", markup.check_emails),
    Check("tags", "markup", "error", markup.check_tags),
    Check("placeholders", "markup", "error", markup.check_placeholders),
    Check("latin-names", "accuracy", "warning", markup.check_latin_names),
    Check("consistency", "consistency", "warning", check_consistency, scope="tm"),
    Check("length-ratio", "completeness", "warning", check_length_ratio, scope="tm"),
    Check("brackets", "form", "warning", form.check_brackets),
    Check("punctuation", "form", "warning", form.check_punctuation),
    Check("whitespace", "form", "warning", form.check_whitespace),
    Check("repeated-words", "form", "warning", form.check_repeated_words),
    Check("characters", "form", "warning", form.check_characters),
    Check("alignment", "alignment", "warning", check_alignment, translated_only=False),
)
CHECK_NAMES = tuple(c.name for c in CHECKS)
CATEGORIES = tuple(dict.fromkeys(c.category for c in CHECKS))


def _expand(names: Iterable[str]) -> set[str]:
    """Check names, with each category name replaced by its checks' names."""
    chosen = set()
    for name in names:
        chosen |= {c.name for c in CHECKS if c.category == name} if name in CATEGORIES else {name}
    return chosen


def select_checks(
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    profile: str | None = None,
):
    """The checks to run, in table order; ValueError names an unknown check.

    ``only``/``skip`` name checks or categories (``form``); without ``only`` the
    ``profile`` (default: every check) chooses, and ``skip`` then removes.
    """
    only, skip = list(only or ()), list(skip or ())
    unknown = sorted(set(only + skip) - set(CHECK_NAMES) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(unknown)} (have {', '.join(CHECK_NAMES)})")
    if only:
        chosen = _expand(only)
    else:
        left_out = PROFILES[profile][0] if profile else ()
        chosen = set(CHECK_NAMES) - set(left_out)
    chosen -= _expand(skip)
    return tuple(c for c in CHECKS if c.name in chosen)


def checks_for(settings: QASettings):
    """The checks ``settings`` run: its profile, refined by its ``only`` and ``skip``."""
    return select_checks(settings.only, settings.skip, settings.profile)

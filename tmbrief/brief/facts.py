"""The briefing's facts besides the summary: key figures, who spoke, byline, outlet, headline.

Figures are cross-checked with the QA number logic (:mod:`tmbrief.numbers.extract`): a
figure enters the table only when the Chinese and the English of its unit carry
the same quantity; the others are listed as figures to check. Who spoke is in
:mod:`tmbrief.brief.speakers`, names in English in :mod:`tmbrief.brief.names`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import regex

from tmbrief.brief.model import Figure, Name, Passage, quotable
from tmbrief.brief.names import PERSON, english_of, org_name, romanize_person
from tmbrief.brief.rules import (
    BYLINE_ROLES,
    CONTEXT_MAX_CHARS,
    CONTEXT_MAX_WORDS,
    EN_CLAUSE,
    EN_NAMES,
    FIGURE_KINDS,
    FIGURE_UNITS,
    LABEL_AFTER,
    LABEL_BEFORE,
    LARGE_VALUE,
    MAX_FIGURES,
    ZH_CLAUSE,
)
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.model import DocMeta, Unit
from tmbrief.numbers.extract import (
    SOFT_VALUES,
    Number,
    extract_numbers,
    match_numbers,
    same_quantity,
)

log = logging.getLogger(__name__)

ELLIPSIS = "…"


# --- names ----------------------------------------------------------------------------


def outlet(meta: DocMeta, glossary: Iterable) -> Name:
    """The outlet in English and Chinese: 华龙网 -> Hualong Net (glossary), 新华网 -> Xinhua Net."""
    return org_name(meta.outlet, glossary)


def byline_people(meta: DocMeta) -> tuple[str, ...]:
    """Every name of the byline (reporters, correspondents, interns, photographers, editors)."""
    return tuple(n for field, *_ in BYLINE_ROLES for n in getattr(meta, field))


def byline(
    meta: DocMeta, glossary: Sequence, units: Iterable[Unit] = ()
) -> tuple[tuple[str, tuple[Name, ...]], ...]:
    """(role label, names) for each byline role with names, e.g. ("Reporter", (Li Li,)).

    Roles are the article's own (reporter, correspondent, intern, photographer,
    editor); a role without names is left out. English names come from the
    glossary; for a role whose names it lacks, from the translation's own byline
    (the English of the units naming them, e.g. "reporter Li Li"), when it gives
    as many names as the Chinese; else from Hanyu Pinyin (:mod:`.names`).
    """
    units = tuple(units)
    out = []
    for field, label, cue, _ in BYLINE_ROLES:
        zh_names = getattr(meta, field)
        if not zh_names:
            continue
        names = [Name(english_of(zh, glossary, (PERSON,)), zh) for zh in zh_names]
        if not all(n.en for n in names):
            found = _byline_english(cue, zh_names, units)
            if len(found) == len(names):
                names = [n if n.en else Name(en, n.zh) for n, en in zip(names, found, strict=True)]
        names = [n if n.en else Name(romanize_person(n.zh), n.zh) for n in names]
        out.append((label, tuple(names)))
    return tuple(out)


def _byline_english(cue: str, zh_names: Sequence[str], units: Sequence[Unit]) -> list[str]:
    """The English names after ``cue`` in the targets of the units that name ``zh_names``."""
    for u in units:
        if quotable(u) and any(zh in u.source for zh in zh_names):
            # Only the cue ignores case: names are capitalised words.
            m = regex.search(f"(?i:{cue})" + EN_NAMES.pattern, u.target)
            if m:
                return regex.split(r", | and ", m.group(1))
    return []


def headline(all_passages: Sequence[Passage], meta: DocMeta) -> tuple[str, str, tuple[str, ...]]:
    """(English headline, Chinese headline, tuids): the TM target of the title unit(s).

    The English is empty when the title has no translated unit.
    """
    title = [p for p in all_passages if p.kind == "title"]
    zh = "".join(p.source for p in title) or meta.title
    if title and all(p.quotable for p in title):
        return " ".join(p.text for p in title), zh, tuple(t for p in title for t in p.tuids)
    return "", zh, ()


# --- figures -----------------------------------------------------------------------


def is_key_figure(number: Number, text: str) -> bool:
    """A quantity worth a row: not a date, ordinal, 1, or a name in quotes (“33618”).

    Spelled-out small numbers (四大方面, "two") are wording, not figures; values of
    at least :data:`LARGE_VALUE`, percentages and numbers written in digits count.
    """
    if number.kind not in FIGURE_KINDS or number.value in SOFT_VALUES:
        return False
    before = text[number.start - 1] if number.start > 0 else ""
    after = text[number.end] if number.end < len(text) else ""
    if before and after and before in LABEL_BEFORE and after in LABEL_AFTER:
        return False
    return number.kind == "percent" or number.value >= LARGE_VALUE or not number.spelled


def key_figure_pairs(
    source: str, zh: Sequence[Number], en: Sequence[Number]
) -> list[tuple[Number, Number]]:
    """Each key figure of ``source`` paired with the English number carrying it, one to one.

    ``zh`` and ``en`` are the numbers of ``source`` and of its English. A key figure
    (:func:`is_key_figure`) takes the first English number of the same quantity
    not already taken; one without such a number is left out. The figures table
    and the summary's ``figures`` feature both count these pairs.
    """
    pairs = []
    used: set[int] = set()
    for z in zh:
        if not is_key_figure(z, source):
            continue
        k = next((k for k, e in enumerate(en) if k not in used and same_quantity(z, e)), None)
        if k is not None:
            used.add(k)
            pairs.append((z, en[k]))
    return pairs


def clause(text: str, start: int, end: int, boundary: regex.Pattern) -> tuple[int, int]:
    """The clause of ``text`` around [start, end): between the nearest boundaries."""
    left = 0
    for m in boundary.finditer(text, 0, start):
        left = m.end()
    m = boundary.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def _window(text: str, spans: list[tuple[int, int]], number: Number, size: int) -> str:
    """An exact substring of ``text``: at most ``size`` of ``spans`` around ``number``.

    ``spans`` are the clause's tokens; a third of the spare room goes before the
    figure, the rest after it (what follows a number usually says what it counts).
    An ellipsis marks a cut clause.
    """
    hit = [k for k, (s, e) in enumerate(spans) if s < number.end and e > number.start]
    if not hit:
        return number.text
    first, last = hit[0], hit[-1]
    room = max(size - (last - first + 1), 0)
    before = min(first, room // 3)
    after = min(len(spans) - 1 - last, room - before)
    before = min(first, room - after)
    a, b = first - before, last + after
    out = text[spans[a][0] : spans[b][1]]
    return (ELLIPSIS if a > 0 else "") + out + (ELLIPSIS if b < len(spans) - 1 else "")


def en_context(text: str, number: Number) -> str:
    """The English clause around a figure, at most CONTEXT_MAX_WORDS words of it."""
    left, right = clause(text, number.start, number.end, EN_CLAUSE)
    spans = [
        (m.start(), m.end()) for m in regex.finditer(r"\S+", text[:right]) if m.start() >= left
    ]
    return _window(text, spans, number, CONTEXT_MAX_WORDS)


def zh_context(text: str, number: Number) -> str:
    """The Chinese clause around a figure, at most CONTEXT_MAX_CHARS characters of it."""
    left, right = clause(text, number.start, number.end, ZH_CLAUSE)
    spans = [(k, k + 1) for k in range(left, right) if not text[k].isspace()]
    return _window(text, spans, number, CONTEXT_MAX_CHARS)


def with_unit(text: str, number: Number) -> str:
    """The figure as a reader says it, with its unit: ``200-billion-yuan`` -> 200 billion yuan.

    The unit is the measure word right after the number in the English
    (:data:`tmbrief.brief.rules.FIGURE_UNITS`); hyphens of a compound adjective
    become spaces.
    """
    label = number.text.replace("-", " ").strip()
    m = FIGURE_UNITS.match(text, number.end)
    if m and m.group("unit").lower() not in label.lower():
        label += " " + m.group("unit")
    return label


def figures(units: Iterable[Unit]) -> tuple[tuple[Figure, ...], tuple[Figure, ...]]:
    """(key figures, figures to check) of translated ``units``, in article order.

    A key figure is a Chinese quantity (:func:`is_key_figure`) that the English of
    the same unit carries too (:func:`key_figure_pairs`). Figures to check are the quantities
    :func:`tmbrief.numbers.extract.match_numbers` finds missing from the English or extra in
    it. Key figures repeat no value; at most MAX_FIGURES are kept, money-sized
    values and percentages first, then larger counts.
    """
    agreeing: list[tuple[int, Figure]] = []
    to_check: list[Figure] = []
    order = 0
    for unit in units:
        zh = extract_numbers(unit.source, SRC_LANG)
        en = extract_numbers(unit.target, TGT_LANG)
        for z, e in key_figure_pairs(unit.source, zh, en):
            agreeing.append(
                (
                    order,
                    Figure(
                        with_unit(unit.target, e),
                        z.text,
                        z.value,
                        z.kind,
                        en_context(unit.target, e),
                        zh_context(unit.source, z),
                        unit.tuid,
                    ),
                )
            )
            order += 1
        missing, extra = match_numbers(zh, en)
        for z in missing:
            if is_key_figure(z, unit.source):
                to_check.append(
                    Figure(
                        "",
                        z.text,
                        z.value,
                        z.kind,
                        "",
                        zh_context(unit.source, z),
                        unit.tuid,
                        agrees=False,
                        problem="not in the English",
                    )
                )
        for e in extra:
            if is_key_figure(e, unit.target):
                to_check.append(
                    Figure(
                        e.text,
                        "",
                        e.value,
                        e.kind,
                        en_context(unit.target, e),
                        "",
                        unit.tuid,
                        agrees=False,
                        problem="not in the Chinese",
                    )
                )
    return _key_figures(agreeing), tuple(to_check)


def _key_figures(agreeing: list[tuple[int, Figure]]) -> tuple[Figure, ...]:
    seen: set[tuple[float, str]] = set()
    distinct = []
    for order, f in agreeing:
        if (f.value, f.kind) not in seen:
            seen.add((f.value, f.kind))
            distinct.append((order, f))

    def priority(item):
        order, f = item
        large = f.kind == "percent" or f.value >= LARGE_VALUE
        return (0, order) if large else (1, -f.value, order)

    kept = sorted(distinct, key=priority)[:MAX_FIGURES]
    return tuple(f for _, f in sorted(kept, key=lambda item: item[0]))

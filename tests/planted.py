"""Planted translation faults: 15 kinds, each with the check that must report it.

Shared by the quality-floor tests and bench/qa_faults.py. Each fault kind says
where it fits (a unit whose target has a number, a " the ", a glossary term ...)
and how to plant it (the new source and target). :func:`plant` puts one fault of
every kind into a different unit of a list of TMs, spreading them over the units.
The kinds are tmbrief's ten plus pofilter's standard five (URL, e-mail, tag,
placeholder, bracket); URLs, e-mails, tags and placeholders are added to the source
with a broken copy in the target, as a translator's slip would leave them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

import regex

from tmbrief.core.glossary import compare_terms, has_english
from tmbrief.core.model import Unit

_HAN_WORD = regex.compile(r"\p{Han}{2,4}")
_DIGITS = re.compile(r"(?<![\d.,])\d+(?![\d.,])")


@dataclasses.dataclass(frozen=True)
class Fault:
    """One kind of fault: the check that must report it, where it fits, how to plant it.

    ``plant(unit, glossary)`` returns the faulty (source, target).
    """

    name: str
    check: str
    fits: Callable[[Unit, tuple], bool]
    plant: Callable[[Unit, tuple], tuple[str, str]]


def _target(change: Callable[[str], str]):
    return lambda u, g: (u.source, change(u.target))


def _change_number(target: str) -> str:
    m = _DIGITS.search(target)
    value = m.group()
    changed = value[:-1] + str((int(value[-1]) + 3) % 10)
    return target[: m.start()] + changed + target[m.end() :]


def _cut(target: str) -> str:
    words = target.split()
    return " ".join(words[: max(3, len(words) // 3)])


def _glossary_terms(unit: Unit, glossary) -> list:
    """Glossary terms of the source whose approved English the target has."""
    missing, _ = compare_terms(unit.source, unit.target, glossary, doc_id=unit.doc_id, outlet="")
    found = [t for t in glossary if t.zh in unit.source and t not in missing]
    return [t for t in found if has_english(unit.target, t) and t.en in unit.target]


def _misspell(unit: Unit, glossary) -> tuple[str, str]:
    term = _glossary_terms(unit, glossary)[0]
    wrong = term.forbidden[0] if term.forbidden else term.en[:-1] + (
        "a" if term.en[-1] != "a" else "e")  # fmt: skip
    return unit.source, unit.target.replace(term.en, wrong)


def _leftover(unit: Unit, glossary) -> tuple[str, str]:
    word = _HAN_WORD.search(unit.source).group()
    first, _, rest = unit.target.partition(" ")
    return unit.source, f"{first} {word} {rest}"


def _add(source_piece: str, target_piece: str):
    """Append a piece to the source and its (broken) rendering to the target."""
    return lambda u, g: (u.source + source_piece, u.target.rstrip() + " " + target_piece)


def _tag(unit: Unit, glossary) -> tuple[str, str]:
    word = _HAN_WORD.search(unit.source).group()
    return unit.source.replace(word, f"<b>{word}</b>", 1), unit.target


def _bracket(unit: Unit, glossary) -> tuple[str, str]:
    words = unit.target.split(" ")
    middle = len(words) // 2
    return unit.source, " ".join(words[:middle] + ["(" + words[middle]] + words[middle + 1 :])


def _plain(unit: Unit) -> bool:
    """A target without the marks the pass-through faults add."""
    return not any(mark in unit.source + unit.target for mark in "<>%{}()（）@/")


FAULTS = (
    Fault("empty target", "untranslated", lambda u, g: True, lambda u, g: (u.source, "")),
    Fault("copied source", "untranslated", lambda u, g: True, lambda u, g: (u.source, u.source)),
    Fault("changed number", "numbers", lambda u, g: _DIGITS.search(u.target) is not None
          and _DIGITS.search(u.source) is not None, _target(_change_number)),
    Fault("wrong unit (million for billion)", "numbers", lambda u, g: " billion" in u.target,
          _target(lambda t: t.replace(" billion", " million", 1))),
    Fault("misspelt glossary term", "glossary", lambda u, g: bool(_glossary_terms(u, g)),
          _misspell),
    Fault("leftover Chinese", "untranslated",
          lambda u, g: _HAN_WORD.search(u.source) is not None and " " in u.target, _leftover),
    Fault("doubled word", "repeated-words", lambda u, g: " the " in u.target,
          _target(lambda t: t.replace(" the ", " the the ", 1))),
    Fault("full-width comma", "punctuation", lambda u, g: ", " in u.target,
          _target(lambda t: t.replace(", ", "，", 1))),
    Fault("truncated target", "length-ratio", lambda u, g: len(u.target.split()) > 20,
          _target(_cut)),
    Fault("inconsistent duplicate", "consistency", lambda u, g: " and " in u.target,
          _target(lambda t: t.replace(" and ", " as well as ", 1))),
    Fault("changed URL", "urls", lambda u, g: _plain(u),
          _add("详见https://www.example.org/news/index.html。",
               "See https://www.example.org/news/idnex.html.")),
    Fault("changed e-mail", "emails", lambda u, g: _plain(u),
          _add("联系邮箱：news@example.org。", "Contact: news@exmaple.org.")),
    Fault("dropped tag", "tags", lambda u, g: _plain(u) and _HAN_WORD.search(u.source)
          is not None, _tag),
    Fault("dropped placeholder", "placeholders", lambda u, g: _plain(u),
          _add("共%d人。", "In all people.")),
    Fault("unclosed bracket", "brackets", lambda u, g: _plain(u) and len(u.target.split()) > 4,
          _bracket),
)  # fmt: skip


def plant(
    tms: Sequence[tuple[Unit, ...]], glossary=(), faults=FAULTS, skip_units=frozenset()
) -> tuple[list[tuple[Unit, ...]], dict[str, tuple[str, str]], set[str]]:
    """One fault of each kind in a different unit of ``tms``.

    Returns the faulty TMs, {tuid: (fault name, expected check)}, and the tuids of
    units that a fault involves without being planted (the twin of the inconsistent
    duplicate, which the consistency finding names too). The inconsistent duplicate
    is a copy of a unit, with the changed target, added to its TM. Units in
    ``skip_units`` (already reported by the expected check before planting) are
    not used. SystemExit names a fault no unit fits.
    """
    tms = [list(tm) for tm in tms]
    flat = [(t, i) for t, tm in enumerate(tms) for i in range(len(tm))]
    planted: dict[str, tuple[str, str]] = {}
    partners: set[str] = set()
    for k, fault in enumerate(faults):
        start = (k * 7919) % len(flat)
        for t, i in flat[start:] + flat[:start]:
            unit = tms[t][i]
            if unit.tuid in planted or unit.tuid in partners or not unit.target.strip():
                continue
            if (unit.tuid, fault.check) in skip_units or not fault.fits(unit, glossary):
                continue
            if fault.check == "length-ratio" and len(tms[t]) < 12:
                continue  # too few units to fit a ratio
            source, target = fault.plant(unit, glossary)
            if fault.check == "consistency":
                twin = dataclasses.replace(unit, tuid=unit.tuid + "~twin", target=target)
                tms[t].append(twin)
                planted[twin.tuid] = (fault.name, fault.check)
                partners.add(unit.tuid)
            else:
                tms[t][i] = dataclasses.replace(unit, source=source, target=target)
                planted[unit.tuid] = (fault.name, fault.check)
            break
        else:
            raise SystemExit(f"no unit fits the fault {fault.name!r}")
    return [tuple(tm) for tm in tms], planted, partners


def findings_by_unit(tms, run) -> dict[str, set[tuple[str, str]]]:
    """{tuid: {(check, message)}} of ``run(units)`` over every TM."""
    found: dict[str, set[tuple[str, str]]] = {}
    for tm in tms:
        for f in run(tm):
            found.setdefault(f.unit, set()).add((f.check, f.message))
    return found


def evaluate(clean_tms, faulty_tms, planted, partners, run):
    """(faults caught by their expected check: {tuid: bool}, new findings on other units).

    A fault is caught when its expected check reports the planted unit and did not
    report it (with that message) before; "other units" leaves out the planted units
    and the partners.
    """
    before, after = findings_by_unit(clean_tms, run), findings_by_unit(faulty_tms, run)
    caught = {
        tuid: any(
            c == check and (c, m) not in before.get(tuid, set()) for c, m in after.get(tuid, ())
        )
        for tuid, (_, check) in planted.items()
    }
    elsewhere = [
        (tuid, c, m)
        for tuid, found in after.items()
        if tuid not in planted and tuid not in partners
        for c, m in found - before.get(tuid, set())
    ]
    return caught, elsewhere

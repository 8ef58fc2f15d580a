"""Run the QA checks over a TM's units, summarise the findings, render the report.

``run_checks`` applies :data:`tmbrief.qa.checks.CHECKS` (or a selection) and returns
findings ordered by unit, then by the table's check order: the same units give the
same findings, byte for byte, in every report format (text, json, md, csv).
Every report but csv says how it was made: tool version, checks run, glossary and
thresholds (:func:`report_settings`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tmbrief.core.glossary import Term, glossary_signature
from tmbrief.core.langs import require_language_pair
from tmbrief.core.model import Finding, TMHeader, Unit
from tmbrief.core.version import GENERATOR
from tmbrief.qa.checks import (
    CHECK_NAMES,
    CHECKS,
    SEVERITIES,
    Context,
    Flag,
    checks_for,
    is_translated,
)
from tmbrief.qa.diagnose import blame_alignment
from tmbrief.qa.settings import QASettings

REPORT_FORMATS = ("text", "json", "md", "csv")
TOOL = GENERATOR
CSV_COLUMNS = ("unit", "check", "severity", "message", "source", "target")


def _settings(settings: QASettings | None, only, skip) -> QASettings:
    """``settings``, with ``only``/``skip`` (when given) in place of its own."""
    settings = settings or QASettings()
    if only is not None or skip is not None:
        settings = replace(settings, only=tuple(only or ()), skip=tuple(skip or ()))
    return settings


def run_checks(
    units: Sequence[Unit],
    *,
    glossary: Iterable[Term] = (),
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    context: Context | None = None,
    settings: QASettings | None = None,
    outlet: str = "",
) -> tuple[Finding, ...]:
    """Run the selected checks over ``units``; findings in unit order, then table order.

    ``settings`` choose the profile and thresholds; ``only``/``skip`` name checks or
    categories (ValueError for an unknown name) and override the settings' own;
    ``context`` overrides the thresholds (its glossary is replaced by ``glossary``
    when given); ``outlet`` is the publisher (glossary entries scoped to another do
    not apply). A fault of a sentence unit is reported once: block and paragraph
    units holding it get an info finding that points to it (:func:`point_to_parts`).
    """
    units = tuple(units)
    glossary = tuple(glossary)
    settings = _settings(settings, only, skip)
    ctx = context or Context.of(settings)
    ctx = replace(ctx, glossary=glossary or ctx.glossary, outlet=outlet or ctx.outlet)
    position = {id(u): i for i, u in enumerate(units)}
    translated = tuple(u for u in units if is_translated(u))
    keyed: list[tuple[int, int, int, Finding]] = []
    for order, check in enumerate(checks_for(settings)):
        if check.scope == "tm":
            pairs = check.function(units, ctx)
        else:
            pairs = (
                (unit, flag)
                for unit in (translated if check.translated_only else units)
                for flag in check.function(unit, ctx)
            )
        for seq, (unit, flag) in enumerate(pairs):
            message, severity = flag if isinstance(flag, Flag) else (flag, check.severity)
            index = position[id(unit)]
            # A unit read from a foreign file may have no id: name it by its place.
            name = unit.tuid or f"#{index + 1}"
            finding = Finding(name, check.name, severity, message, unit.source, unit.target)
            keyed.append((index, order, seq, finding))
    keyed.sort(key=lambda k: k[:3])
    findings = blame_alignment(units, [k[3] for k in keyed], ctx.source_lang, ctx.target_lang)
    return point_to_parts(units, findings)


def point_to_parts(units: Sequence[Unit], findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """One finding per fault: a block or paragraph unit's finding that one of its sentence
    units has too (same check, same message) becomes one info finding per check naming
    the sentence units to fix."""
    owner = {
        (u.doc_id, i): u.tuid
        for u in units
        if u.segtype == "sentence" and u.tuid
        for i in u.src_ids
    }
    composite = {u.tuid: u for u in units if u.segtype != "sentence" and u.tuid}
    if not composite:
        return tuple(findings)
    said = {(f.unit, f.check, f.message) for f in findings if f.unit not in composite}
    kept: list[tuple[Finding, tuple[str, str] | None]] = []
    pointers: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        unit = composite.get(f.unit)
        parts = () if unit is None else [owner.get((unit.doc_id, i)) for i in unit.src_ids]
        repeated = [p for p in dict.fromkeys(parts) if p and (p, f.check, f.message) in said]
        if not repeated:
            kept.append((f, None))
            continue
        key = (f.unit, f.check)
        if key not in pointers:
            pointers[key] = []
            kept.append((f, key))
        pointers[key] += [p for p in repeated if p not in pointers[key]]
    out = []
    for f, key in kept:
        if key is not None:
            names = ", ".join(pointers[key])
            message = f"reported on its sentence unit(s) {names}: fix it there"
            f = Finding(f.unit, f.check, "info", message, f.source, f.target)
        out.append(f)
    return tuple(out)


def filter_severity(findings: Iterable[Finding], minimum: str) -> tuple[Finding, ...]:
    """The findings at ``minimum`` severity or above (info < warning < error)."""
    floor = SEVERITIES.index(minimum)
    return tuple(f for f in findings if SEVERITIES.index(f.severity) >= floor)


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (the CLI then exits 1)."""
    return any(f.severity == "error" for f in findings)


def report_settings(
    *,
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    glossary: Sequence[Term] = (),
    glossary_path=None,
    context: Context | None = None,
    header: TMHeader | None = None,
    settings: QASettings | None = None,
) -> tuple[tuple[str, str], ...]:
    """How a report was made, as (key, value) pairs for :func:`render_report`.

    ``qa`` is the settings' signature (profile, thresholds); ``languages`` is the
    checked file's pair, from its ``header`` (left out without one: a report never
    states a language the file did not).
    """
    settings = _settings(settings, only, skip)
    if context is not None:
        settings = replace(
            settings,
            review_threshold=context.review_threshold,
            notice_threshold=context.notice_threshold,
            length_ratio_z=context.length_ratio_z,
        )
    used = glossary_signature(glossary_path, glossary) if glossary_path else "none"
    pairs = (
        ("tool", TOOL),
        ("qa", settings.signature()),
        ("checks", ", ".join(c.name for c in checks_for(settings))),
        ("glossary", used),
    )
    if header is not None:
        pairs += (("languages", f"{header.srclang} -> {header.tgtlang}"),)
    return pairs


def summarise(units: Sequence[Unit], findings: Sequence[Finding], checks: Sequence[str]) -> dict:
    """The report summary: unit counts, findings per check (every check run) and severity."""
    by_check = {name: 0 for name in checks}
    by_severity = {name: 0 for name in reversed(SEVERITIES)}
    for f in findings:
        by_check[f.check] = by_check.get(f.check, 0) + 1
        by_severity[f.severity] += 1
    return {
        "units": len(units),
        "translated": sum(1 for u in units if is_translated(u)),
        "needs_review": sum(1 for u in units if u.status == "needs-review"),
        "units_with_findings": len({f.unit for f in findings}),
        "by_check": by_check,
        "by_severity": by_severity,
    }


def render_report(
    units: Sequence[Unit],
    findings: Sequence[Finding],
    fmt: str,
    *,
    title: str,
    settings: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    checks: Sequence[str] = CHECK_NAMES,
) -> str:
    """The report as text, json, md or csv; deterministic for the same arguments.

    ``checks``: the names of the checks that ran (the summary counts each, zero
    included); ``settings`` say how the report was made.
    """
    pairs = dict(settings.items() if isinstance(settings, Mapping) else settings)
    pairs.setdefault("tool", TOOL)
    pairs = {"tool": pairs.pop("tool"), **pairs}
    summary = summarise(units, findings, list(checks))
    renderers = {"text": _text, "json": _json, "md": _markdown, "csv": _csv}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r} (have {', '.join(REPORT_FORMATS)})")
    return renderers[fmt](findings, title, pairs, summary)


def _finding_dict(f: Finding) -> dict:
    return {
        "unit": f.unit,
        "check": f.check,
        "severity": f.severity,
        "message": f.message,
        "source": f.source,
        "target": f.target,
    }


def _json(findings, title, settings, summary) -> str:
    document = {
        "title": title,
        "settings": settings,
        "summary": summary,
        "findings": [_finding_dict(f) for f in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv(findings, title, settings, summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        writer.writerow(_finding_dict(f).values())
    return out.getvalue()


def _counts_line(summary: dict) -> str:
    labels = {"error": ("error", "errors"), "warning": ("warning", "warnings")}
    severities = ", ".join(
        f"{n} {labels.get(s, (s, s))[n != 1]}" for s, n in summary["by_severity"].items()
    )
    return (
        f"{summary['units']} units ({summary['translated']} translated, "
        f"{summary['needs_review']} needing review); findings: {severities}"
    )


def _text(findings, title, settings, summary) -> str:
    lines = [
        f"QA report: {title}",
        "Made by " + "; ".join(f"{k}: {v}" for k, v in settings.items()),
    ]
    lines.append(_counts_line(summary))
    for f in findings:
        lines += [
            "",
            f"{f.unit} [{f.severity}] {f.check}: {f.message}",
            f"  source: {f.source}",
            f"  target: {f.target}",
        ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as <br>."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or " "


def _markdown(findings, title, settings, summary) -> str:
    titles = {c.name: c.title for c in CHECKS}
    severities = {c.name: c.severity for c in CHECKS}
    lines = [f"# QA report: {title}", ""]
    lines += [f"- {k}: {v}" for k, v in settings.items()]
    lines += ["", _counts_line(summary) + ".", ""]
    lines += ["| Check | Title | Severity | Findings |", "| --- | --- | --- | --- |"]
    for name, count in summary["by_check"].items():
        lines.append(
            f"| {name} | {titles.get(name, name)} | {severities.get(name, '')} | {count} |"
        )
    for name in summary["by_check"]:
        mine = [f for f in findings if f.check == name]
        if not mine:
            continue
        lines += ["", f"## {titles.get(name, name)} ({name})", ""]
        lines += [
            "| Unit | Severity | Message | Source | Target |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {_cell(f.unit)} | {f.severity} | {_cell(f.message)} | {_cell(f.source)} | "
            f"{_cell(f.target)} |"
            for f in mine
        ]
    if not findings:
        lines += ["", "No findings."]
    return "\n".join(lines) + "\n"


def report_title(path) -> str:
    """A report's title: the checked file's path as given, relative to the project.

    ``tm/<id>.tsv`` stays so; an absolute path under the working directory (the
    project) is made relative to it, so the CLI and the build title one file
    alike.
    """
    path = Path(path)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
    return path.as_posix()


def require_checkable(path, header: TMHeader) -> None:
    """InputError unless ``header`` says zh-CN -> en: the pair the checks are built for."""
    require_language_pair(path, header, expected="the checks need")


@dataclass(frozen=True)
class QAReport:
    """The QA of one file: its units, every finding, and how the report was made."""

    title: str
    units: tuple[Unit, ...]
    findings: tuple[Finding, ...]  # every finding, whatever min_severity shows
    settings: tuple[tuple[str, str], ...]
    checks: tuple[str, ...] = CHECK_NAMES  # the checks that ran
    min_severity: str = "info"

    @property
    def shown(self) -> tuple[Finding, ...]:
        """The findings the report lists: at :attr:`min_severity` or above."""
        return filter_severity(self.findings, self.min_severity)

    def render(self, fmt: str) -> str:
        """The report as text, json, md or csv (see :func:`render_report`)."""
        return render_report(
            self.units,
            self.shown,
            fmt,
            title=self.title,
            settings=self.settings,
            checks=self.checks,
        )


def qa_file(
    path,
    header: TMHeader,
    units: Sequence[Unit],
    *,
    glossary: Sequence[Term] = (),
    glossary_path=None,
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    min_severity: str = "info",
    settings: QASettings | None = None,
    outlet: str = "",
) -> QAReport:
    """Check the units read from ``path`` (the CLI's ``tmbrief qa`` and the build's report).

    InputError when the file is not zh-CN -> en. The title is
    :func:`report_title` of ``path``; ``min_severity`` is a setting of the
    report only when it hides something (not the default ``info``).
    """
    require_checkable(path, header)
    units = tuple(units)
    glossary = tuple(glossary)
    settings = _settings(settings, only, skip)
    findings = run_checks(units, glossary=glossary, settings=settings, outlet=outlet)
    pairs = report_settings(
        glossary=glossary, glossary_path=glossary_path, header=header, settings=settings
    )
    if outlet:
        pairs += (("outlet", outlet),)
    if min_severity != SEVERITIES[0]:
        pairs += (("min_severity", min_severity),)
    checks = tuple(c.name for c in checks_for(settings))
    return QAReport(report_title(path), units, findings, pairs, checks, min_severity)

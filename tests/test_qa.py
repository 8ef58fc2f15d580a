"""Tests for tmbrief.qa.report and `tmbrief qa`: runner, reports, seed, faults, CLI."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from tests.conftest import DATA, ROOT, SEED_GLOSSARY, SEED_ID, SMALL_GLOSSARY
from tmbrief.cli import main
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Finding, TMHeader, Unit
from tmbrief.core.version import __version__
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.qa.checks import CHECK_NAMES, Context
from tmbrief.qa.report import (
    REPORT_FORMATS,
    filter_severity,
    has_errors,
    render_report,
    report_settings,
    run_checks,
)

SEED_PO = DATA / "fuling-seed.po"


@pytest.fixture(scope="module")
def seed_units() -> tuple[Unit, ...]:
    return FORMATS["po"].read(SEED_PO)[1]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(SEED_GLOSSARY)


def unit(n: int, zh: str, en: str, **fields) -> Unit:
    base = dict(
        tuid=f"t:{n}", doc_id="t", paragraph=0, src_ids=(n,), tgt_ids=(n,), source=zh, target=en,
        bead_type="1-1", confidence=1.0, status="translated",
    )  # fmt: skip
    return Unit(**{**base, **fields})


# --- runner -----------------------------------------------------------------------


def test_findings_are_in_unit_order_then_table_order():
    units = [
        unit(0, "涪陵现有规上企业76户。", "Fuling has 67 firms。"),
        unit(1, "刘忠表示。", ""),
        unit(2, "刘忠表示。", "Zhong Liu said.", confidence=0.6),
    ]
    found = run_checks(units, glossary=load_glossary(SMALL_GLOSSARY))
    assert [(f.unit, f.check, f.severity) for f in found] == [
        ("t:0", "numbers", "error"),
        ("t:0", "numbers", "error"),
        ("t:0", "punctuation", "warning"),
        ("t:1", "untranslated", "error"),
        ("t:2", "glossary", "error"),
        ("t:2", "alignment", "info"),
    ]
    assert found[0].source == units[0].source and found[0].target == units[0].target


def test_an_untranslated_unit_is_reported_once():
    """Preconditions: numbers, glossary, form and the TM checks skip an empty target."""
    units = [unit(0, "刘忠表示,涪陵现有规上企业76户。", "")]
    found = run_checks(units, glossary=load_glossary(SMALL_GLOSSARY))
    assert [f.check for f in found] == ["untranslated"]


def test_a_unit_without_id_is_named_by_its_place():
    found = run_checks([unit(0, "好。", "Good."), unit(1, "好。", "", tuid="")])
    assert [f.unit for f in found] == ["#2"]


def test_context_overrides_thresholds():
    units = [unit(0, "好。", "Good.", confidence=0.6)]
    assert run_checks(units, only=["alignment"], context=Context(notice_threshold=0.5)) == ()


@pytest.mark.parametrize(
    "minimum, severities",
    [("info", ["error", "warning", "info"]), ("warning", ["error", "warning"]),
     ("error", ["error"])],
)  # fmt: skip
def test_filter_severity(minimum, severities):
    findings = [Finding("u", "c", s, "m") for s in ("error", "warning", "info")]
    assert [f.severity for f in filter_severity(findings, minimum)] == severities
    assert has_errors(findings) and not has_errors(findings[1:])


# --- the seed ---------------------------------------------------------------------


def test_seed_fixture_is_clean(seed_units, glossary):
    """The seed's human translation: no error, no warning, no info."""
    assert len(seed_units) > 30
    assert run_checks(seed_units, glossary=glossary) == ()


def _swap(old: str, new: str):
    def plant(target: str, source: str) -> str:
        assert old in target, f"fixture changed: {old!r} not in {target!r}"
        return target.replace(old, new, 1)

    return plant


def _cut(target: str, source: str) -> str:
    words = target.split()
    return " ".join(words[: len(words) * 2 // 5])


# (fault, unit index in tests/data/fuling-seed.po, how to plant it, the check that must report it)
FAULTS = [
    ("empty target", 7, lambda t, s: "", "untranslated"),
    ("copied source", 8, lambda t, s: s, "untranslated"),
    ("changed number", 22, _swap("76", "67"), "numbers"),
    ("wrong unit: million for billion", 29, _swap("53.78 billion", "53.78 million"), "numbers"),
    ("misspelt glossary name", 5, _swap("Liu Zhong", "Liu Zong"), "glossary"),
    ("leftover Chinese", 24, _swap("business environment", "营商环境"), "untranslated"),
    ("doubled word", 27, _swap(" the ", " the the "), "repeated-words"),
    ("full-width comma", 28, _swap(", ", "，"), "punctuation"),
    ("truncated target", 30, _cut, "length-ratio"),
    ("inconsistent duplicate", 3, _swap(" and ", " as well as "), "consistency"),
]


@pytest.fixture(scope="module")
def faulty(seed_units):
    units = list(seed_units)
    for _, index, plant, _ in FAULTS:
        u = units[index]
        target = plant(u.target, u.source)
        status = u.status if target else "untranslated"  # as the TM file requires
        units[index] = dataclasses.replace(u, target=target, status=status)
    return tuple(units)


@pytest.mark.parametrize("fault, index, plant, check", FAULTS, ids=[f[0] for f in FAULTS])
def test_injected_fault_is_reported_by_its_check(faulty, glossary, fault, index, plant, check):
    found = run_checks(faulty, glossary=glossary)
    tuid = faulty[index].tuid
    assert check in {f.check for f in found if f.unit == tuid}


def test_fault_injection_has_no_false_alarms(seed_units, faulty, glossary):
    """Only the planted units are reported, and the twin of the inconsistent duplicate."""
    planted = {faulty[index].tuid for _, index, _, _ in FAULTS}
    twin = next(u.tuid for u in seed_units[:3] if u.source == seed_units[3].source)
    reported = {f.unit for f in run_checks(faulty, glossary=glossary)}
    assert reported == planted | {twin}


# --- reports ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_case():
    units = (
        unit(0, "涪陵现有规上企业76户。", "Fuling has 67 firms | more."),
        unit(1, "好。", ""),
        unit(2, "好。", "Good."),
    )
    gloss = load_glossary(SMALL_GLOSSARY)
    findings = run_checks(units, glossary=gloss, skip=["alignment"])
    settings = report_settings(skip=["alignment"], glossary=gloss, glossary_path=SMALL_GLOSSARY)
    return units, findings, settings


def test_json_report_shape(report_case):
    units, findings, settings = report_case
    ran = [name for name in CHECK_NAMES if name != "alignment"]
    doc = json.loads(
        render_report(units, findings, "json", title="t.po", settings=settings, checks=ran)
    )
    assert doc["summary"] == {
        "units": 3,
        "translated": 2,
        "needs_review": 0,
        "units_with_findings": 2,
        "by_check": {name: {"untranslated": 1, "numbers": 2}.get(name, 0) for name in ran},
        "by_severity": {"error": 3, "warning": 0, "info": 0},
    }  # fmt: skip
    assert doc["findings"][0] == {
        "unit": "t:0",
        "check": "numbers",
        "severity": "error",
        "message": "source number 76 (76) is not in the target",
        "source": "涪陵现有规上企业76户。",
        "target": "Fuling has 67 firms | more.",
    }
    assert doc["settings"]["tool"] == f"tmbrief {__version__}"
    assert doc["settings"]["glossary"] == "glossary-small.tsv (9 terms)"
    assert "alignment" not in doc["settings"]["checks"]


def test_markdown_report(report_case):
    units, findings, settings = report_case
    md = render_report(units, findings, "md", title="t.po", settings=settings)
    assert md.startswith("# QA report: t.po\n")
    assert f"- tool: tmbrief {__version__}" in md
    assert "| numbers | Numbers differ between source and target | error | 2 |" in md
    assert "## Numbers differ between source and target (numbers)" in md
    assert "Fuling has 67 firms \\| more." in md  # pipes escaped in cells


def test_csv_report_round_trips(report_case):
    units, findings, settings = report_case
    text = render_report(units, findings, "csv", title="t.po", settings=settings)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["unit", "check", "severity", "message", "source", "target"]
    assert [tuple(r) for r in rows[1:]] == [
        (f.unit, f.check, f.severity, f.message, f.source, f.target) for f in findings
    ]


def test_text_report(report_case):
    units, findings, settings = report_case
    text = render_report(units, findings, "text", title="t.po", settings=settings)
    assert text.splitlines()[0] == "QA report: t.po"
    assert (
        "3 units (2 translated, 0 needing review); findings: 3 errors, 0 warnings, 0 info" in text
    )
    assert "t:1 [error] untranslated: target is empty: translate the segment" in text


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_reports_are_deterministic(report_case, fmt):
    units, findings, settings = report_case
    first = render_report(units, findings, fmt, title="t", settings=settings)
    rerun = run_checks(units, glossary=load_glossary(SMALL_GLOSSARY), skip=["alignment"])
    again = render_report(units, rerun, fmt, title="t", settings=dict(settings))
    assert first == again


def test_unknown_report_format_is_refused(report_case):
    units, findings, settings = report_case
    with pytest.raises(ValueError, match="yaml"):
        render_report(units, findings, "yaml", title="t", settings=settings)


# --- the command ------------------------------------------------------------------


def write_units(path, units) -> None:
    data, _ = write_bytes(FORMATS[path.suffix.lstrip(".")], units, TMHeader("t", date="2023-12-20"))
    path.write_bytes(data)


@pytest.mark.parametrize("suffix", ["po", "tmx", "xliff", "tsv"])
def test_cli_reads_every_tm_format(tmp_path, capsys, seed_units, faulty, suffix):
    clean, bad = tmp_path / f"clean.{suffix}", tmp_path / f"bad.{suffix}"
    write_units(clean, seed_units)
    write_units(bad, faulty)
    glossary = ["--glossary", str(SEED_GLOSSARY)]
    assert main(["qa", str(clean), *glossary]) == 0
    capsys.readouterr()
    assert main(["qa", str(bad), "--format", "json", *glossary]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {f["unit"] for f in doc["findings"]} >= {faulty[i].tuid for _, i, _, _ in FAULTS}


@pytest.mark.parametrize(
    "args, code, checks",
    [
        (["--only", "form"], 0, {"punctuation", "repeated-words"}),
        (["--skip", "untranslated", "numbers", "glossary"], 0, {
            "punctuation", "repeated-words", "length-ratio", "consistency"}),
        (["--min-severity", "error"], 1, {"untranslated", "numbers", "glossary"}),
        (["--only", "numbers"], 1, {"numbers"}),
    ],
)  # fmt: skip
def test_cli_selects_checks(tmp_path, capsys, faulty, args, code, checks):
    path = tmp_path / "bad.po"
    write_units(path, faulty)
    assert (
        main(["qa", str(path), "--glossary", str(SMALL_GLOSSARY), "--format", "csv", *args]) == code
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["check"] for r in rows} == checks


@pytest.mark.parametrize(
    "content, name, extra, message",
    [
        (None, "missing.po", [], "no such file"),
        ("x", "units.docx", [], "unknown file type"),
        ('msgid "a"\nmsgstr "b"\nmsgid\n', "broken.po", [], "broken.po"),
        (None, "seed", ["--glossary", "nowhere.tsv"], "nowhere.tsv: no such file"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, capsys, content, name, extra, message):
    path = SEED_PO if name == "seed" else tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["qa", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_cli_bad_glossary_names_its_line(tmp_path, capsys):
    bad = tmp_path / "glossary.tsv"
    bad.write_text("zh\ten\tkind\tnote\tforbidden\n涪陵\tFuling\tcity\t\t\n", encoding="utf-8")
    assert main(["qa", str(SEED_PO), "--glossary", str(bad)]) == 2
    assert f"{bad}:2: 涪陵: kind 'city'" in capsys.readouterr().err


def test_cli_unknown_check_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["qa", str(SEED_PO), "--only", "spelling"])
    assert info.value.code == 2
    assert "spelling" in capsys.readouterr().err


def test_every_check_is_in_the_cli_help():
    from tmbrief.cli import qa

    for name in CHECK_NAMES:
        assert f"  {name}" in qa.__doc__


# --- language pair, report header shared with the build -----------------------------


def po_text(units) -> str:
    return write_bytes(FORMATS["po"], units, TMHeader("t", date="2023-12-20"))[0].decode()


WRONG_PAIRS = [
    ("de.po", lambda t: t.replace('"Language: en\\n"', '"Language: de\\n"'),
     "target language is de, the checks need en"),
    ("nolang.po", lambda t: t.replace('"Language: en\\n"\n', ""),
     "names no target language"),
    ("nosrc.po", lambda t: t.replace('"X-Source-Language: zh_CN\\n"\n', ""),
     "names no source language"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "message"), WRONG_PAIRS)
def test_cli_refuses_a_file_of_another_language_pair(tmp_path, capsys, seed_units, name, edit,
                                                     message):  # fmt: skip
    path = tmp_path / name
    text = po_text(seed_units)
    assert edit(text) != text
    path.write_text(edit(text), encoding="utf-8")
    assert main(["qa", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_refuses_a_chinese_to_german_tmx(tmp_path, capsys):
    path = tmp_path / "de.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" creationtool="x"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"'
        ' datatype="plaintext"/><body><tu tuid="d:0"><tuv xml:lang="zh-CN"><seg>好。</seg></tuv>'
        '<tuv xml:lang="de"><seg>Gut.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    assert main(["qa", str(path)]) == 2
    assert "target language is de, the checks need en" in capsys.readouterr().err


def test_report_languages_come_from_the_file_header(tmp_path, capsys, seed_units):
    path = tmp_path / "gb.po"
    path.write_text(
        po_text(seed_units).replace('"Language: en\\n"', '"Language: en_GB\\n"'),
        encoding="utf-8",
    )
    main(["qa", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["settings"]["languages"] == "zh-CN -> en-GB"


def test_cli_report_of_the_tm_is_the_build_report(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    for fmt in ("md", "json"):
        tm = f"tm/{SEED_ID}.tsv"
        main(["qa", tm, "--glossary", "seeds/glossary.tsv", "--format", fmt])
        built = (ROOT / f"exports/{SEED_ID}.qa.{fmt}").read_text(encoding="utf-8")
        assert capsys.readouterr().out == built
        main(["qa", str(ROOT / tm), "--glossary", "seeds/glossary.tsv", "--format", fmt])
        assert capsys.readouterr().out == built  # an absolute path is titled alike


@pytest.mark.parametrize(("severity", "line"), [("info", None), ("warning", "warning")])
def test_min_severity_is_a_report_setting_only_when_it_hides_findings(
    tmp_path, capsys, seed_units, severity, line
):
    path = tmp_path / "t.po"
    path.write_text(po_text(seed_units), encoding="utf-8")
    main(["qa", str(path), "--format", "json", "--min-severity", severity])
    assert json.loads(capsys.readouterr().out)["settings"].get("min_severity") == line

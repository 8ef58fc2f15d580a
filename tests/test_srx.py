"""The SRX export: well-formed SRX 2.0 whose rules, applied by a plain SRX interpreter, segment
exactly as tmbrief does (the seed, the UD benchmark, the English cases, random text)."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.test_segment import ALPHABET, EN_CASES, ZH_CASES
from tmbrief.cli import main
from tmbrief.segment.rules import language_rules
from tmbrief.segment.splitter import split_sentences
from tmbrief.segment.srx import SRX_NS, to_srx

NS = {"srx": SRX_NS}


# --- a small SRX 2.0 interpreter, written from the standard, not from tmbrief.segment.splitter ---


def srx_rules(document: str, lang: str) -> list[tuple[bool, regex.Pattern, regex.Pattern]]:
    """The rules an SRX document gives ``lang``: map rules in order, cascading when the header
    says so; each rule as (break?, before-at-end pattern, after-at-start pattern)."""
    root = ET.fromstring(document)
    cascade = root.find("srx:header", NS).get("cascade") == "yes"
    by_name = {
        lr.get("languagerulename"): lr for lr in root.iterfind("srx:body/srx:languagerules/*", NS)
    }
    rules = []
    for lmap in root.iterfind("srx:body/srx:maprules/srx:languagemap", NS):
        if not regex.fullmatch(lmap.get("languagepattern"), lang):
            continue
        for rule in by_name[lmap.get("languagerulename")].iterfind("srx:rule", NS):
            before = rule.findtext("srx:beforebreak", "", NS)
            after = rule.findtext("srx:afterbreak", "", NS)
            rules.append(
                (
                    rule.get("break", "yes") == "yes",
                    regex.compile(f"(?:{before})\\Z"),  # must end exactly at the position
                    regex.compile(f"(?:{after})"),  # must start exactly at the position
                )
            )
        if not cascade:
            break
    return rules


def srx_segment(text: str, rules) -> list[str]:
    """Break wherever the first rule matching a position is a break rule; trim whitespace."""
    cuts = [0]
    for pos in range(1, len(text)):
        for breaks, before, after in rules:
            if before.search(text, 0, pos) and after.match(text, pos):
                if breaks:
                    cuts.append(pos)
                break
    cuts.append(len(text))
    pieces = (text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False))
    return [p for p in pieces if p]


@pytest.fixture(scope="module")
def document() -> str:
    return to_srx()


def ours(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


# --- structure --------------------------------------------------------------------


def test_srx_document_structure(document):
    root = ET.fromstring(document)
    assert root.tag == f"{{{SRX_NS}}}srx" and root.get("version") == "2.0"
    header = root.find("srx:header", NS)
    assert header.get("cascade") == "yes" and header.get("segmentsubflows") == "yes"
    assert {f.get("type") for f in header.iterfind("srx:formathandle", NS)} == {
        "start",
        "end",
        "isolated",
    }
    names = [lr.get("languagerulename") for lr in root.iterfind(".//srx:languagerule", NS)]
    maps = [
        (m.get("languagepattern"), m.get("languagerulename"))
        for m in root.iterfind(".//srx:languagemap", NS)
    ]
    assert names == ["Chinese", "English", "Line breaks"]
    assert maps == [("zh.*", "Chinese"), ("en.*", "English"), ("(zh|en).*", "Line breaks")]
    for (name, _, rules), lr in zip(
        language_rules(), root.iterfind(".//srx:languagerule", NS), strict=True
    ):
        assert lr.get("languagerulename") == name
        got = [
            (
                r.get("break"),
                r.findtext("srx:beforebreak", "", NS),
                r.findtext("srx:afterbreak", "", NS),
            )
            for r in lr.iterfind("srx:rule", NS)
        ]
        assert got == [("yes" if r.breaks else "no", r.before, r.after) for r in rules]


def test_srx_is_deterministic_and_names_every_rule(document):
    assert to_srx() == document
    for _, _, rules in language_rules():
        for rule in rules:
            assert f"<!-- {rule.name} (" in document


@pytest.mark.parametrize("lang", ["zh-CN", "zh", "en", "en-GB"])
def test_cascade_gives_language_rules_then_line_breaks(document, lang):
    rules = srx_rules(document, lang)
    own = dict((n, r) for n, _, r in language_rules())["English" if lang[:2] == "en" else "Chinese"]
    assert len(rules) == len(own) + 1


def test_unmapped_language_gets_no_rules(document):
    assert srx_rules(document, "fr") == []


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint not installed")
def test_srx_is_well_formed_xml(tmp_path, document):
    path = tmp_path / "rules.srx"
    path.write_text(document, encoding="utf-8")
    out = subprocess.run(["xmllint", "--noout", str(path)], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stderr


# --- the interpreter segments exactly like tmbrief --------------------------------


def seed_paragraphs(seed_doc) -> list[str]:
    return [p.text for p in seed_doc.paragraphs]


def test_srx_matches_the_segmenter_on_the_seed(document, seed_doc):
    rules = srx_rules(document, "zh-CN")
    for text in seed_paragraphs(seed_doc):
        assert srx_segment(text, rules) == ours(text, "zh-CN")


def test_srx_matches_the_segmenter_on_the_ud_benchmark(document):
    rules = srx_rules(document, "zh-CN")
    with (DATA / "zh_gsdsimp-ud-dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            assert srx_segment(text, rules) == ours(text, "zh-CN")


@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh-CN", c[1]) for c in ZH_CASES] + [("en", c[1]) for c in EN_CASES],
)
def test_srx_matches_the_segmenter_on_the_case_tables(document, lang, text):
    assert srx_segment(text, srx_rules(document, lang)) == ours(text, lang)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40), lang=st.sampled_from(["zh-CN", "en"]))
def test_srx_matches_the_segmenter_on_random_text(text, lang):
    assert srx_segment(text, srx_rules(to_srx(), lang)) == ours(text, lang)


@pytest.mark.skipif(shutil.which("java") is None, reason="java not installed")
def test_srx_works_the_same_in_java_regex(tmp_path, document, seed_doc):
    """Java CAT tools use java.util.regex: every rule compiles there (beforebreak as a bounded
    lookbehind) and segments the seed, the UD file and the case tables exactly like tmbrief."""
    rules = tmp_path / "rules.srx"
    rules.write_text(document, encoding="utf-8")
    with (DATA / "zh_gsdsimp-ud-dev.jsonl").open(encoding="utf-8") as f:
        ud = [json.loads(line)["text"] for line in f]
    inputs = [("zh-CN", t) for t in ud + seed_paragraphs(seed_doc)]
    inputs += [("zh-CN", c[1]) for c in ZH_CASES] + [("en", c[1]) for c in EN_CASES]
    inputs = [(lang, t) for lang, t in inputs if "\n" not in t and "\t" not in t]
    out = subprocess.run(
        ["java", str(DATA / "SrxCheck.java"), str(rules)],
        input="".join(f"{lang}\t{t}\n" for lang, t in inputs),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    got = out.stdout.splitlines()
    assert len(got) == len(inputs)
    for (lang, text), line in zip(inputs, got, strict=True):
        assert line.split("\u241e") == ours(text, lang), text


# --- CLI ----------------------------------------------------------------------------


def test_cli_prints_srx(capsys, document):
    assert main(["srx"]) == 0
    assert capsys.readouterr().out == document


def test_cli_writes_srx(tmp_path, document):
    out = tmp_path / "segmentation.srx"
    assert main(["srx", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == document


def test_cli_reports_a_missing_output_directory(tmp_path, capsys):
    assert main(["srx", "-o", str(tmp_path / "missing" / "x.srx")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "missing" in err

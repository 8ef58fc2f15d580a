"""TMX 1.4: DTD-valid, the header CAT tools need, props, notes, exact segs; translate-toolkit."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest
from lxml import etree

from tests import tm_fixture as fx
from tests.conftest import DATA
from tmbrief.core.model import TMHeader
from tmbrief.core.units import base_of
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.formats.tmx import creation_date, read

DTD = DATA / "tmx14.dtd"  # LISA OSCAR's, byte for byte (see tmx14.dtd.README.md)
DTD_SHA256 = "08449181cabc3ee37e2ced6958c4a58d3f708d087843e254fc413a2018e2e980"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def tmx_bytes() -> bytes:
    return write_bytes(FORMATS["tmx"], fx.all_units(), fx.HEADER)[0]


@pytest.fixture(scope="module")
def tree(tmx_bytes):
    return etree.fromstring(tmx_bytes)


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) not installed")
@pytest.mark.parametrize("kind", ["excerpt", "special characters"])
def test_valid_against_the_tmx14_dtd_without_warnings(tmp_path, kind):
    units = fx.all_units()
    if kind == "special characters":
        units = [replace(u, source=u.source + ' <&>"\t\x07', target="\r\n]]>") for u in units]
    path = tmp_path / "t.tmx"
    path.write_bytes(write_bytes(FORMATS["tmx"], units, fx.HEADER)[0])
    out = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--path", str(DTD.parent), "--dtdvalid", str(DTD)]
        + [str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # validity warnings (e.g. lang= on tuv) count as failures


def test_the_dtd_is_the_published_one():
    import hashlib

    assert hashlib.sha256(DTD.read_bytes()).hexdigest() == DTD_SHA256


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("creationtool", "tmbrief"),
        ("creationtoolversion", "0.1.0"),
        ("segtype", "sentence"),
        ("o-tmf", "tmbrief TM TSV"),
        ("adminlang", "en"),
        ("srclang", "zh-CN"),
        ("datatype", "plaintext"),
        ("creationdate", "20231220T000000Z"),
    ],
)
def test_header_attributes(tree, attribute, value):
    assert tree.find("header").get(attribute) == value


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        ("x-generator", "tmbrief 0.1.0"),
        ("x-document", "fuling-excerpt"),
        ("x-target-language", "en"),
        ("x-article-date", "2023-12-20"),
        ("x-setting-review_threshold", "0.5"),
        ("x-setting-aligner", "hand-made test fixture"),
    ],
)
def test_header_props_say_how_it_was_made(tree, prop, value):
    props = {p.get("type"): p.text for p in tree.find("header").findall("prop")}
    assert props[prop] == value


@pytest.mark.parametrize(
    ("date", "stamp"), [("2023-12-20", "20231220T000000Z"), ("2024-02-29", "20240229T000000Z")]
)
def test_creation_date_comes_from_the_article(date, stamp):
    assert creation_date(TMHeader("d", date=date)) == stamp
    assert creation_date(TMHeader("d")) == ""


def test_utf8_without_bom_and_declared(tmx_bytes):
    assert tmx_bytes.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx')


def test_every_unit_is_a_tu_with_a_unique_tuid_and_its_segtype(tree):
    tus = tree.find("body").findall("tu")
    assert [tu.get("tuid") for tu in tus] == [u.tuid for u in fx.all_units()]
    assert len({tu.get("tuid") for tu in tus}) == len(tus)
    assert [tu.get("segtype") for tu in tus] == [u.segtype for u in fx.all_units()]


def test_tuv_languages_and_exact_segs(tree):
    for tu, unit in zip(tree.find("body").findall("tu"), fx.all_units(), strict=True):
        tuvs = tu.findall("tuv")
        assert tuvs[0].get(XML_LANG) == "zh-CN"
        assert tuvs[0].find("seg").text == unit.source  # no white space added
        if unit.target:
            assert tuvs[1].get(XML_LANG) == "en" and tuvs[1].find("seg").text == unit.target
        else:  # OmegaT would insert an empty <seg> as an empty translation
            assert len(tuvs) == 1


def test_unit_props_and_notes(tree):
    tu = tree.find("body").findall("tu")[10]  # fuling-excerpt:10, with a 0-1 bead merged in
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props == {
        "x-document": "fuling-excerpt",
        "x-paragraph": "6",
        "x-bead": "10:10,11",
        "x-bead-type": "1-2",
        "x-confidence": "0.8600",
        "x-status": "needs-review",
        "x-source-offsets": "0-47",
        # what the TM held: the three-way import compares it (units.base_of)
        "x-base": base_of(fx.units()[10].target, "needs-review"),
        "x-origin": "aligned",  # made by the aligner, not a human edit
    }
    assert [n.text for n in tu.findall("note")] == list(fx.units()[10].notes)


def test_seg_white_space_and_markup_characters_are_kept_exactly(tmp_path):
    unit = replace(fx.units()[0], source="  甲 <b>&amp;\t乙 ", target="\r\nA ]]> B\n")
    path = tmp_path / "w.tmx"
    path.write_bytes(write_bytes(FORMATS["tmx"], [unit], fx.HEADER)[0])
    assert read(path)[1] == (unit,)
    assert b"<seg>  \xe7\x94\xb2 &lt;b&gt;&amp;amp;\t\xe4\xb9\x99 </seg>" in path.read_bytes()


def test_translate_toolkit_reads_source_and_target_of_every_unit(tmx_bytes, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    path = tmp_path / "t.tmx"
    path.write_bytes(tmx_bytes)
    store = tmx.tmxfile.parsefile(str(path))
    got = [(u.getid(), u.source, u.target or "") for u in store.units]
    assert got == [(u.tuid, u.source, u.target) for u in fx.all_units()]


def test_reads_a_foreign_tmx_with_defaults_and_inline_markup(tmp_path):
    path = tmp_path / "omegat.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="ZH-CN" creationtool="OmegaT"'
        ' creationtoolversion="3.6" segtype="sentence" o-tmf="x" adminlang="EN-US"'
        ' datatype="plaintext"/><body>'
        '<tu tuid="d:3"><tuv lang="zh-CN"><seg>甲<ph x="1">&lt;br/&gt;</ph>乙</seg></tuv>'
        '<tuv xml:lang="EN"><seg>A <hi>bold</hi> B</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    header, units = read(path)
    # The target language is the file's own (never a default): the <tuv xml:lang="EN">.
    assert (header.srclang, header.tgtlang, header.doc_id) == ("ZH-CN", "EN", "")
    u = units[0]
    assert (u.tuid, u.source, u.target, u.status) == ("d:3", "甲乙", "A bold B", "translated")


def foreign_tmx(tmp_path, *tuvs: str):
    """A TMX without our props: one <tu> per string of <tuv> elements."""
    body = "".join(f'<tu tuid="d:{n}">{tuv}</tu>' for n, tuv in enumerate(tuvs))
    path = tmp_path / "foreign.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" creationtool="x"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"'
        f' datatype="plaintext"/><body>{body}</body></tmx>',
        encoding="utf-8",
    )
    return path


ZH = '<tuv xml:lang="zh-CN"><seg>甲</seg></tuv>'
FOREIGN_TARGET_LANGUAGES = [
    ((ZH + '<tuv xml:lang="de"><seg>A</seg></tuv>',), "de"),
    ((ZH, ZH + '<tuv xml:lang="en-GB"><seg>A</seg></tuv>'), "en-GB"),  # first <tuv> with one
    ((ZH, ZH), ""),  # no target at all: none is assumed
]


@pytest.mark.parametrize(("tuvs", "tgtlang"), FOREIGN_TARGET_LANGUAGES)
def test_target_language_of_a_foreign_tmx_is_its_first_other_tuv(tmp_path, tuvs, tgtlang):
    header, _ = read(foreign_tmx(tmp_path, *tuvs))
    assert (header.srclang, header.tgtlang) == ("zh-CN", tgtlang)

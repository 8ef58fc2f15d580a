"""XLIFF 1.2: the article in order, a group per paragraph, states; translate-toolkit reads it."""

from __future__ import annotations

import pytest
from lxml import etree

from tests import tm_fixture as fx
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.formats.xliff import NS, STATES, read

Q = f"{{{NS}}}"


@pytest.fixture(scope="module")
def xliff_bytes() -> bytes:
    return write_bytes(FORMATS["xliff"], fx.all_units(), fx.HEADER)[0]


@pytest.fixture(scope="module")
def root(xliff_bytes):
    return etree.fromstring(xliff_bytes)


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("original", "fuling-excerpt"),
        ("source-language", "zh-CN"),
        ("target-language", "en"),
        ("datatype", "plaintext"),
        ("date", "2023-12-20T00:00:00Z"),
        ("tool-id", "tmbrief"),
    ],
)
def test_file_attributes(root, attribute, value):
    assert root.get("version") == "1.2"
    assert root.find(f"{Q}file").get(attribute) == value


def test_header_names_the_tool_version_and_settings(root):
    header = root.find(f"{Q}file/{Q}header")
    tool = header.find(f"{Q}tool")
    assert (tool.get("tool-name"), tool.get("tool-version")) == ("tmbrief", "0.1.0")
    assert "review_threshold=0.5" in header.find(f"{Q}note").text


def test_the_article_in_order_one_group_per_paragraph(root):
    groups = root.findall(f".//{Q}group")
    sentence = fx.units()
    paragraphs = sorted({u.paragraph for u in sentence})
    assert [g.get("id") for g in groups] == [f"p{p}" for p in paragraphs]
    ids = [tu.get("id") for g in groups for tu in g.findall(f"{Q}trans-unit")]
    assert ids == [u.tuid for u in sentence]


@pytest.mark.parametrize(
    ("tuid", "state"),
    [
        ("fuling-excerpt:0", "translated"),
        ("fuling-excerpt:10", "needs-review-translation"),
        ("fuling-excerpt:6", "new"),
    ],
)
def test_states(root, tuid, state):
    tu = next(t for t in root.iter(f"{Q}trans-unit") if t.get("id") == tuid)
    assert tu.find(f"{Q}target").get("state") == state
    assert STATES[next(u.status for u in fx.units() if u.tuid == tuid)] == state


def test_no_white_space_added_inside_a_trans_unit(xliff_bytes):
    for line in xliff_bytes.decode().splitlines():
        if "<trans-unit" in line:
            assert line.endswith("</trans-unit>") and "> <" not in line


def test_translate_toolkit_reads_every_unit(xliff_bytes, tmp_path):
    factory = pytest.importorskip("translate.storage.factory")
    path = tmp_path / "t.xlf"
    path.write_bytes(xliff_bytes)
    store = factory.getobject(str(path))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("zh-CN", "en")
    got = [(u.source, u.target or "", u.isfuzzy(), u.istranslated()) for u in store.units]
    assert got == [
        (u.source, u.target, u.status == "needs-review", u.status == "translated")
        for u in fx.units()
    ]


@pytest.mark.parametrize(
    ("unit_attrs", "target_attrs", "status"),
    [
        ("", 'state="translated"', "translated"),
        ("", 'state="final"', "translated"),
        ("", 'state="signed-off"', "translated"),
        ("", 'state="needs-review-translation"', "needs-review"),
        ("", 'state="needs-translation"', "needs-review"),
        ("", 'state="new"', "needs-review"),  # a target typed without changing the state
        ("", "", "translated"),  # no state: a target is a translation
        ('approved="no"', "", "needs-review"),  # no state, explicitly not approved
    ],
)
def test_states_read_back_as_statuses(tmp_path, unit_attrs, target_attrs, status):
    path = tmp_path / "s.xlf"
    path.write_text(
        f'<xliff version="1.2" xmlns="{NS}"><file original="d" source-language="zh-CN"'
        ' target-language="en" datatype="plaintext"><body>'
        f'<trans-unit id="d:0" {unit_attrs}><source>甲</source><target {target_attrs}>A</target>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    assert read(path)[1][0].status == status

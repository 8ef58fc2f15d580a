"""Composite units: CAT break rules (a test row per rule), paragraph and block units."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from tests import tm_fixture as fx
from tmbrief.core.model import Bead, Paragraph, Segment
from tmbrief.tm.composite import CAT_BREAKS, build_paragraph_units, is_break, refresh_composites
from tmbrief.tm.memory import build_units


def zh(i, p, start, text):
    return Segment(i, "zh-CN", p, start, start + len(text), text)


def en(i, p, text):
    return Segment(i, "en", p, 0, len(text), text)


def by_tuid(units):
    return {u.tuid: u for u in units}


@pytest.mark.parametrize("rule", CAT_BREAKS, ids=lambda r: r.name)
def test_each_break_rule_breaks_its_example(rule):
    before, after = rule.example
    assert rule.before.search(before) and rule.after.search(after)
    assert is_break(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("“一是做大产业集群;四是做好服务保障。”", " 刘忠从四个方面"),  # closing quote after 。
        ("做大做强?”", "现场观众向"),  # ASCII ? inside quotes, no space
        ("一是做大产业集群;", "二是做优企业矩阵"),  # semicolon
        ("实现工业总产值537.8", "亿元。"),  # ASCII . inside Chinese
        ("活动现场,", "涪陵区委"),  # comma
    ],
)
def test_no_break_where_cat_tools_do_not_split(before, after):
    assert not is_break(before, after)


def test_paragraph_units_for_multi_unit_paragraphs_only():
    comp = by_tuid(build_paragraph_units(fx.DOC_ID, fx.units(), fx.paragraphs()))
    paragraph_units = sorted(u.paragraph for u in comp.values() if u.segtype == "paragraph")
    assert paragraph_units == [2, 3, 4, 6, 7, 8, 10, 11]
    p2 = comp["fuling-excerpt:p2"]
    assert p2.source == fx.paragraphs()[2].text
    assert p2.target == " ".join(u.target for u in fx.units() if u.paragraph == 2)
    assert (p2.src_ids, p2.bead_type, p2.status) == ((2, 3), "2-3", "translated")


def test_paragraph_with_an_untranslated_sentence_has_no_target():
    p3 = by_tuid(build_paragraph_units(fx.DOC_ID, fx.units(), fx.paragraphs()))["fuling-excerpt:p3"]
    assert (p3.target, p3.status) == ("", "untranslated")


def test_block_unit_where_cat_tools_keep_sentences_together():
    comp = build_paragraph_units(fx.DOC_ID, fx.units(), fx.paragraphs())
    blocks = [u for u in comp if u.segtype == "block"]
    assert [(u.tuid, u.source) for u in blocks] == [
        (
            "fuling-excerpt:b12",
            "“涪陵作为全市首个材料产业产值超千亿的区县,下一步如何因势利导,"
            "把先进材料这个主导产业集群做大做强?”现场观众向涪陵区委副书记、区政府区长刘忠提问。",
        )
    ]
    assert blocks[0].target.startswith("“Fuling is the first") and blocks[0].target.endswith(
        "district mayor."
    )


def test_paragraph_whose_units_do_not_tile_it_gets_no_composites(caplog):
    units = build_units(
        "d",
        [zh(0, 0, 0, "甲。"), zh(1, 0, 2, "乙。")],
        [en(0, 0, "A."), en(1, 0, "B.")],
        [Bead((0,), (0,)), Bead((1,), (1,))],
        review_threshold=0.5,
    )
    with caplog.at_level(logging.WARNING):
        assert build_paragraph_units("d", units, [Paragraph(0, "body", "甲。乙。丙。")]) == ()
    assert "last text is in no unit" in caplog.text
    assert len(build_paragraph_units("d", units, [Paragraph(0, "body", "甲。乙。")])) == 1


def test_refresh_composites_follows_edited_sentences():
    units = list(fx.all_units())
    i = next(n for n, u in enumerate(units) if u.tuid == "fuling-excerpt:6")
    units[i] = replace(units[i], target="Wu Hui attended.", status="translated", tgt_ids=(99,))
    p3 = by_tuid(refresh_composites(units))["fuling-excerpt:p3"]
    assert p3.target.endswith("Fuling's advanced materials industry. Wu Hui attended.")
    assert p3.status == "translated" and p3.tgt_ids[-1] == 99

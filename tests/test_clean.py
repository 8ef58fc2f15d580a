"""The cleaner: each boilerplate rule, metadata, wrapping, duplicates, and the seed."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter

import pytest

from tests.conftest import ROOT, SEED_ID, SEED_ZH
from tmbrief.clean import meta_rules, rules
from tmbrief.clean.cleaner import clean, doc_id_of, join_lines, split_lines
from tmbrief.cli import main

TITLE = "发言人来了丨搭好“新”舞台 涪陵聚力打造2000亿级先进材料产业"
BODY = "先进材料是战略性、基础性产业,是制造业高质量发展的先导和基石。"


def fates(text: str) -> list[tuple[str, str]]:
    """(fate, reason) of every line of a small article."""
    return [(r.fate, r.reason) for r in clean(text, "t").provenance]


def article(*middle: str) -> str:
    return "\n".join([TITLE, "", BODY, "", *middle, "", "营商环境是企业生存发展的土壤。"]) + "\n"


@pytest.mark.parametrize("rule", rules.LINE_RULES, ids=lambda r: r.example[:12])
def test_each_boilerplate_rule_drops_its_example(rule):
    doc = clean(article(rule.example), "t")
    row = doc.provenance[4]
    assert (row.fate, row.reason) == ("dropped", rule.reason)
    assert rule.example not in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize(
    ("line", "reason", "values"), meta_rules.METADATA_EXAMPLES, ids=lambda v: str(v)[:16]
)
def test_each_metadata_example_is_read_and_dropped(line, reason, values):
    doc = clean(article(line), "t")
    assert (doc.provenance[4].fate, doc.provenance[4].reason) == ("dropped", reason)
    assert line not in [p.text for p in doc.paragraphs]
    for field, value in values.items():
        assert getattr(doc.meta, field) == value


@pytest.mark.parametrize(
    "words",
    [*rules.NAVIGATION_WORDS, *rules.SHARE_WORDS],
)
def test_navigation_and_share_words_alone_on_a_line_are_dropped(words):
    assert fates(article(words))[4][0] == "dropped"


@pytest.mark.parametrize(
    "line",
    [
        "我们在朋友圈分享了这篇文章。",  # a sentence that mentions sharing is text
        "关闭落后产能是重要任务。",
        "推荐阅读材料包括三本书。",
    ],
)
def test_body_sentences_that_mention_widget_words_are_kept(line):
    assert line in [p.text for p in clean(article(line), "t").paragraphs]


def test_byline_roles_and_photo_credit():
    byline = meta_rules.BYLINE_EXAMPLES[0]
    doc = clean(article(byline, "", TITLE + "1", meta_rules.PHOTO_CREDIT_EXAMPLE), "t")
    assert doc.meta.outlet == "华龙网"
    assert doc.meta.reporters == ("李黎",)
    assert doc.meta.interns == ("陈泓莹",)
    assert doc.meta.photographers == ("孙锋",)
    kinds = {p.text: p.kind for p in doc.paragraphs}
    assert kinds[meta_rules.PHOTO_CREDIT_EXAMPLE] == "caption"
    # the byline stays in the text, spaces the author typed included
    assert byline in kinds


RECORDED_ROLES = [r for r in meta_rules.ROLES if r.field]


@pytest.mark.parametrize("role", RECORDED_ROLES, ids=[r.word for r in RECORDED_ROLES])
def test_each_byline_role_reads_its_example(role):
    """Each role of a story's byline goes to its own field (通讯员 is not a reporter)."""
    name = role.example.removeprefix(role.word).strip(" :：")
    doc = clean(article(f"华龙网讯({role.word} {name})先进材料是战略性产业。"), "t")
    assert getattr(doc.meta, role.field) == (name,)
    assert doc.meta.outlet == "华龙网"
    others = {r.field for r in RECORDED_ROLES} - {role.field}
    assert all(getattr(doc.meta, f) == () for f in others)


def test_image_placeholder_is_dropped_and_next_line_is_a_caption():
    doc = clean(article(TITLE + "3", "活动现场。"), "t")
    assert ("dropped", "image-placeholder") == fates(article(TITLE + "3", "活动现场。"))[4]
    assert {p.text: p.kind for p in doc.paragraphs}["活动现场。"] == "caption"


def test_copyright_block_runs_to_the_end_of_its_block():
    text = article("版权声明:", "附:某报业集团14报1刊:某日报 某晚报")
    rows = fates(text)
    assert rows[4] == ("dropped", "boilerplate:copyright")
    assert rows[5] == ("dropped", "boilerplate:copyright")
    assert clean(text, "t").paragraphs[-1].text == "营商环境是企业生存发展的土壤。"


def test_wrapped_paragraph_is_joined_without_spaces_between_han():
    wrapped = (
        "涪陵区发挥能源、资源、产业、交通、区位、劳动力等优势，因地\n"
        "制宜，打造了多个承接产业转移的优秀平台。"
    )
    doc = clean(TITLE + "\n\n" + wrapped + "\n", "t")
    assert doc.paragraphs[1].text == wrapped.replace("\n", "")
    assert doc.paragraphs[1].lines == (3, 4)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["甲乙", "丙丁"], "甲乙丙丁"),
        (["the quick", "brown fox"], "the quick brown fox"),
        (["华龙网讯(记者 李黎", "实习生 陈泓莹)"], "华龙网讯(记者 李黎实习生 陈泓莹)"),
        (["人数达", "76户"], "人数达76户"),
    ],
)
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


def test_title_and_standfirst_are_not_joined_as_wrapped():
    doc = clean(TITLE + "\n" + BODY + "\n\n华龙网讯(记者 李黎)" + BODY + "再说一句。\n", "t")
    assert [p.kind for p in doc.paragraphs] == ["title", "standfirst", "body"]


def test_control_characters_are_removed_and_reported():
    doc = clean(TITLE + "\n\n先进\x07材料是\x1b产业。\n", "t")
    assert doc.paragraphs[1].text == "先进材料是产业。"
    assert doc.warnings == ("line 3: removed 2 control character(s)",)


def test_text_is_nfc_and_full_width_punctuation_is_kept():
    decomposed = unicodedata.normalize("NFD", "Café") + "（２０２３）。"
    doc = clean(TITLE + "\n\n" + decomposed + "\n", "t")
    assert doc.paragraphs[1].text == "Café（２０２３）。"


def test_split_lines_counts_like_an_editor():
    assert split_lines("a\nb") == ["a", "b"]
    assert split_lines("a\nb\n") == ["a", "b"]
    assert split_lines("a\n\nb\n\n") == ["a", "", "b", ""]


# --- the seed article ------------------------------------------------------


def test_seed_is_the_shared_scrape_byte_for_byte():
    digest = hashlib.sha256(SEED_ZH.read_bytes()).hexdigest()
    assert digest == "a63726cd4e77faa44ea54e575c2a34303b8a3766e619f31e422436a83b76ad55"


def test_seed_provenance_accounts_for_every_raw_line(seed_doc):
    raw_lines = SEED_ZH.read_bytes().decode().split("\n")
    assert len(raw_lines) == 132
    assert [r.line for r in seed_doc.provenance] == list(range(1, 133))
    assert all(r.fate in ("kept", "duplicate", "dropped") and r.reason for r in seed_doc.provenance)


def test_seed_has_one_copy_of_the_article_in_order(seed_doc):
    texts = [p.text for p in seed_doc.paragraphs]
    assert len(texts) == len(set(texts)) == 24
    kept_lines = [p.lines[0] for p in seed_doc.paragraphs]
    assert kept_lines == sorted(kept_lines) and max(kept_lines) < 60
    duplicates = [r for r in seed_doc.provenance if r.fate == "duplicate"]
    assert all(seed_doc.provenance[r.target - 1].fate == "kept" for r in duplicates)
    assert texts[-1].endswith("发展势头强劲。")


def test_seed_kinds(seed_doc):
    kinds = Counter(p.kind for p in seed_doc.paragraphs)
    assert kinds == {"title": 1, "standfirst": 1, "heading": 3, "caption": 3, "body": 16}
    headings = [p.text for p in seed_doc.paragraphs if p.kind == "heading"]
    assert headings[0] == "系统谋划 聚力发展先进材料产业集群"  # the author's space is kept


def test_seed_metadata(seed_doc):
    m = seed_doc.meta
    assert (m.outlet, m.date, m.time) == ("华龙网", "2023-12-20", "21:29:42")
    assert (m.reporters, m.interns, m.photographers, m.editors) == (
        ("李黎",),
        ("陈泓莹",),
        ("孙锋",),
        ("董霞",),
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (6, "metadata:source"),
        (12, "image-placeholder"),
        (57, "boilerplate:more-link"),
        (60, "navigation"),
        (64, "boilerplate:share"),
        (121, "boilerplate:app-notice"),
        (123, "metadata:editor"),
        (128, "boilerplate:copyright"),
        (132, "navigation"),
    ],
)
def test_seed_lines_are_dropped_for_the_right_reason(seed_doc, line, reason):
    row = seed_doc.provenance[line - 1]
    assert (row.fate, row.reason) == ("dropped", reason)


@pytest.mark.parametrize(
    ("path", "doc_id"),
    [
        ("seeds/fuling-materials-20231220.zh.txt", "fuling-materials-20231220"),
        ("seeds/report.v2.zh.txt", "report.v2"),  # dots inside an id are kept
        ("article.txt", "article"),
    ],
)
def test_doc_id_of_an_article_file(path, doc_id):
    assert doc_id_of(path) == doc_id


def test_cli_and_build_write_the_same_provenance_table(capsys):
    built = (ROOT / f"segments/{SEED_ID}.zh.provenance.tsv").read_text(encoding="utf-8")
    assert main(["clean", "--provenance", str(SEED_ZH)]) == 0
    assert capsys.readouterr().out == built

"""Families of page furniture, metadata lines and the title: each rule's example, by behaviour."""

from __future__ import annotations

import pytest

from tmbrief.clean import clean, furniture_reason, meta_rules, shape
from tmbrief.clean import furniture as fur
from tmbrief.clean.metadata import byline_roles, read_metadata_line

TITLE = "长江干流实现水上绿色综合服务区全覆盖"
BODY = "至此，水上绿色综合服务区已覆盖长江上、中、下游。"
LAST = "据介绍，服务区是为广大船舶、船员提供服务的重要设施。"


def article(*middle: str) -> str:
    """Title, a body paragraph, the lines under test (line 5 on), a last paragraph."""
    return "\n".join([TITLE, "", BODY, "", *middle, "", LAST]) + "\n"


def kept(text: str) -> list[str]:
    return [p.text for p in clean(text, "t").paragraphs]


@pytest.mark.parametrize("rule", fur.FAMILY_RULES, ids=lambda r: r.example[:14])
def test_each_family_drops_its_example(rule):
    assert furniture_reason(rule.example) == rule.reason
    doc = clean(article(rule.example), "t")
    assert (doc.provenance[4].fate, doc.provenance[4].reason) == ("dropped", rule.reason)
    assert [p.text for p in doc.paragraphs] == [TITLE, BODY, LAST]


@pytest.mark.parametrize("line", fur.WIDGET_EXAMPLES)
def test_widget_lines_are_dropped(line):
    assert furniture_reason(line) in ("boilerplate:widget", "boilerplate:share")
    assert kept(article(line)) == [TITLE, BODY, LAST]


def test_a_menu_is_dropped_by_its_shape():
    assert furniture_reason(shape.MENU_EXAMPLE) == "navigation"
    assert kept(article(shape.MENU_EXAMPLE)) == [TITLE, BODY, LAST]


@pytest.mark.parametrize(
    ("spaced", "squeezed"),
    [
        (
            "人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用",
            "人民网版权所有，未经书面授权禁止使用",
        ),
        ("要闻 深度 视频 财经", "要闻 深度 视频 财经"),  # words of a menu are not spaced-out text
        ("系统谋划 聚力发展先进材料产业集群", "系统谋划 聚力发展先进材料产业集群"),
    ],
)
def test_squeeze_spaced_out_text_only(spaced, squeezed):
    assert shape.squeeze(spaced) == squeezed


def test_headlines_under_a_related_header_are_dropped():
    block = ["推荐阅读", "长江经济带生态环境保护取得明显成效", "交通运输部：推动长江航运高质量发展"]
    doc = clean(article(*block), "t")
    assert [r.reason for r in doc.provenance[4:7]] == [
        "navigation",
        "boilerplate:related",
        "boilerplate:related",
    ]
    assert kept(article(*block)) == [TITLE, BODY, LAST]


@pytest.mark.parametrize(
    "line",
    [
        "我们在朋友圈分享了这篇文章。",  # a sentence that mentions sharing is text
        "记者扫码进入展馆后，看到了大湾区的最新科研成果。",
        "推荐阅读材料包括三本书。",
        "关闭落后产能是重要任务。",
        "客户端用户数量今年增长了三成，达到1.2亿。",
        "2021年12月11日，北京梦想冰球队在首钢园赢得比赛。",
        "系统谋划 聚力发展先进材料产业集群",  # a heading with a space
        "来源地为长江上游的货物占比超过四成，运输成本下降。",
    ],
)
def test_body_text_that_mentions_furniture_words_is_kept(line):
    assert line in kept(article(line))


def test_site_name_and_menus_above_the_headline_are_not_the_title():
    page = "\n".join(
        [
            fur.SITE_NAME_EXAMPLE,
            "首页 政务公开 政务服务 互动交流 走进云南 专题专栏",
            "客户端",
            TITLE,
            "2021-12-11 16:41:08 来源: 新华网",
            BODY,
        ]
    )
    doc = clean(page, "t")
    assert doc.meta.title == TITLE
    assert [r.reason for r in doc.provenance[:3]] == [
        "boilerplate:before-title",
        "navigation",
        "boilerplate:app-notice",
    ]


def test_the_title_is_the_headline_above_the_dateline_not_a_breadcrumb():
    page = "\n".join(["当前位置：首页 > 教育 > 正文", TITLE, "来源：新华网 2021-12-11", BODY])
    doc = clean(page, "t")
    assert doc.meta.title == TITLE
    assert doc.provenance[0].reason == "boilerplate:breadcrumb"


@pytest.mark.parametrize("date", meta_rules.DATE_EXAMPLES)
def test_date_formats(date):
    found = read_metadata_line(date)
    assert found is not None and found.values["date"][0].startswith(("2021-12-11", "2016-05-20"))


@pytest.mark.parametrize(
    ("byline", "roles"),
    [
        (meta_rules.BYLINE_EXAMPLES[0], {"reporters": ("李黎",), "interns": ("陈泓莹",)}),
        (meta_rules.BYLINE_EXAMPLES[1], {"reporters": ("王贤",)}),
        (
            meta_rules.BYLINE_EXAMPLES[2],
            {"reporters": ("龚柏威",), "correspondents": ("刘芳",)},
        ),
        (
            "新华社西宁12月11日电（记者骆晓飞、张宏祥）记者获悉。",
            {"reporters": ("骆晓飞", "张宏祥")},
        ),
        (
            "本报讯（特约记者 王晓 摄影 孙锋）昨日开幕。",
            {"special_correspondents": ("王晓",), "photographers": ("孙锋",)},
        ),
    ],
)
def test_byline_roles(byline, roles):
    inner = meta_rules.BYLINE.match(byline)["inner"]
    assert byline_roles(inner) == roles
    meta = clean(article(byline), "t").meta
    for field, names in roles.items():
        assert getattr(meta, field) == names


def test_a_correspondent_is_not_a_reporter():
    meta = clean(article("本报讯（通讯员 刘芳）会议召开。"), "t").meta
    assert (meta.reporters, meta.correspondents) == ((), ("刘芳",))


@pytest.mark.parametrize(
    "line",
    [
        "2021年12月11日，北京梦想冰球队在首钢园赢得比赛。",
        "记者从青海省农业农村厅获悉。",
        "来源地为长江上游的货物占比超过四成。",
    ],
)
def test_text_is_not_read_as_a_metadata_line(line):
    assert read_metadata_line(line) is None


# Furniture of sites none of the fixtures is from (government, business and
# overseas Chinese sites), each line with the reason it must get.
OTHER_SITES = [
    ("分享到： 微信 微信朋友圈 微博 QQ空间", "boilerplate:share"),
    ("【打印】 【关闭】", "boilerplate:widget"),
    ("打印本页 返回列表", "boilerplate:widget"),
    ("（来源：经济观察报）", "metadata:source"),
    ("发布时间：2021-12-10 来源：澳门特别行政区政府新闻局", "metadata:source"),
    ("编辑：王亮 审核：张三", "metadata:editor"),
    ("图片来源：视觉中国", "metadata:byline"),
    ("上一篇：澳门特区政府召开记者会", "boilerplate:related"),
    ("首页 > 正文", "boilerplate:breadcrumb"),
    ("文章排行", "boilerplate:related"),
    ("文章关键词：澳门 疫情", "boilerplate:tags"),
    ("新闻热线：(0731)84326110", "boilerplate:contact"),
    ("京公网安备 11010502030421号", "boilerplate:licence"),
    ("违法和不良信息举报电话：12377", "boilerplate:contact"),
    ("来源：国际时报 2021-12-09 | 阅读：2345", "metadata:source"),
    ("作者：王小明 | 来源：经济观察网 | 发布时间：2021-12-10", "metadata:byline"),
]


@pytest.mark.parametrize(("line", "reason"), OTHER_SITES, ids=[r[0][:10] for r in OTHER_SITES])
def test_furniture_of_other_sites(line, reason):
    doc = clean(article(line), "t")
    assert (doc.provenance[4].fate, doc.provenance[4].reason) == ("dropped", reason)
    assert [p.text for p in doc.paragraphs] == [TITLE, BODY, LAST]


def test_a_short_line_printed_three_times_is_furniture_but_not_the_title():
    tab = "专题回顾"
    page = "\n".join([TITLE, tab, BODY, "", tab, LAST, "", tab, TITLE, TITLE])
    doc = clean(page, "t")
    assert [p.text for p in doc.paragraphs] == [TITLE, BODY, LAST]
    assert [r.reason for r in doc.provenance if r.text == tab] == ["boilerplate:repeated"] * 3


def test_traditional_folding_example():
    assert fur.fold_traditional(fur.FOLD_EXAMPLE[0]) == fur.FOLD_EXAMPLE[1]


# A page in traditional Chinese (Macao, Hong Kong, Taiwan sites) meets the same families.
TRADITIONAL = [
    ("版 權 所 有 ，未 經 授 權 禁 止 轉 載", "boilerplate:copyright"),
    ("當前位置：首頁 > 新聞 > 正文", "boilerplate:breadcrumb"),
    ("字號：大 中 小", "boilerplate:widget"),
    ("列印 關閉", "boilerplate:widget"),
    ("相關新聞", "boilerplate:related"),
    ("掃一掃，用手機看新聞！", "boilerplate:share"),
    ("【責任編輯：陳小明】", "metadata:editor"),
    ("來源：澳門特別行政區政府新聞局 2021-12-10", "metadata:source"),
    ("發佈時間：2021-12-10 10:31", "metadata:dateline"),
]


@pytest.mark.parametrize(("line", "reason"), TRADITIONAL, ids=[r[0][:8] for r in TRADITIONAL])
def test_traditional_furniture(line, reason):
    doc = clean(article(line), "t")
    assert (doc.provenance[4].fate, doc.provenance[4].reason) == ("dropped", reason)


def test_traditional_metadata_keeps_the_names_as_printed():
    page = "\n".join(
        [
            "澳門特區政府公佈防疫措施",
            "來源：澳門政府新聞局 2021-12-10",
            "新華社澳門12月10日電（記者 劉剛 通訊員 陳明）澳門特區政府宣佈新措施。",
            "編輯：唐煜 責任編輯：劉亮",
        ]
    )
    meta = clean(page, "t").meta
    assert (meta.title, meta.outlet, meta.date) == (
        "澳門特區政府公佈防疫措施",
        "澳門政府新聞局",
        "2021-12-10",
    )
    assert (meta.reporters, meta.correspondents, meta.editors) == (
        ("劉剛",),
        ("陳明",),
        ("唐煜", "劉亮"),
    )

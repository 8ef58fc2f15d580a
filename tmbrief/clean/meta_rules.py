"""Metadata of any outlet: datelines, source lines, editor lines and bylines, as data.

A *metadata line* is a line made only of labelled fields (``来源：新华网``,
``责任编辑：刘阳``, ``作者：周帙恒``), dates and times (``2021-12-11 16:41:08``,
``2016年05月20日08:23``), widget words (``参与互动``, ``举报``, ``【纠错】``) and at most
one unlabelled name beside a date (``2021年12月11日 15:19 新华网``,
``最近更新 2021年12月9日 08:12美国之音中文网``): whatever the order, spacing or
separators. Anything else left over means the line is text, not metadata.

The byline that opens a story (``新华社武汉12月11日电（记者王贤）``,
``华龙网讯(记者 李黎 实习生 陈泓莹)``) is read for its roles, and stays in the text.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from tmbrief.clean.furniture import UNFOLD, with_traditional
from tmbrief.core import rx


class Role(NamedTuple):
    """A byline role: the word a page prints, the DocMeta field its names go to, an example."""

    word: str
    field: str | None  # None: a role we read past but do not record (校对, 图片编辑)
    example: str


# Longest first: 特约记者 before 记者, 责任编辑 before 编辑. A correspondent
# (通讯员, often a press officer of the body reported on) is not a reporter.
ROLES: tuple[Role, ...] = (
    Role("特约记者", "special_correspondents", "特约记者 王晓"),
    Role("摄影记者", "photographers", "摄影记者 孙锋"),
    Role("责任编辑", "editors", "责任编辑：刘阳"),
    Role("图片编辑", None, "图片编辑：蒋立冬"),
    Role("图片来源", None, "图片来源：视觉中国"),
    Role("通讯员", "correspondents", "通讯员 刘芳"),
    Role("实习生", "interns", "实习生 陈泓莹"),
    Role("记者", "reporters", "记者 李黎"),
    Role("摄影", "photographers", "摄影：孙锋"),
    Role("责编", "editors", "责编：张婷婷"),
    Role("编辑", "editors", "编辑：唐煜"),
    Role("校对", None, "校对：施鋆"),
    Role("审核", None, "审核：李明"),
    Role("审校", None, "审校：李明"),
    Role("监制", None, "监制：李明"),
    Role("撰稿", None, "撰稿：李明"),
)
# A page in traditional Chinese prints the same roles: 記者, 通訊員, 責任編輯.
ROLES += tuple(
    Role(r.word.translate(UNFOLD), r.field, r.example.translate(UNFOLD))
    for r in ROLES
    if r.word.translate(UNFOLD) != r.word
)
ROLE_WORDS = tuple(r.word for r in ROLES)
ROLE_FIELD = {r.word: r.field for r in ROLES}

# Words before a role that qualify it: 全媒体记者, 本报记者, 新华社记者, 见习记者.
ROLE_QUALIFIER = rx.compile(
    r"(?:全媒体|融媒体|本报|本台|本刊|本网|新华社|见习|首席|驻\p{Han}{1,4})$"
)

# Labels of source and time fields (the roles above are labels too).
SOURCE_LABELS = with_traditional(
    ("信息来源", "本文来源", "稿件来源", "文章来源", "新闻来源", "来源")
)
TIME_LABELS = with_traditional(
    ("发布时间", "发表时间", "更新时间", "最近更新", "发布日期", "时间", "日期", "发佈时间")
)
AUTHOR_LABELS = ("作者", "撰文")


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (特约记者 before 记者), escaped."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


LABEL = alternation(ROLE_WORDS + SOURCE_LABELS + TIME_LABELS + AUTHOR_LABELS)
# A labelled field: the label and a colon (a role may take a space instead),
# the value up to the next label, date or end of line.
_COLON_LABEL = alternation(SOURCE_LABELS + TIME_LABELS + AUTHOR_LABELS + ROLE_WORDS)
FIELD = rx.compile(
    rf"(?:(?P<label>{_COLON_LABEL})\s*[:：]|(?P<label>{alternation(ROLE_WORDS)})(?=\s))\s*"
    rf"(?P<value>.*?)\s*(?=(?:{LABEL})\s*[:：]|(?:{alternation(ROLE_WORDS)})\s|\d{{4}}\s*[-年/.]|$)"
)
# Time labels need no colon before a date: 最近更新 2021年12月9日.
TIME_LABEL = rx.compile(rf"(?:{alternation(TIME_LABELS)})\s*[:：]?")

DATE = rx.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>[01]?\d)\s*[-月/.]\s*(?P<d>[0-3]?\d)\s*日?"
)
TIME = rx.compile(r"(?<!\d)(?P<time>[0-2]?\d:[0-5]\d(?::[0-5]\d)?)(?!\d)")
DATE_EXAMPLES = ("2021-12-11 16:41:08", "2016年05月20日08:23", "2021/12/11")

# Leftovers allowed in a metadata line: brackets, separators, spaces.
FIELD_REST = rx.compile(r"^[\s|｜丨/\\·•\-_,，;；:：()（）\[\]【】]*$")
# An unlabelled outlet name beside a date: 2021年12月11日 15:19 新华网.
BARE_OUTLET = rx.compile(r"^[\s|｜丨/]*(?P<outlet>[\p{Han}A-Za-z·]{2,12})[\s|｜丨/]*$")
# Codes some CMSs append to an editor's name: 张玉 SN240, 钟齐鸣_NBJ11279.
EDITOR_CODE = rx.compile(r"[_\s]*[A-Z]{1,5}\d{2,}$")
NAME_SEPARATORS = rx.compile(r"[、，,;；/\s]+")
# Longest line read as a metadata line.
METADATA_MAX_CHARS = 100

# Metadata lines of common formats, each with its reason and what it gives.
METADATA_EXAMPLES: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("来源:华龙网2023-12-20", "metadata:source", {"outlet": "华龙网", "date": "2023-12-20"}),
    ("2023-12-20 21:29:42 来源:", "metadata:dateline", {"time": "21:29:42"}),
    ("[责任编辑: 董霞 ]", "metadata:editor", {"editors": ("董霞",)}),
    (
        "2021-12-12 09:34:15 来源：新华网",
        "metadata:dateline",
        {"outlet": "新华网", "date": "2021-12-12", "time": "09:34:15"},
    ),
    (
        "2013年03月17日 11:05 来源：人民网－人民日报",
        "metadata:dateline",
        {"outlet": "人民网－人民日报", "date": "2013-03-17", "time": "11:05"},
    ),
    (
        "最近更新 2021年12月9日 08:12美国之音中文网",
        "metadata:dateline",
        {"outlet": "美国之音中文网", "date": "2021-12-09", "time": "08:12"},
    ),
    ("2021年12月11日 15:19 新华网", "metadata:dateline", {"outlet": "新华网"}),
    ("2016-05-30 08:50:27　来源: 新华网举报", "metadata:dateline", {"outlet": "新华网"}),
    ("来源：新华社 | 2021年12月11日 21:27", "metadata:source", {"outlet": "新华社"}),
    ("（责编：张婷婷、熊旭）", "metadata:editor", {"editors": ("张婷婷", "熊旭")}),
    ("【纠错】 责任编辑： 刘阳", "metadata:editor", {"editors": ("刘阳",)}),
    ("编辑：唐煜 责任编辑：刘亮", "metadata:editor", {"editors": ("唐煜", "刘亮")}),
    ("责任编辑：张玉 SN240", "metadata:editor", {"editors": ("张玉",)}),
    ("本文来源：新华网 责任编辑：钟齐鸣_NBJ11279", "metadata:source", {"editors": ("钟齐鸣",)}),
    ("责任编辑：李跃群　图片编辑：蒋立冬", "metadata:editor", {"editors": ("李跃群",)}),
    (
        "作者：记者 周帙恒 通讯员 刘芳 实习生 陈思",
        "metadata:byline",
        {"reporters": ("周帙恒",), "correspondents": ("刘芳",), "interns": ("陈思",)},
    ),
    ("发布时间：2021-12-13 09:15    信息来源：新华网", "metadata:dateline", {"outlet": "新华网"}),
)

# The byline that opens a story: an outlet and 讯, or a dateline ending in 电,
# then the roles in brackets.
BYLINE = rx.compile(
    r"^(?P<prefix>[\p{Han}A-Za-z]{2,16}?(?P<date>\d{1,2}月\d{1,2}日)?)(?:讯|电|訊|電)\s*"
    r"[(（](?P<inner>[^)）]{2,60})[)）]"
)
BYLINE_EXAMPLES = (
    "华龙网讯(记者 李黎 实习生 陈泓莹)先进材料是战略性、基础性产业。",
    "新华社武汉12月11日电（记者王贤）重庆市涪陵水上绿色综合服务区10日如期建成投入运营。",
    "湖南日报12月10日讯（全媒体记者 龚柏威 通讯员 刘芳）9日，峰会在株洲开幕。",
)

# A photo credit ending a caption: 孙锋 摄, (孙锋 摄), 记者 孙锋 摄, 摄影:孙锋.
PHOTO_CREDIT = rx.compile(
    r"(?:[(（]?\s*(?:记者|通讯员)?\s*(?P<name>\p{Han}{2,4}(?:\s\p{Han}{2,4})*)\s*摄\s*[)）]?"
    r"|摄影\s*[:：]\s*(?P<name2>\p{Han}{2,4}))\s*$"
)
PHOTO_CREDIT_EXAMPLE = "发布活动现场。孙锋 摄"

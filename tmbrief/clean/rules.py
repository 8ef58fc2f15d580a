"""Rule tables for cleaning scraped Chinese news pages: data, one example per rule.

Each line rule is (reason, pattern, example). A rule matches a whole raw line
(after stripping surrounding whitespace); the first matching rule wins. The
reasons become the ``reason`` column of the provenance table. Every rule is
general to Chinese news sites, never a string special-cased to one article.

These are the first rules tried; the families of furniture of any site are in
:mod:`tmbrief.clean.furniture`, the metadata of any outlet in
:mod:`tmbrief.clean.meta_rules`.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from tmbrief.core import rx


class LineRule(NamedTuple):
    """One boilerplate rule: why a line is dropped, the pattern, and a line it drops."""

    reason: str
    pattern: regex.Pattern
    example: str


def _rule(reason: str, pattern: str, example: str) -> LineRule:
    return LineRule(reason, rx.compile(pattern), example)


# Words that, alone on a line, are page furniture: menus, widgets, share buttons.
NAVIGATION_WORDS = (
    "无障碍",
    "站内",
    "全网",
    "搜索",
    "首页",
    "返回首页",
    "返回顶部",
    "看天下",
    "精彩视频",
    "精彩推荐",
    "相关新闻",
    "热点新闻",
    "推荐阅读",
    "打印",
    "收藏",
    "关闭",
    "关闭窗口",
    "上一篇",
    "下一篇",
    "扫一扫",
    "登录",
    "注册",
)
SHARE_WORDS = (
    "分享",
    "分享到",
    "新浪微博",
    "微博",
    "微信",
    "微信好友",
    "朋友圈",
    "QQ空间",
    "QQ好友",
    "腾讯微博",
)

_BULLET = r"(?:[•·▪●◆■\-\*]\s*)?"

LINE_RULES: tuple[LineRule, ...] = (
    _rule(
        "navigation",
        r"^" + _BULLET + r"(?:" + "|".join(map(regex.escape, NAVIGATION_WORDS)) + r")$",
        "无障碍",
    ),
    _rule(
        "boilerplate:share",
        r"^" + _BULLET + r"(?:" + "|".join(map(regex.escape, SHARE_WORDS)) + r")[:：]?$",
        "新浪微博",
    ),
    # A menu: at least three `|`-separated groups of short words.
    _rule(
        "navigation",
        r"^[^|。！？!?，,]{1,20}(?:\s*\|\s*[^|。！？!?，,]{1,20}){2,}$",
        "推荐 | 要闻 重庆 两江评 | 区县 教育 文艺",
    ),
    _rule(
        "boilerplate:more-link",
        r"^(?:点击)?(?:了解|查看|阅读)(?:更多|全文|原文).*$",
        "点击了解更多>>>",
    ),
    _rule(
        "boilerplate:app-notice",
        r"^.*客户端.*(?:下载|升级|二维码|新版本).*$",
        "亲爱的用户,“重庆”客户端现已正式改版升级为“新重庆”客户端。请扫描上方二维码下载新版本。",
    ),
    _rule(
        "boilerplate:comment-policy",
        r"^.{0,10}(?:遵守|遵循).{0,12}(?:跟帖|评论|服务)(?:服务)?协议.*$",
        "发言请遵守新闻跟帖服务协议",
    ),
    _rule("boilerplate:copyright", r"^(?:版权声明|免责声明)\s*[:：]?.*$", "版权声明:"),
    _rule(
        "boilerplate:copyright",
        r"^\s*[①②③④⑤⑥⑦⑧⑨⑩].*(?:授权|版权|转载|来源).*$",
        "② 凡本网注明“来源:华龙网”的作品,系由本网自行采编,版权属华龙网。",
    ),
    _rule(
        "boilerplate:contact",
        r"^(?:联系方式|联系电话|咨询电话|举报电话|联系邮箱)\s*[:：].*$",
        "联系方式:重庆华龙网集团股份有限公司 咨询电话:60367951",
    ),
)

# A line of the trailing copyright block that names no right by itself
# (e.g. the list of the group's newspapers) is dropped while the block is open.
COPYRIGHT_BLOCK_REASON = "boilerplate:copyright"

# Where a sentence or clause ends: a line ending in one of these is complete,
# so the next line is not its wrapped continuation, and it is no heading.
LINE_END_PUNCTUATION = "。！？!?…；;，,：:”’」』）)"

# Headings are short lines without final punctuation.
HEADING_MAX_CHARS = 30

# A line is taken as hard-wrapped (joined to the next line) only when it is at
# least this share of the longest line of its block: wrapped lines fill the width.
WRAP_FILL_SHARE = 0.9

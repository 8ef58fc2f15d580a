"""Families of Chinese news-page furniture: rule tables as data, one example per rule.

A page's furniture is recognised by what it *is* (a breadcrumb, a font-size
widget, a share prompt, a copyright or licence line, a related-news header, an
app prompt), never by the strings of one site. Each :class:`FamilyRule` names its
family (the provenance ``reason``), a pattern searched in the line with the
spaces between Han characters squeezed out (``人 民 网 版 权 所 有`` reads as
``人民网版权所有``), the longest line it may take (furniture is short; a body
paragraph that mentions 微信 is not furniture), whether a line ending a
sentence (。！？) may still be taken, and an example line it drops.

Lines made only of widget and share words (``【字体：大 中 小】【打印此页】【关闭窗口】``,
``微博 微信 更多``, ``+1``, ``跟贴 0 参与 0``) are recognised by consuming them token
by token (:data:`WIDGET_TOKEN`, :data:`SHARE_TOKEN`); menus by their shape
(:func:`tmbrief.clean.shape.is_menu`).
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from tmbrief.core import rx

# Traditional characters of the furniture vocabulary and their simplified forms
# (pairs), so that a page in traditional Chinese (版權所有, 當前位置, 責任編輯) meets
# the same families. Folding is one character for one, so positions stay.
TRADITIONAL_PAIRS = (
    "權权當当號号關关閉闭責责編编輯辑來来記记發发佈布時时間间聞闻網网頁页導导覽览標标題题"
    "攝摄實实習习訊讯員员電电話话轉转載载複复製制掃扫維维碼码熱热點点擊击閱阅讀读薦荐備备"
    "許许證证歡欢訂订體体現现頂顶錄录註注冊册應应戶户開开啟启圖图視视頻频審审對对聲声觀观"
    "僅仅場场區区門门類类產产經经營营務务辦办聯联繫系傳传專专詳详錯错糾纠訪访問问設设隱隐"
    "條条歷历選选擇择單单範范圍围後后與与為为無无礙碍長长簡简贊赞評评論论參参動动個个萬万"
    "欄栏綜综報报衛卫聽听節节資资業业鏡镜違违擔担屬属歸归總总據据則则顯显識识監监紙纸團团"
    "將将會会這这們们還还須须請请風风義义"
)
FOLD = str.maketrans(TRADITIONAL_PAIRS[0::2], TRADITIONAL_PAIRS[1::2])
UNFOLD = str.maketrans(TRADITIONAL_PAIRS[1::2], TRADITIONAL_PAIRS[0::2])
FOLD_EXAMPLE = ("版權所有，未經授權禁止轉載", "版权所有，未经授权禁止转载")


def fold_traditional(text: str) -> str:
    """``text`` with the traditional characters of the furniture vocabulary simplified."""
    return text.translate(FOLD)


def with_traditional(words) -> tuple[str, ...]:
    """``words`` and their traditional spellings (责任编辑 -> 責任編輯), for labels and roles."""
    out = list(words)
    out += [w.translate(UNFOLD) for w in words if w.translate(UNFOLD) not in out]
    return tuple(out)


class FamilyRule(NamedTuple):
    """One family of furniture: why a line goes, how it is found, a line it drops."""

    reason: str
    pattern: regex.Pattern
    max_chars: int
    sentence_ok: bool  # may a line that ends a sentence (。！？) be taken?
    example: str


def _family(reason: str, pattern: str, max_chars: int, sentence_ok: bool, example: str):
    return FamilyRule(
        reason, rx.compile(pattern, regex.IGNORECASE), max_chars, sentence_ok, example
    )


# Separators of breadcrumbs: 首页 > 教育 > 正文, 人民网>>教育>>滚动, 首页 → 国际新闻.
BREADCRUMB_SEPARATORS = r"(?:>>|[>»→＞›]|&gt;)"

FAMILY_RULES: tuple[FamilyRule, ...] = (
    _family(
        "boilerplate:breadcrumb",
        r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|当前的位置|所在位置)\s*[:：]",
        120,
        False,
        "当前位置：首页 > 教育 > 正文",
    ),
    _family(
        "boilerplate:breadcrumb",
        r"^(?:[^>»→＞›。！？，,]{1,16}\s*" + BREADCRUMB_SEPARATORS + r"\s*){2,}"
        r"[^>»→＞›。！？，,]{0,16}$",
        120,
        False,
        "人民网>>教育>>滚动",
    ),
    _family(
        "boilerplate:breadcrumb",
        r"^(?:首页|主页|网站首页)\s*"
        + BREADCRUMB_SEPARATORS
        + r"|"
        + BREADCRUMB_SEPARATORS
        + r"\s*正文$",
        40,
        False,
        "首页 > 正文",
    ),
    _family(
        "boilerplate:original-title",
        r"^原标题\s*[:：]",
        200,
        True,
        "原标题：长江干流实现水上绿色综合服务区全覆盖",
    ),
    _family(
        "boilerplate:copyright",
        r"版权所有|版权归|版权声明|copyright|©|&copy;|all\s+rights\s+reserved"
        r"|未经.{0,12}(?:授权|许可|同意)|(?:不得|禁止|严禁)(?:转载|复制|使用)|转载请注明"
        r"|违者.{0,6}追究",
        160,
        True,
        "人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用",
    ),
    _family(
        "boilerplate:licence",
        r"ICP[备证]|公网安备|许可证\s*[:：]?\s*[\dA-Z]|许可证[（(]|网站标识码|经营许可证|备案号",
        160,
        True,
        "湘ICP备05002128号　互联网新闻信息服务许可证：43120170001",
    ),
    _family(
        "boilerplate:statement",
        r"(?:平台|免责|法律)声明|观点仅代表|仅代表作者|不代表.{0,12}(?:观点|立场)"
        r"|不表明.{0,8}立场|信息存储空间服务|仅供.{0,6}(?:参考|表达)",
        160,
        True,
        "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
    ),
    _family(
        "boilerplate:site-info",
        r"^(?:主办|承办|协办|主管|运营|制作单位|技术支持|网站地图|关于我们|联系我们)(?:单位)?\s*[:：|｜]",
        160,
        True,
        "主办：云南省人民政府办公厅  承办：云南省人民政府发展研究中心",
    ),
    _family(
        "boilerplate:contact",
        r"意见反馈|留言板|报料|爆料|举报电话|客服电话|服务热线|新闻热线|联系电话|投诉电话"
        r"|政府网站找错",
        80,
        True,
        "澎湃新闻报料：021-962866",
    ),
    _family(
        "boilerplate:share",
        r"^(?:分享到|分享至|分享给|分享让更多人|扫一扫|扫码|用微信扫描|转发到)",
        30,
        True,
        "扫一扫，用手机看新闻！",
    ),
    _family(
        "boilerplate:share",
        r"分享到|分享至|分享给|二维码|朋友圈|用微信扫描",
        60,
        False,
        "分享至好友和朋友圈",
    ),
    _family(
        "boilerplate:app-notice",
        r"客户端|公众号|官方微信|(?:打开|下载|安装).{0,8}(?:APP|新闻)|APP内|手机看新闻",
        40,
        False,
        "打开“央视新闻”客户端",
    ),
    _family(
        "boilerplate:related",
        r"^(?:相关|延伸|推荐|热点|热门|更多|精彩|最新|往期|今日|编辑)"
        r"(?:新闻|阅读|推荐|文章|稿件|排行|报道|视频|图片|专题|内容|资讯|链接)(?:[:：]|>>)?$"
        r"|^(?:阅读|查看)?[上下]一篇[:：]?$"
        r"|^(?:文章|新闻|阅读|点击|评论|人气|热门)?排行榜?$",
        12,
        False,
        "延伸阅读",
    ),
    _family(
        "boilerplate:related",
        r"^(?:上一篇|下一篇|上一条|下一条)\s*[:：]",
        60,
        True,
        "上一篇：澳门特区政府召开记者会",
    ),
    _family(
        "boilerplate:more-link",
        r"^(?:点击)?(?:了解|查看|阅读|进入)(?:更多|全文|原文)|更多精彩(?:内容)?请(?:进入|关注|点击)"
        r"|^返回\S{1,6}(?:首页|查看更多)|查看更多$|^展开全文$",
        40,
        False,
        "更多精彩内容请进入国际新闻频道",
    ),
    _family(
        "boilerplate:comment",
        r"网友评论|发表评论|我来说两句|条评论|跟帖|跟贴",
        40,
        True,
        "已有0条评论",
    ),
    _family(
        "boilerplate:tags",
        r"^(?:文章|新闻)?(?:标签|关键词|关键字|tags?)\s*[:：]|^(?:#[^#\s]{1,20}#?\s*)+$",
        80,
        False,
        "#奥密克戎",
    ),
    _family(
        "boilerplate:end-mark",
        r"^[（(]\s*完\s*[)）]$",
        5,
        True,
        "（完）",
    ),
)

# The families that, once a line of theirs is seen, open a block whose short
# non-sentence lines are the block's links (the headlines under 相关新闻).
BLOCK_OPENERS = ("boilerplate:related",)
# Longest line taken as a link of an open related block.
BLOCK_LINK_MAX_CHARS = 40

# Words of widgets and toolbars; a line made only of these (and brackets,
# separators, digits) is a widget line. 大 中 小 count only after 字号/字体.
WIDGET_WORDS = (
    "打印本页",
    "列印",
    "打印此页",
    "打印本文",
    "打印",
    "关闭窗口",
    "关闭本页",
    "关闭",
    "收藏本文",
    "收藏",
    "我要举报",
    "举报",
    "纠错",
    "返回顶部",
    "回到顶部",
    "返回首页",
    "返回列表",
    "返回上一页",
    "登录",
    "注册",
    "加载中",
    "点击加载更多",
    "加载更多",
    "查看更多",
    "展开全文",
    "阅读全文",
    "收起",
    "发贴",
    "发帖",
    "跟贴",
    "跟帖",
    "参与互动",
    "参与",
    "评论",
    "点赞",
    "赞",
    "我要投稿",
    "投稿",
    "阅读",
    "手机看",
    "手机版",
    "繁体",
    "简体",
    "长者模式",
    "无障碍",
    "English",
    "上一篇",
    "下一篇",
    "复制链接",
    "字号",
    "字体",
    "更多",
    "下载",
    "APP",
    "App",
    "订阅",
    "推荐",
    "正文",
)
SHARE_WORDS = (
    "分享到",
    "分享至",
    "分享",
    "新浪微博",
    "腾讯微博",
    "微博",
    "微信好友",
    "微信",
    "朋友圈",
    "QQ空间",
    "QQ好友",
    "QQ",
    "Facebook",
    "Twitter",
    "LinkedIn",
    "WhatsApp",
    "Telegram",
)


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


FONT_SIZE = r"(?:字号|字体)\s*[:：]?\s*(?:[大中小]\s*){2,3}"
WIDGET_TOKEN = rx.compile(FONT_SIZE + "|" + _alternation(WIDGET_WORDS), regex.IGNORECASE)
SHARE_TOKEN = rx.compile(_alternation(SHARE_WORDS), regex.IGNORECASE)
# What may remain of a widget line once its words are taken out.
WIDGET_REST = rx.compile(r"^[\s\p{P}\p{S}\p{N}]*$")
WIDGET_EXAMPLES = (
    "【字体：大 中 小】【打印此页】【关闭窗口】",
    "+1",
    "微博 微信 更多",
    "阅读 (1203)",
)
# Longest line read as a widget line.
WIDGET_MAX_CHARS = 40

# Short lines naming the site, printed above the headline: 新华网, 澎湃新闻.
SITE_NAME = rx.compile(
    r"^[\p{Han}A-Za-z·]{2,14}(?:网|网站|门户网站|新闻|日报|晚报|晨报|时报|在线|频道|客户端|报业|电视台)$"
)
SITE_NAME_EXAMPLE = "云南省人民政府门户网站"

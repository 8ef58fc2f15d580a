"""The shape of a line: spaced-out text, menus, widget lines, headlines, link lines."""

from __future__ import annotations

from tmbrief.clean import furniture as fur
from tmbrief.core import rx

SENTENCE_END = ("。", "！", "？", "!", "?", "…")

# Spaces inside Han text that page layout put there: 人 民 网 版 权 所 有.
_SPACED_HAN = rx.compile(r"(?<=[\p{Han}，。、：])[ \u3000\u00a0]+(?=[\p{Han}，。、：])")
_PUNCT_IN_TOKEN = rx.compile(r"[。，！？、；：,.!?;:“”\"‘’（）()]")
_HAN = rx.compile(r"\p{Han}")

# A menu: at least this many space-separated tokens, each short.
MENU_MIN_TOKENS = 5
MENU_MAX_TOKEN_CHARS = 6
MENU_MAX_MEAN_CHARS = 4.5
MENU_EXAMPLE = "新浪首页 新闻 体育 财经 娱乐 科技 博客 图片 专栏 更多"

# A short line printed this many times on one page is furniture (a menu, a tab bar).
REPEATED_MIN_COUNT = 3

# A headline: this many characters at most and Han characters at least.
HEADLINE_MAX_CHARS = 80
HEADLINE_MIN_HAN = 4


# Spaced-out text: at least this many tokens, and this share of them one character.
SPACED_MIN_TOKENS = 4
SPACED_SINGLE_SHARE = 0.6


def squeeze(text: str) -> str:
    """Spaced-out ``text`` with the spaces between Han characters removed.

    ``人 民 网 版 权 所 有`` -> ``人民网版权所有``; a menu of words (``要闻 深度 视频``) is
    not spaced-out text and is returned as it is.
    """
    tokens = text.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    if len(tokens) < SPACED_MIN_TOKENS or singles < SPACED_SINGLE_SHARE * len(tokens):
        return text
    return _SPACED_HAN.sub("", text)


def is_menu(text: str) -> bool:
    """A line of short space-separated words without punctuation: a menu or a tab bar."""
    tokens = text.split()
    return (
        len(tokens) >= MENU_MIN_TOKENS
        and all(len(t) <= MENU_MAX_TOKEN_CHARS for t in tokens)
        and sum(map(len, tokens)) / len(tokens) <= MENU_MAX_MEAN_CHARS
        and not any(_PUNCT_IN_TOKEN.search(t) for t in tokens)
    )


def widget_reason(text: str) -> str | None:
    """``boilerplate:share`` or ``boilerplate:widget`` for a line made only of such words."""
    if not text or len(text) > fur.WIDGET_MAX_CHARS:
        return None
    no_share = fur.SHARE_TOKEN.sub(" ", text)
    if fur.WIDGET_REST.match(no_share):
        return "boilerplate:share" if no_share != text else "boilerplate:widget"
    if fur.WIDGET_REST.match(fur.WIDGET_TOKEN.sub(" ", no_share)):
        return "boilerplate:widget"
    return None


def is_headline(text: str) -> bool:
    """Could ``text`` be the headline: short, no full stop at its end, not a site name."""
    return (
        len(text) <= HEADLINE_MAX_CHARS
        and len(_HAN.findall(text)) >= HEADLINE_MIN_HAN
        and not text.endswith("。")
        and not fur.SITE_NAME.match(text)
    )


def is_link_line(text: str) -> bool:
    """A line that can be a headline link in a related block: short, not ending a sentence."""
    return bool(text) and len(text) <= fur.BLOCK_LINK_MAX_CHARS and not text.endswith(SENTENCE_END)


def opens_block(text: str) -> bool:
    """Is ``text`` the header of a related-content block (相关新闻, 推荐阅读, 延伸阅读 …)?"""
    folded = fur.fold_traditional(text)
    return any(r.reason in fur.BLOCK_OPENERS and r.pattern.search(folded) for r in fur.FAMILY_RULES)

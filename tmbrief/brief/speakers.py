"""Who spoke: the persons an article names as the source of a quotation or reported speech.

A speaker is a person *mention* followed, in the same clause, by a speech verb
(刘忠表示, 赵宇空在发布会上说, 据卫生部长凯莱什·贾古特帕尔介绍) or by a colon and a quotation
(田霏宇说：“…”); a clause opening with 他/她 and a speech verb credits the person
last named in the paragraph. Mentions come from word boundaries, never from
substrings: jieba's person tags (runs of them, ``·`` names joined), the span after
a post (主席克韦西奇, 大使季平), the glossary's persons, and names found so elsewhere in
the article. A mention in a clause that addresses someone (现场观众向区长刘忠提问) is the
one spoken to, not the speaker.

Each speaker's words are their quotation trimmed to the quoted span of the
English (the “…” of the translation), else the English sentence that reports
them; the post is the article's own (the words before the name), in English
from the glossary or from the translation ("Fu Yun, member of …").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from tmbrief.brief.model import Name, Passage, Quote, Speaker, quotable
from tmbrief.brief.names import PERSON, person_name
from tmbrief.brief.rules import (
    ADDRESSEE_MARKERS,
    COMMON_SURNAMES,
    EN_POST,
    EN_SPEECH,
    NAME_MAX_CHARS,
    PLAIN_NAME_CHARS,
    POST_ENDINGS,
    PRONOUNS,
    QUOTE_MIN_CHARS,
    SPEECH_VERBS,
    SPEECH_WINDOW,
)
from tmbrief.brief.text import tagged
from tmbrief.core import rx
from tmbrief.core.langs import TGT_LANG
from tmbrief.core.model import Unit
from tmbrief.segment.splitter import split_sentences

NAME_FLAGS = frozenset({"nr", "nrt", "nrfg"})
# Flags of words a name ends before: verbs, prepositions, time, numbers, adverbs...
STOP_FLAGS = frozenset({"v", "vn", "p", "t", "m", "d", "c", "u", "uj", "ul", "f", "r", "x", "q"})
# A post may hold verbs (发展改革委党委书记); it stops at these.
POST_STOP_FLAGS = frozenset({"p", "t", "m", "d", "c", "u", "uj", "ul", "f", "r", "x", "q"})
_VERBS = frozenset(v.value for v in SPEECH_VERBS)
_POSTS = tuple(sorted((p.value for p in POST_ENDINGS), key=len, reverse=True))
_ADDRESSEE = frozenset(a.value for a in ADDRESSEE_MARKERS)
_PRONOUNS = frozenset(p.value for p in PRONOUNS)
_SURNAMES = frozenset(COMMON_SURNAMES)
# Clause breaks: quotation marks are not (a clause may quote a term: 在“六一”通气会上说).
_BREAK = rx.compile(r"[，,；;。！？!?：:()（）]")
_DOTTED = rx.compile(r"\p{Han}+(?:\s*[·•・‧]\s*\p{Han}+)+")
_DOT = rx.compile(r"[·•・‧]")
_HAN_NAME = rx.compile(r"[\p{Han}·•・‧]+")
_SENTENCE_STOP = rx.compile(r"[。！？!?]")
_QUOTE_ZH = rx.compile(r"“[^”]+”|「[^」]+」|\"[^\"]+\"")
_QUOTE_EN = rx.compile(r"“[^”]+”|\"[^\"]+\"")
_OPEN_QUOTE = '“「"'


@dataclass(frozen=True)
class Token:
    word: str
    flag: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A person named in a paragraph: characters [start, end) of its Chinese."""

    zh: str
    start: int
    end: int
    post_zh: str = ""


def tokens(text: str) -> list[Token]:
    """jieba's words of ``text`` with their flags and offsets."""
    out, at = [], 0
    for word, flag in tagged(text):
        out.append(Token(word, flag, at, at + len(word)))
        at += len(word)
    return out


def is_post(word: str) -> bool:
    """A title such as 副局长, 卫生部长, 首席执行官 (ends with a post of POST_ENDINGS)."""
    return word.endswith(_POSTS)


def _is_break(tok: Token) -> bool:
    return bool(_BREAK.fullmatch(tok.word[:1])) if tok.flag == "x" else False


def _name_run(toks: Sequence[Token], i: int) -> int:
    """Index after the name starting at token ``i``: name parts, ``·`` joins, not stops."""
    j = i + 1
    while j < len(toks):
        t = toks[j]
        if _DOT.fullmatch(t.word) and j + 1 < len(toks) and toks[j + 1].flag != "x":
            j += 2
            continue
        dotted = any(_DOT.fullmatch(toks[k].word) for k in range(i, j))
        if t.flag in NAME_FLAGS or (dotted and t.flag not in STOP_FLAGS and t.word not in _VERBS):
            if is_post(t.word):
                break
            j += 1
            continue
        break
    return j


def _plausible(toks: Sequence[Token]) -> bool:
    """Whether tokens after a post read as a name (not 网站, 团队...)."""
    text = "".join(t.word for t in toks)
    if not text or len(text) > NAME_MAX_CHARS or not _HAN_NAME.fullmatch(text):
        return False
    if any(_DOT.fullmatch(t.word) for t in toks) or all(t.flag in NAME_FLAGS for t in toks):
        return True
    if all(t.flag in NAME_FLAGS | {"ns", "nz"} for t in toks) and len(text) >= 3:
        return True  # a transliterated name jieba takes for a place (巴克利)
    low, high = PLAIN_NAME_CHARS
    return low <= len(text) <= high and text[0] in _SURNAMES and len(toks) <= 2


def _post_before(text: str, toks: Sequence[Token], i: int) -> str:
    """The post written right before token ``i`` (波黑奥委会主席), if the words there end in one."""
    j = i
    while j > 0:
        t = toks[j - 1]
        if t.word == "、" or (t.flag not in POST_STOP_FLAGS and not _is_break(t)):
            j -= 1
            continue
        break
    post = text[toks[j].start : toks[i].start] if j < i else ""
    return post if post and is_post(post) else ""


def mentions(text: str, known: Iterable[str] = ()) -> list[Mention]:
    """Person names in ``text`` at word boundaries, in order (see the module docstring)."""
    toks = tokens(text)
    found: dict[int, Mention] = {}
    for m in _DOTTED.finditer(text):
        mention = _dotted(text, toks, m.start(), m.end())
        if mention:
            found[mention.start] = mention
    taken = [(f.start, f.end) for f in found.values()]
    i = 0
    while i < len(toks):
        t = toks[i]
        if any(a <= t.start < b for a, b in taken):
            i += 1
            continue
        if t.flag in NAME_FLAGS and len(t.word) >= 2 and not is_post(t.word):
            j = _name_run(toks, i)
            zh = text[t.start : toks[j - 1].end]
            if len(zh) <= NAME_MAX_CHARS:
                post = _post_before(text, toks, i)
                if not post and j < len(toks) and is_post(toks[j].word):
                    post = toks[j].word  # 范明正总理
                found[t.start] = Mention(zh, t.start, toks[j - 1].end, post)
            i = j
            continue
        if is_post(t.word) and i + 1 < len(toks) and toks[i + 1].start not in found:
            j = i + 1
            while j < len(toks) and (
                (toks[j].flag not in STOP_FLAGS and not is_post(toks[j].word))
                or (_DOT.fullmatch(toks[j].word) and j + 1 < len(toks))
            ):
                j += 1
            span = toks[i + 1 : j]
            if _plausible(span):
                start = span[0].start
                found[start] = Mention(
                    text[start : span[-1].end], start, span[-1].end, _post_before(text, toks, i + 1)
                )
                i = j
                continue
        i += 1
    bounds = {t.start for t in toks} | {len(text)}
    for name in sorted(set(known), key=len, reverse=True):
        for m in regex.finditer(regex.escape(name), text):
            s, e = m.start(), m.end()
            if (
                s in bounds
                and e in bounds
                and not any(s < f.end and e > f.start for f in found.values())
            ):
                k = next(k for k, t in enumerate(toks) if t.start == s)
                found[s] = Mention(name, s, e, _post_before(text, toks, k))
    return [found[k] for k in sorted(found)]


def _dotted(text: str, toks: Sequence[Token], start: int, end: int) -> Mention | None:
    """A ``·`` name (凯莱什·贾古特帕尔), without the post before it or the verb after."""
    inside = [k for k, t in enumerate(toks) if t.end > start and t.start < end]
    if not inside:
        return None
    first_dot = next((k for k in inside if _DOT.search(toks[k].word)), inside[0])
    left = inside[0]
    for k in inside:
        if k >= first_dot:
            break
        if is_post(toks[k].word) or toks[k].flag in ("p", "v", "m", "t"):
            left = k + 1
    last_dot = (
        max(k for k in inside if _DOT.search(toks[k].word))
        if any(_DOT.search(toks[k].word) for k in inside)
        else inside[-1]
    )
    right = last_dot + 1
    while right <= inside[-1] and (
        toks[right].flag not in STOP_FLAGS
        and toks[right].word not in _VERBS
        and not is_post(toks[right].word)
    ):
        right += 1
    if left >= right:
        return None
    s, e = max(toks[left].start, start), min(toks[right - 1].end, end)
    name = text[s:e].strip()
    if not name or len(name) > NAME_MAX_CHARS + 4 or not _DOT.search(name):
        return None
    return Mention(name, s, e, _post_before(text, toks, left))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _BREAK.finditer(text, 0, start):
        left = m.end()
    m = _BREAK.search(text, end)
    return left, (m.start() if m else len(text))


def _speech_after(text: str, toks: Sequence[Token], mention: Mention, others) -> int | None:
    """End offset of the speech verb (or colon) crediting ``mention``, if its clause has one."""
    left, right = _clause(text, mention.start, mention.end)
    before = [t for t in toks if left <= t.start < mention.start]
    if any(t.word in _ADDRESSEE for t in before):
        return None
    stop = min([right, mention.end + SPEECH_WINDOW] + [o.start for o in others])
    for k, t in enumerate(toks):
        if mention.end <= t.start < stop and t.word in _VERBS:
            if _own_subject(toks, k, mention.end):
                return None
            return t.end
    colon = regex.match(r"\s*[：:]\s*([“「\"])", text[right:]) if right < len(text) else None
    if colon and right - mention.end <= 4:
        return right
    return None


def _own_subject(toks: Sequence[Token], verb: int, after: int) -> bool:
    """Whether the verb at ``verb`` has a subject of its own after the name: a noun
    phrase with 的 (……峰会中国外交部的声明称: the statement says, not the name)."""
    k = verb - 1
    while k >= 0 and toks[k].flag == "d":
        k -= 1
    return (
        k >= 1
        and toks[k].start >= after
        and toks[k].flag.startswith("n")
        and toks[k - 1].flag == "uj"
    )


def _pronoun_speeches(text: str, toks: Sequence[Token]) -> list[tuple[int, int]]:
    """(pronoun offset, verb end) of clauses 他指出 / 她表示."""
    out = []
    for k, t in enumerate(toks):
        if t.word in _PRONOUNS and (k == 0 or _is_break(toks[k - 1])):
            _, right = _clause(text, t.start, t.end)
            for u in toks[k + 1 :]:
                if u.start >= min(right, t.end + SPEECH_WINDOW):
                    break
                if u.word in _VERBS:
                    out.append((t.start, u.end))
                    break
    return out


def _quote_span(text: str, at: int, verb_end: int) -> tuple[int, int]:
    """The Chinese the speech covers: the quotation right after the verb or right before
    the name, else the rest of the sentence after the verb."""
    quotes = [(m.start(), m.end()) for m in _QUOTE_ZH.finditer(text)]
    quotes = [q for q in quotes if q[1] - q[0] - 2 >= QUOTE_MIN_CHARS]
    for q in quotes:
        if verb_end <= q[0] and not _SENTENCE_STOP.search(text[verb_end : q[0]]):
            return q
    for q in reversed(quotes):
        if q[1] <= at and not _SENTENCE_STOP.search(text[q[1] : at]):
            return q
    m = _SENTENCE_STOP.search(text, verb_end)
    return (at, m.end() if m else len(text))


def _english_words(units: Sequence[Unit], name: Name, quoted: bool, zh_chars: int = 0) -> str:
    """The speaker's words in the English of ``units``: the quoted span when the Chinese
    quotes them (``quoted``), else the sentence that reports them.

    An English quotation shorter than the Chinese one it stands for (``zh_chars``
    characters; English runs two to three times longer) is a quoted term inside
    reported speech (“sci-tech innovation+”), not the quotation.
    """
    en = " ".join(u.target for u in units)
    if quoted:
        quotes = [
            m.group()
            for m in _QUOTE_EN.finditer(en)
            if len(m.group()) - 2 >= max(QUOTE_MIN_CHARS, zh_chars)
        ]
        if quotes:
            return max(quotes, key=len)
    sentences = [en[s:e] for s, e in split_sentences(en, TGT_LANG)]
    surname = name.en.split()[0] if name.en else ""

    def rank(s: str) -> tuple[bool, bool]:
        named = bool(surname) and bool(regex.search(rf"\b{regex.escape(surname)}\b", s))
        return (named, bool(EN_SPEECH.search(s)))

    return max(sentences, key=rank, default="")


def _english_post(units: Sequence[Unit], name: Name) -> str:
    """ "member of the Standing Committee …" after "Fu Yun, " in the translation."""
    if not name.en:
        return ""
    for u in units:
        m = regex.search(
            rf"\b{regex.escape(name.en)},\s+((?:the\s+)?[^,;.()“”\"]{{3,120}}?)(?=[,;.]|\s+said)",
            u.target,
        )
        if m and EN_POST.search(m.group(1)):
            return m.group(1)
    return ""


_EN_NAME = r"\p{Lu}[\p{Ll}'’-]+(?:\s\p{Lu}[\p{Ll}'’-]+){0,2}"
_APPOSITIVE = rx.compile(rf"({_EN_NAME}),\s+(?:the\s+)?([^,;.()]{{3,80}})")
_TITLED = rx.compile(
    rf"\b(?:President|Minister|Premier|Chairman|Director|Ambassador|CEO|"
    rf"Chancellor|Secretary|Governor|Mayor|Professor|Curator)\s+({_EN_NAME})"
)


def chinese_looking(zh: str) -> bool:
    """A name of two or three characters starting with a common Chinese surname."""
    return len(zh) in (2, 3, 4) and zh[0] in _SURNAMES and not _DOT.search(zh)


def _translation_spelling(units: Sequence[Unit], pinyin: str) -> str:
    """The translation's spelling of a transliterated name (Kvesic for 克韦西奇): the one
    name the English of ``units`` writes with a post ("Kvesic, president of …",
    "President Raisi"), when it does not write the pinyin; else ""."""
    en = " ".join(u.target for u in units)
    if pinyin in en:
        return ""
    found = {m.group(1) for m in _APPOSITIVE.finditer(en) if EN_POST.search(m.group(2))}
    found |= {m.group(1) for m in _TITLED.finditer(en)}
    found = {f for f in found if not EN_POST.search(f)}
    return found.pop() if len(found) == 1 else ""


def _paragraphs(body: Sequence[Passage]) -> list[list[Unit]]:
    by_paragraph: dict[int, list[Unit]] = {}
    for p in body:
        by_paragraph.setdefault(p.paragraph, []).extend(p.units)
    return [by_paragraph[k] for k in sorted(by_paragraph)]


def speakers(body: Sequence[Passage], glossary: Sequence) -> tuple[Speaker, ...]:
    """Everyone the body names as a source of speech, in order of first speech.

    Each :class:`Speaker` carries every quote found for them (translated units
    only) in ``quotes``, the first in ``text`` and ``tuids``.
    """
    paragraphs = _paragraphs(body)
    texts = ["".join(u.source for u in units) for units in paragraphs]
    persons = {t.zh for t in glossary if t.kind == PERSON and t.zh}
    known = set(persons)
    for text in texts:
        known |= {m.zh for m in mentions(text, persons)}
    order: list[str] = []
    posts: dict[str, str] = {}
    quotes: dict[str, list[Quote]] = {}
    units_of: dict[str, list[Unit]] = {}
    for units, text in zip(paragraphs, texts, strict=True):
        spans, at = [], 0
        for u in units:
            spans.append((at, at + len(u.source)))
            at += len(u.source)
        toks = tokens(text)
        found = mentions(text, known)
        credited: list[tuple[Mention, int]] = []
        for k, m in enumerate(found):
            verb_end = _speech_after(text, toks, m, found[k + 1 :])
            if verb_end is not None:
                credited.append((m, verb_end))
        for at_pronoun, verb_end in _pronoun_speeches(text, toks):
            earlier = [m for m in found if m.end <= at_pronoun]
            if earlier:
                m = earlier[-1]
                credited.append((Mention(m.zh, at_pronoun, at_pronoun, m.post_zh), verb_end))
        for m, verb_end in sorted(credited, key=lambda c: c[0].start):
            if m.zh not in quotes:
                order.append(m.zh)
                quotes[m.zh] = []
                units_of[m.zh] = []
            if m.post_zh and not posts.get(m.zh):
                posts[m.zh] = m.post_zh
            q0, q1 = _quote_span(text, m.start, verb_end)
            cover = [u for u, (s, e) in zip(units, spans, strict=True) if s < q1 and e > q0]
            units_of[m.zh].extend(units)
            if cover and all(quotable(u) for u in cover):
                quoted = text[q0] in _OPEN_QUOTE
                quotes[m.zh].append(
                    Quote("", tuple(u.tuid for u in cover), tuple(cover), quoted, q1 - q0 - 2)
                )
    out = []
    for zh in order:
        name = person_name(zh, glossary, posts.get(zh, ""))
        if name.en and not name.title and not chinese_looking(zh):
            own = _translation_spelling(units_of[zh], name.en)
            name = Name(own or name.en, zh, "", name.title_zh)
        if not name.title:
            name = Name(name.en, name.zh, _english_post(units_of[zh], name), name.title_zh)
        found_quotes = tuple(
            Quote(_english_words(q.units, name, q.quoted, q.zh_chars), q.tuids) for q in quotes[zh]
        )
        found_quotes = tuple(q for q in found_quotes if q.text)
        first = found_quotes[0] if found_quotes else Quote("", ())
        out.append(Speaker(name, first.text, first.tuids, quotes=found_quotes))
    return tuple(out)

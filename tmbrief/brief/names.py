"""Names in English: the glossary first, else Hanyu Pinyin in the seed's house style.

The seed's translation writes Chinese person names surname first, given name
joined and capitalised once (李建国 -> Li Jianguo, 陈泓莹 -> Chen Hongying), without
tone marks, ü kept (吕 -> Lü), and an apostrophe where a syllable starting with a,
o or e follows another (建安 -> Jian'an), as the pinyin orthography rules ask
(GB/T 16159). Surnames have their own readings (单 Shan, 曾 Zeng, 解 Xie, 区 Ou: see
:data:`tmbrief.brief.rules.SURNAME_READINGS`) and compound surnames stay one word
(欧阳 Ouyang). Names transliterated from other languages (巴克利, 凯莱什·贾古特帕尔) are
romanised syllable by syllable too, each part of a ``·`` name capitalised: the
pinyin is an English-letter form a reader can say, not the person's own spelling.
Outlets and organisations the glossary lacks are romanised the same way, with
the English of a known suffix (新华网 -> Xinhua Net).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from tmbrief.brief.model import Name
from tmbrief.brief.pinyin import lazy_pinyin
from tmbrief.brief.rules import COMPOUND_SURNAMES, ORG_SUFFIXES, SURNAME_READINGS
from tmbrief.core import rx

PERSON = "person"
_HAN = rx.compile(r"\p{Han}")
_INITIAL_VOWEL = rx.compile(r"^[aoe]")
_NAME_SEPARATORS = rx.compile(r"\s*[·•・‧]\s*")


def syllables(text: str) -> list[str]:
    """Toneless pinyin syllables of ``text`` (ü kept), one per Han character (pypinyin)."""
    return [s for s in lazy_pinyin(text) if s.strip()]


def join_syllables(parts: Sequence[str]) -> str:
    """Syllables as one word, an apostrophe before a syllable starting with a, o, e."""
    out = ""
    for k, s in enumerate(parts):
        out += ("'" if k and _INITIAL_VOWEL.match(s) else "") + s
    return out


def surname_of(zh: str) -> str:
    """The surname of a Chinese name: a compound surname (欧阳) or its first character."""
    for compound in COMPOUND_SURNAMES:
        if zh.startswith(compound.value) and len(zh) > len(compound.value):
            return compound.value
    return zh[:1]


def _surname_pinyin(surname: str) -> str:
    readings = {e.value: e.reading for e in SURNAME_READINGS}
    compounds = {e.value: e.reading for e in COMPOUND_SURNAMES}
    if surname in compounds:
        return compounds[surname]
    if surname in readings:
        return readings[surname]
    return join_syllables(syllables(surname)).capitalize()


def romanize_person(zh: str) -> str:
    """Hanyu Pinyin of a person's name in house style: 李建国 -> Li Jianguo.

    A name of several parts (凯莱什·贾古特帕尔) gives each part capitalised;
    a name without Han characters is returned as it is.
    """
    zh = zh.strip()
    if not _HAN.search(zh):
        return zh
    parts = [p for p in _NAME_SEPARATORS.split(zh) if p]
    if len(parts) > 1:
        return " ".join(join_syllables(syllables(p)).capitalize() for p in parts)
    surname = surname_of(zh)
    given = zh[len(surname) :]
    if not given:
        return _surname_pinyin(surname)
    return f"{_surname_pinyin(surname)} {join_syllables(syllables(given)).capitalize()}"


def romanize_org(zh: str) -> str:
    """An outlet or organisation the glossary lacks: pinyin of the stem + English suffix.

    新华网 -> Xinhua Net, 湖南日报 -> Hunan Daily; a name without a known suffix is
    one capitalised word per run of Han characters.
    """
    zh = zh.strip()
    for suffix in ORG_SUFFIXES:
        if zh.endswith(suffix.value) and len(zh) > len(suffix.value):
            stem = zh[: -len(suffix.value)]
            return f"{romanize_org(stem)} {suffix.reading}"
    out = []
    for m in regex.finditer(r"\p{Han}+|[^\p{Han}\s]+", zh):
        piece = m.group()
        out.append(join_syllables(syllables(piece)).capitalize() if _HAN.match(piece) else piece)
    return " ".join(out)


def english_of(zh: str, glossary: Iterable, kinds: Sequence[str] = ()) -> str:
    """The glossary's English for ``zh`` (of one of ``kinds`` if given), else ""."""
    for term in glossary:
        if term.zh == zh and (not kinds or term.kind in kinds):
            return term.en
    return ""


def person_name(zh: str, glossary: Iterable, post_zh: str = "") -> Name:
    """A person's :class:`Name`: glossary English and post if listed, else pinyin."""
    for term in glossary:
        if term.zh == zh and term.kind == PERSON:
            return Name(term.en, zh, term.note, post_zh)
    return Name(romanize_person(zh), zh, "", post_zh)


def org_name(zh: str, glossary: Iterable) -> Name:
    """An outlet or organisation: glossary English, else :func:`romanize_org`."""
    if not zh:
        return Name("", "")
    return Name(english_of(zh, glossary) or romanize_org(zh), zh)

"""Language tags: the pair tmbrief works in, and BCP 47 matching of the tags files carry."""

from __future__ import annotations

import functools

from tmbrief.core.errors import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (tmbrief --help)
if TYPE_CHECKING:  # `import tmbrief` needs no dataclasses either
    from tmbrief.core.model import TMHeader

SRC_LANG = "zh-CN"
TGT_LANG = "en"


ALL_LANGUAGES = "*all*"  # TMX srclang: any <tuv> may be the source (TMX 1.4, section 3.1)


def same_language(tag: str, wanted: str) -> bool:
    """Whether BCP 47 ``tag`` names the same language as ``wanted`` (langcodes).

    Tags are read case-insensitively, with ``_`` taken for ``-`` (gettext's
    ``zh_CN``), then filled out with their likely subtags (CLDR): two tags
    match when language and script agree, whatever the region. So ``zh-CN``,
    ``zh-Hans``, ``zh-Hans-CN``, ``ZH-CN``, ``zh_CN`` and ``zh`` are one
    language (Simplified Chinese), ``zh-TW`` (Traditional) is another; ``en``,
    ``en-US`` and ``en-GB`` are one. An empty or malformed tag (and
    ``*all*``) matches nothing.
    """
    a, b = _language_script(tag), _language_script(wanted)
    return a is not None and a == b


# (language, script) of the tags tmbrief itself writes and reads most, as langcodes
# gives them (tests/test_langs checks each against it): importing langcodes and its
# CLDR tables costs a build about 0.1 s, for an answer known in advance.
KNOWN_TAGS = {
    "zh": ("zh", "Hans"),
    "zh-cn": ("zh", "Hans"),
    "zh-hans": ("zh", "Hans"),
    "zh-hans-cn": ("zh", "Hans"),
    "zh-sg": ("zh", "Hans"),
    "zh-tw": ("zh", "Hant"),
    "zh-hk": ("zh", "Hant"),
    "zh-hant": ("zh", "Hant"),
    "en": ("en", "Latn"),
    "en-us": ("en", "Latn"),
    "en-gb": ("en", "Latn"),
}


@functools.lru_cache(maxsize=256)
def _language_script(tag: str) -> tuple[str, str] | None:
    tag = tag.strip().replace("_", "-")
    if not tag:
        return None
    known = KNOWN_TAGS.get(tag.lower())
    if known is not None:
        return known
    import langcodes

    try:
        full = langcodes.Language.get(tag).maximize()
    except (langcodes.tag_parser.LanguageTagError, ValueError):
        return None
    if not full.language:
        return None
    return (full.language, full.script or "")


def require_language_pair(
    path,
    header: TMHeader,
    srclang: str = SRC_LANG,
    tgtlang: str = TGT_LANG,
    *,
    expected: str = "tmbrief needs",
) -> None:
    """InputError unless a file's header says ``srclang`` -> ``tgtlang`` (see same_language).

    A language the file does not name is refused, never assumed. The message
    reads ``target language is de, <expected> en``.
    """
    for what, theirs, mine in (
        ("source", header.srclang, srclang),
        ("target", header.tgtlang, tgtlang),
    ):
        if not theirs:
            raise InputError(path, f"names no {what} language; {expected} {mine}")
        if not same_language(theirs, mine):
            raise InputError(path, f"{what} language is {theirs}, {expected} {mine}")

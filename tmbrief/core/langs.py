"""Language tags: the pair tmbrief works in, and BCP 47 matching of the tags files carry."""

from __future__ import annotations

from tmbrief.core.errors import InputError
from tmbrief.core.model import TMHeader

SRC_LANG = "zh-CN"
TGT_LANG = "en"


def same_language(tag: str, wanted: str) -> bool:
    """Whether BCP-47 ``tag`` is ``wanted`` or a variant of it, or ``wanted`` one of ``tag``.

    Case-insensitive prefix matching at subtag boundaries (RFC 4647 basic
    filtering, both ways): ``EN-GB`` matches ``en``, ``zh`` matches ``zh-CN``,
    ``zh-TW`` does not match ``zh-CN``, and an empty tag matches nothing.
    """
    a, b = tag.lower(), wanted.lower()
    if not a or not b:
        return False
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


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

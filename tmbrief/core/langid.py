"""Is this text the language it should be? Catches swapped or mislabelled files early."""

from __future__ import annotations

import regex

from tmbrief.core.errors import InputError

_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"\p{Latin}")

# Share of Han among Han + Latin letters: Chinese news text is far above the first,
# English far below the second (a few Chinese names in an English text are fine).
MIN_HAN_SHARE_ZH = 0.5
MAX_HAN_SHARE_EN = 0.2


def han_share(text: str) -> float:
    """Han characters / (Han characters + Latin letters); 0.0 for text with neither."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    return han / (han + latin) if han + latin else 0.0


def check_language(text: str, lang: str, path) -> None:
    """Raise InputError when ``text`` (read from ``path``) is plainly not in ``lang``."""
    share = han_share(text)
    if lang.startswith("zh") and share < MIN_HAN_SHARE_ZH:
        raise InputError(
            path,
            f"expected Chinese ({lang}) but only {share:.0%} of the letters are Han "
            "(are the Chinese and English files swapped?)",
        )
    if lang == "en" and share > MAX_HAN_SHARE_EN:
        raise InputError(
            path,
            f"expected English (en) but {share:.0%} of the letters are Han "
            "(are the Chinese and English files swapped?)",
        )

"""Swapped or mislabelled inputs are caught before they reach the aligner."""

from __future__ import annotations

import pytest

from tmbrief.core.errors import InputError
from tmbrief.core.langid import check_language, han_share


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("涪陵聚力打造先进材料产业", 1.0),
        ("Fuling builds an advanced materials industry", 0.0),
        ("2023-12-20 ，。", 0.0),
        ("Li Li 李黎", 2 / 6),
    ],
)
def test_han_share(text, share):
    assert han_share(text) == pytest.approx(share)


@pytest.mark.parametrize(
    ("text", "lang", "ok"),
    [
        ("涪陵聚力打造先进材料产业。Hualong Net", "zh-CN", True),
        ("Fuling pools strength to build an industry.", "zh-CN", False),
        ("Fuling pools strength (涪陵) to build an industry.", "en", True),
        ("涪陵聚力打造先进材料产业。", "en", False),
    ],
)
def test_check_language(text, lang, ok):
    if ok:
        check_language(text, lang, "f.txt")
    else:
        with pytest.raises(InputError, match="swapped"):
            check_language(text, lang, "f.txt")

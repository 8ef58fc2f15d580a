"""Number test helpers: the (value, kind) pairs extract_numbers finds, compared with a tolerance."""

from __future__ import annotations

import math

from tmbrief.numbers.extract import extract_numbers


def values(text: str, lang: str) -> list[tuple[float, str]]:
    """(value, kind) of every number in ``text``."""
    return [(n.value, n.kind) for n in extract_numbers(text, lang)]


def assert_values(text: str, lang: str, expected) -> None:
    got = values(text, lang)
    assert len(got) == len(expected), f"{text!r}: {got} != {expected}"
    for (value, kind), (want, want_kind) in zip(got, expected, strict=True):
        assert math.isclose(value, want, rel_tol=1e-9), f"{text!r}: {got} != {expected}"
        assert kind == want_kind, f"{text!r}: {got} != {expected}"

"""Checks of what must pass through translation unchanged: URLs, e-mails, tags, placeholders, names.

Each compares what the source holds with what the target holds, as multisets, and
reports what is missing or added. Rule tables are data with an example per row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from tmbrief.core import rx
from tmbrief.core.glossary import fold_zh
from tmbrief.core.model import Unit
from tmbrief.qa.base import Context

# Punctuation that ends a sentence after a URL or address, not part of it.
_TRAILING = ".,;:!?)]}>'\"”’。，；：！？）"
URL_PATTERN = rx.compile(
    r"(?i)(?<![A-Za-z0-9.])(?:https?://|ftp://|www\.)[^\s<>\"“”‘’（）()，。、]+"
)
EMAIL_PATTERN = rx.compile(
    r"(?i)(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b"
)
# Inline markup: an HTML/XML tag, opening, closing or empty (example: <b>, </b>, <br/>).
TAG_PATTERN = rx.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>")
# Software placeholders: (name, pattern, example).
PLACEHOLDERS = (
    ("printf", r"(?<![\d%])%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?[diouxXeEfgGcs](?![A-Za-z0-9_])"
     r"|%\(\w+\)[diouxXeEfgGcs]", "%d files, %(name)s"),
    ("brace", r"\{\d*\}|\{[A-Za-z_][\w.]*\}", "{0} of {name}"),
    ("dollar", r"\$\{[A-Za-z_]\w*\}|\$\d+", "${user} and $1"),
)  # fmt: skip
_PLACEHOLDER = rx.compile("|".join(f"(?:{p})" for _, p, _ in PLACEHOLDERS))
# A Latin-script name in the Chinese source: a word of two or more Latin letters,
# digits or hyphens, starting with a letter (App, YouTube, GM-CSF, VR).
_LATIN_NAME = rx.compile(r"(?<![\p{Latin}\d])\p{Latin}[\p{Latin}\d-]*\p{Latin}(?![\p{Latin}\d])")


def _diff(source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
    """(in the source, not the target; in the target, not the source), with repeats."""
    s, t = Counter(source), Counter(target)
    return list((s - t).elements()), list((t - s).elements())


def _clean(found: list[str]) -> list[str]:
    return [item.rstrip(_TRAILING) for item in found]


def _report(kind: str, missing: list[str], extra: list[str]) -> Iterator[str]:
    for item in dict.fromkeys(missing):
        yield f"{kind} {item} of the source is not in the target: copy it exactly"
    for item in dict.fromkeys(extra):
        yield f"{kind} {item} in the target is not in the source"


def check_urls(unit: Unit, ctx: Context) -> Iterator[str]:
    """URL changed or missing.

    Every web address of the source (http://, https://, www.) must be in the
    target, character for character; ignores trailing sentence punctuation.
    """
    if "/" not in unit.source + unit.target and "www" not in unit.source + unit.target:
        return
    source = _clean(URL_PATTERN.findall(fold_zh(unit.source)))
    target = _clean(URL_PATTERN.findall(unit.target))
    yield from _report("URL", *_diff(source, target))


def check_emails(unit: Unit, ctx: Context) -> Iterator[str]:
    """E-mail address changed or missing.

    Every address of the source must be in the target unchanged (compared
    case-insensitively); full-width ＠ in the source counts as @.
    """
    if "@" not in unit.target and "@" not in unit.source and "＠" not in unit.source:
        return
    source = [e.lower() for e in EMAIL_PATTERN.findall(fold_zh(unit.source))]
    target = [e.lower() for e in EMAIL_PATTERN.findall(unit.target)]
    yield from _report("e-mail address", *_diff(source, target))


def check_tags(unit: Unit, ctx: Context) -> Iterator[str]:
    """Inline tag missing or added.

    Tags such as <b>, </b>, <i>, <sub>, <br/> must be in the target as in the
    source (the same tags, counted; their order may change with the wording).
    """
    if "<" not in unit.source and "<" not in unit.target:
        return
    source = TAG_PATTERN.findall(unit.source)
    target = TAG_PATTERN.findall(unit.target)
    yield from _report("tag", *_diff(source, target))


def check_placeholders(unit: Unit, ctx: Context) -> Iterator[str]:
    """Placeholder missing or added.

    printf (%d, %s, %(name)s), brace ({0}, {name}) and dollar (${user}, $1)
    placeholders must be in the target as in the source; ignores "50%" (a percent
    sign after a number is not a placeholder).
    """
    if not any(ch in unit.source + unit.target for ch in "%{$"):
        return
    yield from _report(
        "placeholder",
        *_diff(_PLACEHOLDER.findall(unit.source), _PLACEHOLDER.findall(unit.target)),
    )


def check_latin_names(unit: Unit, ctx: Context) -> Iterator[str]:
    """Latin-script name of the source missing.

    A word in Latin letters in the Chinese source (YouTube, VR, GM-CSF) is usually
    a name or acronym the target keeps; compared case-insensitively, full-width
    letters (ＶＲ) folded. Ignores URLs and e-mail addresses (their own checks).
    """
    source = fold_zh(unit.source)
    if not regex.search(r"\p{Latin}", source):
        return
    source = EMAIL_PATTERN.sub(" ", URL_PATTERN.sub(" ", source))
    target = unit.target.casefold()
    for name in dict.fromkeys(_LATIN_NAME.findall(source)):
        if name.casefold() not in target:
            yield f"{name} of the source is not in the target: keep the name or acronym"

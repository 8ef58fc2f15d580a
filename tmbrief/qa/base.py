"""What every QA check shares: severities, the Flag a check may yield, the Context.

Preconditions are explicit: every check except ``untranslated`` and ``alignment``
looks only at units that :func:`is_translated` (a non-blank target with no Chinese
left in it), so an empty, copied or half-translated target is reported once, by
``untranslated``, and never again by the other checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import regex

from tmbrief.core.glossary import Term
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.qa.settings import LENGTH_RATIO_Z, NOTICE_THRESHOLD, REVIEW_THRESHOLD, QASettings

SEVERITIES = ("info", "warning", "error")  # in increasing order

# Han characters that news uses as separators, not words: (character, example).
HAN_SEPARATORS = (("丨", "Xinhua All Media+丨Beijing league fuels Olympic fever"),)
_HAN = regex.compile(r"\p{Han}+")
_SEPARATORS = "".join(ch for ch, _ in HAN_SEPARATORS)


def han_runs(text: str) -> list[str]:
    """The runs of Han characters in ``text``, separators (丨) left out."""
    return [run for run in _HAN.findall(text) if run.strip(_SEPARATORS)]


class Flag(NamedTuple):
    """A message with its own severity (one of :data:`SEVERITIES`)."""

    message: str
    severity: str


@dataclass(frozen=True)
class Context:
    """What checks may consult besides the unit: glossary, thresholds, where the text is from.

    ``outlet`` is the publisher of the checked document (glossary entries scoped to
    another outlet do not apply); ``strict`` is the ``strict`` profile.
    """

    glossary: tuple[Term, ...] = ()
    review_threshold: float = REVIEW_THRESHOLD
    notice_threshold: float = NOTICE_THRESHOLD
    length_ratio_z: float = LENGTH_RATIO_Z
    source_lang: str = SRC_LANG
    target_lang: str = TGT_LANG
    outlet: str = ""

    @classmethod
    def of(cls, settings: QASettings, **fields) -> Context:
        """The context for ``settings`` (thresholds) plus ``fields`` (glossary, outlet...)."""
        return cls(
            review_threshold=settings.review_threshold,
            notice_threshold=settings.notice_threshold,
            length_ratio_z=settings.length_ratio_z,
            **fields,
        )


def is_translated(unit) -> bool:
    """A non-blank target without Chinese (Han) words: what ``untranslated`` passes."""
    target = unit.target.strip()
    return bool(target) and not han_runs(target)


def quote(text: str, limit: int = 60) -> str:
    """``text`` in curly quotes, cut to ``limit`` characters with an ellipsis."""
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"

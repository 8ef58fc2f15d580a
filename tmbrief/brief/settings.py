"""How a briefing is made: budget, feature weights and MMR trade-off, as one frozen value.

Settable from the API (``make_brief(..., settings=BriefSettings(words=120))``) and
the CLI (``--sentences``, ``--words``, ``--weights``, ``--mmr-lambda``); its
:meth:`BriefSettings.signature` is printed in every briefing's footer, as
sacrebleu signs its scores, so a briefing says exactly how it was made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from tmbrief.brief.rules import MMR_LAMBDA, WEIGHTS
from tmbrief.core.version import __version__

# A desk brief: about 120-150 words (the greedy fill stops when no sentence fits).
DEFAULT_WORDS = 150
FEATURES = tuple(k for k, _ in WEIGHTS)


@dataclass(frozen=True)
class BriefSettings:
    """Budget (``sentences`` English sentences or at most ``words`` words), weights, MMR.

    Exactly one of ``sentences`` and ``words`` is set; ``weights`` gives every
    feature of :data:`tmbrief.brief.rules.WEIGHTS` a non-negative weight.
    """

    # The two budgets replace each other: setting one alone clears the other.
    REPLACES: ClassVar[dict[str, str]] = {"sentences": "words", "words": "sentences"}

    sentences: int | None = None
    words: int | None = DEFAULT_WORDS
    weights: tuple[tuple[str, float], ...] = WEIGHTS
    mmr_lambda: float = MMR_LAMBDA

    def __post_init__(self):
        if (self.sentences is None) == (self.words is None):
            raise ValueError("give exactly one budget: sentences or words")
        for name, value in (("sentences", self.sentences), ("words", self.words)):
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")
        keys = tuple(k for k, _ in self.weights)
        if sorted(keys) != sorted(FEATURES) or any(v < 0 for _, v in self.weights):
            raise ValueError(
                f"weights must give each of {', '.join(FEATURES)} a non-negative value"
            )
        if not 0 <= self.mmr_lambda <= 1:
            raise ValueError(f"mmr_lambda must be in [0, 1], not {self.mmr_lambda}")

    @classmethod
    def of(
        cls,
        *,
        sentences: int | None = None,
        words: int | None = None,
        weights: Mapping[str, float] | None = None,
        mmr_lambda: float = MMR_LAMBDA,
    ) -> BriefSettings:
        """Settings from keyword values; no budget given means the default word budget."""
        if sentences is None and words is None:
            words = DEFAULT_WORDS
        w = WEIGHTS if weights is None else tuple((k, float(weights[k])) for k in weights)
        return cls(sentences, words, w, mmr_lambda)

    @property
    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    @property
    def budget(self) -> str:
        return f"words={self.words}" if self.words is not None else f"sentences={self.sentences}"

    def signature(self) -> str:
        """``budget:words=150|weights:lead:0.25,...|mmr:0.7|unit:sentence|v:0.1.0``."""
        weights = ",".join(f"{k}:{v:g}" for k, v in self.weights)
        return (
            f"budget:{self.budget}|weights:{weights}|mmr:{self.mmr_lambda:g}"
            f"|unit:sentence|v:{__version__}"
        )


def parse_weights(text: str) -> dict[str, float]:
    """``lead=0.3,centrality=0.2,...`` -> a dict (ValueError naming the bad part)."""
    out = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in FEATURES:
            raise ValueError(f"bad weight {part!r}: expected NAME=VALUE, NAME one of "
                             f"{', '.join(FEATURES)}")  # fmt: skip
        try:
            out[key] = float(value)
        except ValueError:
            raise ValueError(f"bad weight {part!r}: {value!r} is not a number") from None
    missing = [k for k in FEATURES if k not in out]
    if missing:
        raise ValueError(f"weights miss {', '.join(missing)}")
    return out

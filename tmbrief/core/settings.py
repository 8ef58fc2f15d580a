"""Settings as data: one frozen dataclass per stage, and the signature every output carries.

A stage takes its settings as an argument (defaults are the tuned values); the API
passes a dataclass, the CLI builds one from ``tmbrief.toml`` and ``--set KEY=VALUE``
(:func:`with_values`), and every output states the settings that made it in one short
line, as sacrebleu signs its scores (:func:`signature`)::

    align:band=6,length_weight=0.5,lexical_weight=0.5,...

Values given as text are converted to the field's type; an unknown key or a value of
the wrong type is an :class:`~tmbrief.core.errors.InputError` naming where it came from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from tmbrief.core.errors import InputError


@dataclass(frozen=True)
class AlignSettings:
    """The aligner's tuning (tuned on mac-dev; see docs/alignment.md)."""

    # A bead whose confidence is below this needs a person's review: PO fuzzy, TMX
    # x-status, the QA alignment finding. The score estimates P(bead exactly right).
    review_threshold: float = 0.5
    # Half-width of the search band around the coarse path, in sentences.
    band: int = 6
    # Weights of the length (Gale-Church) and lexical (dictionary) parts of a bead's cost.
    length_weight: float = 0.5
    lexical_weight: float = 0.5
    # Cost of each orphan of a bead when whole paragraphs are aligned.
    paragraph_orphan_cost: float = 3.0
    # English letters per Chinese character, and the Gale-Church variance, before fitting.
    ratio_prior: float = 3.5
    variance_prior: float = 20.0

    def __post_init__(self):
        if not 0.0 <= self.review_threshold <= 1.0:
            raise ValueError("review_threshold must be between 0 and 1")
        if self.band < 1:
            raise ValueError("band must be at least 1")
        if min(self.length_weight, self.lexical_weight, self.ratio_prior) < 0:
            raise ValueError("weights and ratio_prior must not be negative")
        if self.variance_prior <= 0:
            raise ValueError("variance_prior must be positive")


REVIEW_THRESHOLD = AlignSettings().review_threshold


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return "/".join(f"{k}:{_text(v)}" for k, v in value)  # (name, weight) pairs
        return "+".join(map(_text, value))
    return str(value)


def signature(name: str, settings) -> str:
    """``name:key=value,...`` of a settings dataclass, every field in declaration order."""
    fields = ",".join(
        f"{f.name}={_text(getattr(settings, f.name))}" for f in dataclasses.fields(settings)
    )
    return f"{name}:{fields}"


def _convert(text: str, kind: str, key: str, origin: str):
    if kind.endswith(" | None"):
        if text.strip().lower() in ("", "none"):
            return None
        kind = kind.removesuffix(" | None")
    if kind == "tuple[str, ...]":
        return tuple(part.strip() for part in text.split(",") if part.strip())
    try:
        if kind == "bool":
            lowered = text.strip().lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            return lowered in ("true", "1", "yes")
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "str":
            return text
    except ValueError:
        raise InputError(origin, f"setting {key}={text!r} is not a valid {kind}") from None
    raise InputError(origin, f"setting {key} cannot be set from text")


def with_values(settings, values: Mapping[str, object], *, origin: str = "--set"):
    """A copy of ``settings`` with ``values`` (field name -> value or text) applied.

    A key listed in the settings class's ``REPLACES`` mapping clears the key it
    names unless ``values`` sets that one too (e.g. a sentence budget replaces a
    word budget).

    InputError, naming ``origin`` (a file or ``--set``), for an unknown key, a value
    that is not of the field's type, or one the dataclass rejects.
    """
    fields = {f.name: f for f in dataclasses.fields(settings)}
    # A settings class may name settings that replace each other (``REPLACES``: key ->
    # the key it clears): setting one alone clears the other.
    replaces = getattr(type(settings), "REPLACES", {})
    changes = {replaces[k]: None for k in values if k in replaces and replaces[k] not in values}
    for key, value in values.items():
        field = fields.get(key)
        if field is None:
            known = ", ".join(fields)
            raise InputError(origin, f"unknown setting {key!r} (known: {known})")
        kind = field.type if isinstance(field.type, str) else field.type.__name__
        if isinstance(value, str) and kind != "str":
            value = _convert(value, kind, key, origin)
        elif kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        changes[key] = value
    try:
        return dataclasses.replace(settings, **changes)
    except (TypeError, ValueError) as exc:
        raise InputError(origin, f"bad setting: {exc}") from exc

"""Every stage's settings in one object, read from ``tmbrief.toml`` and ``--set KEY=VALUE``.

``tmbrief.toml`` (in the working directory, or ``--config FILE``) has one table per
stage, and ``--set`` names a setting as ``stage.key``::

    [align]
    band = 8
    review_threshold = 0.6

    tmbrief --set align.band=8 build

``--set`` wins over the file, the file over the defaults. Every output states the
result as a signature (:func:`signatures`), e.g. in the TM header
``#setting<TAB>align<TAB>review_threshold=0.5,band=6,...``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tmbrief.brief.settings import BriefSettings
from tmbrief.core.errors import InputError
from tmbrief.core.settings import AlignSettings, signature, with_values
from tmbrief.qa.settings import QASettings

CONFIG_NAME = "tmbrief.toml"


@dataclass(frozen=True)
class Settings:
    """The settings of every stage; each field is one stage's frozen settings."""

    align: AlignSettings = field(default_factory=AlignSettings)
    qa: QASettings = field(default_factory=QASettings)
    brief: BriefSettings = field(default_factory=BriefSettings)


def signatures(settings: Settings) -> tuple[tuple[str, str], ...]:
    """``(stage, "key=value,...")`` for every stage, as output headers carry them."""
    return tuple(
        tuple(signature(f.name, getattr(settings, f.name)).split(":", 1))
        for f in dataclasses.fields(settings)
    )


def _apply(settings: Settings, stage: str, values: dict, origin: str) -> Settings:
    stages = {f.name for f in dataclasses.fields(settings)}
    if stage not in stages:
        raise InputError(origin, f"unknown settings table {stage!r} (known: {', '.join(stages)})")
    if not isinstance(values, dict):
        raise InputError(origin, f"{stage} must be a table of settings")
    updated = with_values(getattr(settings, stage), values, origin=origin)
    return dataclasses.replace(settings, **{stage: updated})


def read_config(path: Path, settings: Settings | None = None) -> Settings:
    """``settings`` (default: the defaults) with the tables of the TOML file ``path``."""
    import tomllib  # here, not at the top: most runs read no configuration file

    settings = settings or Settings()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from exc
    for stage, values in data.items():
        settings = _apply(settings, stage, values, str(path))
    return settings


def with_overrides(settings: Settings, overrides: Sequence[str]) -> Settings:
    """``settings`` with ``--set stage.key=value`` overrides (a stage's keys applied together)."""
    by_stage: dict[str, dict[str, str]] = {}
    for item in overrides:
        name, sep, value = item.partition("=")
        stage, dot, key = name.strip().partition(".")
        if not sep or not dot or not key:
            raise InputError("--set", f"{item!r} is not STAGE.KEY=VALUE (e.g. align.band=8)")
        by_stage.setdefault(stage, {})[key] = value.strip()
    for stage, values in by_stage.items():
        settings = _apply(settings, stage, values, "--set")
    return settings


def load_settings(config: Path | None = None, overrides: Sequence[str] = ()) -> Settings:
    """Defaults, then ``config`` (or ``./tmbrief.toml`` when it exists), then ``overrides``."""
    if config is None and Path(CONFIG_NAME).is_file():
        config = Path(CONFIG_NAME)
    settings = read_config(config) if config is not None else Settings()
    return with_overrides(settings, overrides)

"""Lazy public faces: a package names its API without importing its modules up front.

A stage package's ``__init__`` lists ``{name: submodule}``; the submodule is imported
on first use of the name (PEP 562), so ``import tmbrief.qa.checks`` does not load the
aligner, and ``tmbrief --help`` loads no stage at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, names: Mapping[str, str]) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for ``package`` exporting ``names`` from its submodules."""

    def __getattr__(name: str):
        try:
            module = names[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__

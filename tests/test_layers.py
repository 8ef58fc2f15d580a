"""The import structure: a small core, stage packages over it, pipeline and CLI on top.

Every ``import`` in tmbrief (at module level or inside a function) is read from the
source with :mod:`ast`; a module may import its own package, the core, and packages of
a lower layer, never a higher one, and there is no cycle between packages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tmbrief"

# Lower number = lower layer. A module may import only its own layer's package or lower.
LAYERS = {
    "core": 0,
    "numbers": 1,
    "clean": 1,
    "segment": 1,
    "align": 2,
    "tm": 3,
    "formats": 4,
    "qa": 5,
    "brief": 6,
    "lookup": 7,
    "config": 8,
    "review": 8,
    "scale": 8,
    "pipeline": 9,
    "cli": 10,
    "__main__": 11,
}


def _unit_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported tmbrief unit) for every tmbrief import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    package = ".".join(("tmbrief", *path.relative_to(PACKAGE).parent.parts))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
            if names == ["tmbrief"]:
                names = [f"tmbrief.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "tmbrief" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def _modules() -> list[Path]:
    top_init = PACKAGE / "__init__.py"
    return sorted(p for p in PACKAGE.rglob("*.py") if p != top_init)


def test_every_package_has_a_layer():
    units = {_unit_of(p) for p in _modules()}
    assert units <= set(LAYERS), f"no layer for {sorted(units - set(LAYERS))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    mine = _unit_of(path)
    upward = [
        f"line {line}: {mine} imports {other}"
        for line, other in _imports(path)
        if other in LAYERS and LAYERS[other] > LAYERS[mine]
    ]
    assert not upward, "; ".join(upward)


def test_core_imports_nothing_of_ours_but_core():
    outside = [
        f"{p.relative_to(PACKAGE)}:{line} imports {other}"
        for p in (PACKAGE / "core").rglob("*.py")
        for line, other in _imports(p)
        if other != "core"
    ]
    assert not outside, outside


def test_no_cycle_between_packages():
    graph: dict[str, set[str]] = {}
    for p in _modules():
        mine = _unit_of(p)
        graph.setdefault(mine, set()).update(o for _, o in _imports(p) if o != mine)

    def visit(node, trail):
        if node in trail:
            return trail[trail.index(node) :] + [node]
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, trail + [node])
            if cycle:
                return cycle
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        assert cycle is None, " -> ".join(cycle)


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tmbrief.qa.checks", "numpy"),
        ("tmbrief.cli", "numpy"),
        ("tmbrief.cli", "pandas"),
        ("tmbrief.core.model", "regex"),
        ("tmbrief", "numpy"),
        ("tmbrief", "rapidfuzz"),
        ("tmbrief.cli", "rapidfuzz"),
    ],
)
def test_light_modules_do_not_load_heavy_ones(module, forbidden):
    import subprocess
    import sys

    code = f"import sys, {module}; print({forbidden!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"importing {module} loads {forbidden}"


@pytest.mark.parametrize("package", ["numbers", "clean", "segment", "align", "tm", "qa", "brief"])
def test_public_faces_resolve_and_shadow_no_submodule(package):
    import importlib

    module = importlib.import_module(f"tmbrief.{package}")
    submodules = {p.stem for p in (PACKAGE / package).glob("*.py")}
    for name in module.__all__:
        # A public name that is also a submodule's name would become the module
        # once that submodule is imported.
        assert name not in submodules, f"tmbrief.{package}.{name} is also a module"
        assert not isinstance(getattr(module, name), type(module)), name

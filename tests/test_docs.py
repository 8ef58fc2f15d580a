"""README.md and docs/ are the manual: examples run, and every command, format and check is in it.

README is the short manual (at most about 10 KB); the rest lives in docs/ (MkDocs).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tmbrief.cli import COMMANDS, main

README_PATH = ROOT / "README.md"
PAGES = [README_PATH, *sorted((ROOT / "docs").glob("*.md"))]
MANUAL = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)  # the whole manual
README_MAX_BYTES = 10_500
# Lines of ```sh blocks that call tmbrief; a trailing "# exit N" states the expected code.
EXAMPLES = [
    line.strip()
    for block in re.findall(r"```sh\n(.*?)```", MANUAL, flags=re.S)
    for line in block.splitlines()
    if line.strip().startswith("tmbrief ") or "| tmbrief " in line
]


def _expected_exit(line: str) -> tuple[list[str], int]:
    code = 0
    m = re.search(r"#\s*exit (\d)\s*$", line)
    if m:
        code = int(m.group(1))
    line = line.split("#", 1)[0] if "#" in line else line
    return shlex.split(line)[1:], code


@pytest.fixture()
def repo_copy(tmp_path, monkeypatch):
    for name in ("seeds", "segments", "tm", "exports", "tests/data"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("line", EXAMPLES)
def test_readme_example_runs(repo_copy, line, capsys):
    argv, code = _expected_exit(line)
    if any(op in line for op in ("|", ">", "<")):
        # A shell pipeline or redirection: run it as a user would, with this
        # environment's tmbrief first on PATH.
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
        done = subprocess.run(["bash", "-c", line], cwd=repo_copy, env=env, capture_output=True)
        assert done.returncode == code, done.stderr.decode()
        return
    assert main(argv) == code, capsys.readouterr().err


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_with_an_example(name):
    assert re.search(rf"^#+ `tmbrief {name}\b", MANUAL, flags=re.M), f"no section for {name}"
    assert any(line.startswith(f"tmbrief {name}") for line in EXAMPLES)


def _names():
    from tmbrief.formats import FORMATS
    from tmbrief.qa.checks import CHECK_NAMES

    return [("check", n) for n in CHECK_NAMES] + [("format", n) for n in FORMATS]


@pytest.mark.parametrize(("kind", "name"), _names())
def test_every_check_and_format_is_listed_in_the_readme(kind, name):
    assert f"| `{name}` |" in MANUAL or f"| {name} |" in MANUAL, f"{kind} {name}"


def test_readme_is_the_short_manual():
    size = len(README_PATH.read_bytes())
    assert size <= README_MAX_BYTES, f"README.md is {size} bytes; move detail to docs/"


def test_every_docs_page_is_in_the_mkdocs_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    missing = [p.name for p in PAGES[1:] if f" {p.name}" not in nav]
    assert not missing, f"pages not in mkdocs.yml nav: {missing}"


PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", MANUAL, flags=re.S)


@pytest.fixture()
def seed_namespace(repo_copy):
    """Names the README's Python examples take as given, made from the seed."""
    from tmbrief.brief.briefing import meta_from_json
    from tmbrief.core.glossary import load_glossary
    from tmbrief.formats import format_for_path

    segments = {}
    for lang in ("zh", "en"):
        rows = (repo_copy / f"segments/fuling-materials-20231220.{lang}.tsv").read_text("utf-8")
        segments[lang] = [line.split("\t") for line in rows.splitlines()[1:]]
    from tmbrief.core.model import Segment

    def segs(lang, tag):
        return [Segment(int(i), tag, int(p), int(a), int(b), t) for i, p, a, b, t in segments[lang]]

    import json

    meta, kinds = meta_from_json(
        json.loads((repo_copy / "segments/fuling-materials-20231220.meta.json").read_text())
    )
    _, units = format_for_path("tm/fuling-materials-20231220.tsv").read(
        "tm/fuling-materials-20231220.tsv"
    )
    glossary = load_glossary("seeds/glossary.tsv")
    return {
        # the sentence files of the README's `tmbrief align` example
        "zh_sentences": (repo_copy / "tests/data/align/news.zh.txt")
        .read_text("utf-8")
        .split("\n")[:-1],
        "en_sentences": (repo_copy / "tests/data/align/news.en.txt")
        .read_text("utf-8")
        .split("\n")[:-1],
        "zh_segments": segs("zh", "zh-CN"),
        "en_segments": segs("en", "en"),
        "units": units,
        "meta": meta,
        "paragraph_kinds": kinds,
        "kinds": kinds,
        "glossary": glossary,
        "terms": glossary,
    }


def _checked_lines(block: str):
    """(expression, shown value) for lines `expr   # value` whose value is a Python repr."""
    for line in block.splitlines():
        code, _, shown = line.partition("#")
        code, shown = code.strip(), shown.strip()
        if code and shown and shown[0] in "([{'\"" and "=" not in code.split("(")[0]:
            yield code, shown


@pytest.mark.parametrize(
    "block", PYTHON_BLOCKS, ids=[f"python{i}" for i in range(len(PYTHON_BLOCKS))]
)
def test_readme_python_example_runs_and_shows_true_values(block, seed_namespace):
    namespace = dict(seed_namespace)
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the README's own code
    for code, shown in _checked_lines(block):
        value = repr(eval(code, namespace))  # noqa: S307
        prefix = shown.split("...")[0].rstrip(", ") if "..." in shown else shown
        assert value.startswith(prefix), f"{code} gives {value[:120]}, README shows {shown}"

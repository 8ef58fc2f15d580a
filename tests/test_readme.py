"""README.md is the manual: its examples run, and it lists every command, format and check."""

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

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Lines of ```sh blocks that call tmbrief; a trailing "# exit N" states the expected code.
EXAMPLES = [
    line.strip()
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S)
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
    assert f"### `tmbrief {name}" in README
    assert any(line.startswith(f"tmbrief {name}") for line in EXAMPLES)


def _names():
    from tmbrief.checks import CHECK_NAMES
    from tmbrief.formats import FORMATS

    return [("check", n) for n in CHECK_NAMES] + [("format", n) for n in FORMATS]


@pytest.mark.parametrize(("kind", "name"), _names())
def test_every_check_and_format_is_listed_in_the_readme(kind, name):
    assert f"| `{name}` |" in README or f"| {name} |" in README, f"{kind} {name}"

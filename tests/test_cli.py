"""The command line: every command documented, bad input -> one line on stderr and exit 2."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_ZH
from tmbrief.cli import COMMANDS, _load, main


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_an_example(name, capsys):
    module = _load(name)
    assert COMMANDS[name] and module.__doc__ and "Example" in module.__doc__
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    assert module.__doc__.splitlines()[0] in capsys.readouterr().out


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "tmbrief", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("tmbrief ")


def test_clean_prints_paragraphs(capsys):
    assert main(["clean", str(SEED_ZH)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 24 and lines[0].startswith("发言人来了")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "file is empty"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        ("标题\n".encode() + b"\xff\xff\xff\x80", "cannot decode"),
    ],
)
def test_clean_bad_input_is_one_line_and_exit_2(tmp_path, capsys, content, expected):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["clean", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err and expected in err and "Traceback" not in err


def test_top_level_help_loads_no_stage():
    code = (
        "import sys\n"
        "from tmbrief.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('numpy', 'pandas', 'regex', 'lxml', 'jieba', 'tmbrief.pipeline')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert all(name in out.stdout for name in COMMANDS)  # every command is still listed


def test_the_command_line_runs_openblas_on_one_thread_unless_told(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"  # the user's own setting stays


# numpy calls that go to BLAS (matrix and vector products): one thread would slow them.
BLAS_CALLS = re.compile(
    r"\.dot\(|\b(matmul|linalg|einsum|tensordot|vdot)\b|\bnp\.inner\b"
    r"|[\w)\]] @=? [\w(\[]"  # the @ operator (a decorator has nothing before its @)
)


def test_no_module_calls_blas():
    # The command line runs OpenBLAS on one thread (cli.BLAS_THREADS) because of this.
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0).strip()}"
        for path in sorted((ROOT / "tmbrief").rglob("*.py"))
        for m in BLAS_CALLS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert BLAS_CALLS.search("x = a @ b\n") and BLAS_CALLS.search("y = np.linalg.norm(v)\n")

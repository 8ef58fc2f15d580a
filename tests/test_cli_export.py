"""tmbrief export: every TM under tm/ to exports/, one format, -o, removed characters reported."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests import tm_fixture as fx
from tmbrief.cli import main
from tmbrief.core.textio import atomic_open
from tmbrief.formats import EXPORT_FORMATS, FORMATS, export_all
from tmbrief.tm.memory import write_tm


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A directory with tm/fuling-excerpt.tsv, as the current directory."""
    (tmp_path / "tm").mkdir()
    with atomic_open(tmp_path / "tm" / "fuling-excerpt.tsv") as fh:
        write_tm(fx.all_units(), fx.HEADER, fh)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_default_exports_every_format_of_every_tm(project, capsys):
    assert main(["export"]) == 0
    written = sorted(p.name for p in (project / "exports").iterdir())
    assert written == sorted(FORMATS[n].filename("fuling-excerpt") for n in EXPORT_FORMATS)
    expected, _ = export_all(fx.all_units(), fx.HEADER)
    for name, data in expected.items():
        assert (project / "exports" / name).read_bytes() == data
    out = capsys.readouterr().out
    assert "wrote exports/fuling-excerpt.tmx (31 units)" in out
    assert "wrote exports/fuling-excerpt.po (22 units)" in out


def test_one_format_to_a_named_file(project):
    assert main(["export", "--format", "po", "--tm", "tm/fuling-excerpt.tsv", "-o", "x.po"]) == 0
    assert (project / "x.po").read_bytes() == export_all(fx.all_units(), fx.HEADER)[0][
        "fuling-excerpt.po"
    ]
    assert not (project / "exports").exists()


def test_output_needs_one_tm_and_one_format(project, capsys):
    assert main(["export", "-o", "x.po"]) == 2
    assert "-o needs exactly one --tm and one --format" in capsys.readouterr().err


def test_no_tm_files_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export"]) == 2
    assert "no TM files" in capsys.readouterr().err


def test_a_broken_tm_is_one_line_and_exit_2(project, capsys):
    path = project / "tm" / "fuling-excerpt.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("\ttranslated\t", "\tok\t", 1))
    assert main(["export", "--format", "tmx"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "fuling-excerpt.tsv:11: status 'ok'" in err[0]
    assert not (project / "exports" / "fuling-excerpt.tmx").exists()


def test_removed_control_characters_are_reported(project, capsys):
    units = list(fx.all_units())
    units[0] = replace(units[0], target=units[0].target + "\x07")
    with atomic_open(project / "tm" / "fuling-excerpt.tsv") as fh:
        write_tm(units, fx.HEADER, fh)
    assert main(["export", "--format", "tmx"]) == 0
    err = capsys.readouterr().err
    assert "fuling-excerpt:0: removed U+0007 (control character) from target" in err

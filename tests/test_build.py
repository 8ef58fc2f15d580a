"""The build: regenerates the committed outputs byte for byte, deterministically, atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_ID, SEEDS
from tmbrief import pipeline
from tmbrief.core.errors import InputError
from tmbrief.tm.edits import SUFFIX as EDITS_SUFFIX
from tmbrief.tm.memory import read_tm

OUTPUT_DIRS = pipeline.OUTPUT_DIRS


def with_records(out: Path) -> Path:
    """``out`` with the committed edit records in its tm/: the build replays them."""
    (out / "tm").mkdir(exist_ok=True)
    for record in (ROOT / "tm").glob("*" + EDITS_SUFFIX):
        shutil.copy(record, out / "tm" / record.name)
    return out


def committed_outputs() -> dict[str, bytes]:
    # tm/<id>.edits.tsv is an input of the build (human edits it replays), not an output.
    return {
        str(p.relative_to(ROOT)): p.read_bytes()
        for d in OUTPUT_DIRS
        for p in sorted((ROOT / d).rglob("*"))
        if p.is_file() and not p.name.endswith(EDITS_SUFFIX)
    }


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory) -> dict[str, bytes]:
    out = with_records(tmp_path_factory.mktemp("build"))
    return dict(pipeline.build(SEEDS, out).files)


def test_build_regenerates_the_committed_outputs_byte_for_byte(fresh_build):
    committed = committed_outputs()
    assert sorted(committed) == sorted(fresh_build)
    for name, data in fresh_build.items():
        assert committed[name] == data, f"{name} differs from what tmbrief build makes"


def test_build_is_deterministic(fresh_build, tmp_path):
    again = pipeline.build(SEEDS, with_records(tmp_path)).files
    assert dict(again) == fresh_build
    for name, data in again.items():
        assert (tmp_path / name).read_bytes() == data


def test_document_without_translation_builds_all_untranslated(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / f"{SEED_ID}.zh.txt", seeds / "only-zh.zh.txt")
    result = pipeline.build(seeds, tmp_path)
    assert any("no translation" in w for w in result.warnings)
    assert (tmp_path / "segments/only-zh.zh.paragraphs.txt").exists()
    header, units = read_tm(tmp_path / "tm/only-zh.tsv")
    assert header.doc_id == "only-zh" and units
    assert {u.status for u in units} == {"untranslated"}
    assert all(u.target == "" for u in units)


def test_each_removed_character_is_reported_once(tmp_path, capsys, caplog):
    from tmbrief.cli import main

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    notes = seeds / f"{SEED_ID}.notes.tsv"
    notes.write_text(notes.read_text(encoding="utf-8").replace("names", "na\x07mes", 1))
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    # The title's unit (no paragraph unit: one sentence) carries the note; six formats
    # remove the character, the build says so once.
    removals = [line for line in err.splitlines() if "removed U+0007" in line]
    assert removals == [
        f"tmbrief: warning: {SEED_ID}: export {SEED_ID}:0: removed U+0007 (control character) "
        "from note at offset 37"
    ]
    assert "removed U+0007" not in caplog.text  # not logged a second time


def test_interrupted_build_leaves_previous_outputs_intact(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    pipeline.build(seeds, tmp_path)
    outputs = [tmp_path / d for d in OUTPUT_DIRS]
    before = {p: p.read_bytes() for d in outputs for p in d.rglob("*") if p.is_file()}

    def late_stage_failure(*args, **kwargs):
        raise RuntimeError("injected failure in the last stage")

    (seeds / f"{SEED_ID}.zh.txt").write_text("改过的标题\n\n新的正文。\n", encoding="utf-8")
    # The briefing is the last stage of a document: every other output is computed by then.
    monkeypatch.setattr(pipeline, "write_brief_outputs", late_stage_failure)
    with pytest.raises(RuntimeError, match="injected"):
        pipeline.build(seeds, tmp_path)
    after = {p: p.read_bytes() for d in outputs for p in d.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_outputs_are_staged_on_disk_as_they_are_made(tmp_path, monkeypatch):
    """A build holds no output in memory until the end (issue 19: a long article's
    outputs are many times its size): by the last stage the others are temp files
    next to their targets, and a failure then removes them all."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    staged: dict[str, int] = {}

    def late_stage_failure(*args, **kwargs):
        for p in tmp_path.rglob(".*.tmp"):
            # .<name>.<host>-<pid>.<random>.tmp
            staged[p.name[1:].rsplit(".", 3)[0]] = p.stat().st_size
        raise RuntimeError("injected failure in the last stage")

    monkeypatch.setattr(pipeline, "write_brief_outputs", late_stage_failure)
    with pytest.raises(RuntimeError, match="injected"):
        pipeline.build(seeds, tmp_path)
    made = {f"{SEED_ID}.{ext}" for ext in ("tmx", "po", "xlf", "xlsx", "tsv", "qa.json")}
    assert made <= set(staged)
    assert all(size > 0 for size in staged.values())
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != seeds]
    assert not [d for d in OUTPUT_DIRS if (tmp_path / d).exists()]


def test_staged_build_returns_the_written_files(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    result = pipeline.build(seeds, tmp_path)
    assert len(result.files) == len(committed_outputs())
    for name in result.files:
        assert result.files[name] == (tmp_path / name).read_bytes()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_empty_seeds_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no documents"):
        pipeline.discover(tmp_path)


def test_translation_paragraphs_split_on_blank_lines():
    text = "Title\n\nFirst line of a\nwrapped paragraph.\n\n\nLast.\n"
    assert pipeline.read_translation(text) == [
        "Title",
        "First line of a wrapped paragraph.",
        "Last.",
    ]


def test_output_directory_that_cannot_be_created_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    from tmbrief.core.errors import OutputError

    with pytest.raises(OutputError):
        pipeline.write_outputs(Path(blocker), {"segments/a.txt": b"x"})


def test_seed_tm_has_no_qa_findings(fresh_build):
    import json

    report = json.loads(fresh_build[f"exports/{SEED_ID}.qa.json"])
    assert report["summary"]["by_severity"] == {"error": 0, "warning": 0, "info": 0}
    assert report["findings"] == []

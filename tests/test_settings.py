"""Settings as data: stage dataclasses, tmbrief.toml and --set, and the signature in outputs."""

from __future__ import annotations

import dataclasses

import pytest

from tmbrief.cli import main
from tmbrief.config import Settings, load_settings, read_config, signatures, with_overrides
from tmbrief.core.errors import InputError
from tmbrief.core.settings import AlignSettings, signature, with_values


def test_signature_lists_every_field_in_order():
    sig = signature("align", AlignSettings())
    assert sig.startswith("align:review_threshold=0.5,band=6,")
    names = [part.split("=")[0] for part in sig.split(":", 1)[1].split(",")]
    assert names == [f.name for f in dataclasses.fields(AlignSettings)]


@pytest.mark.parametrize(
    ("values", "field", "expected"),
    [
        ({"band": "8"}, "band", 8),
        ({"review_threshold": "0.6"}, "review_threshold", 0.6),
        ({"length_weight": 1}, "length_weight", 1.0),
    ],
)
def test_values_given_as_text_take_the_fields_type(values, field, expected):
    changed = with_values(AlignSettings(), values)
    assert getattr(changed, field) == expected
    assert type(getattr(changed, field)) is type(expected)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"bandwidth": "8"}, "unknown setting 'bandwidth'"),
        ({"band": "wide"}, "not a valid int"),
        ({"review_threshold": "1.5"}, "between 0 and 1"),
        ({"band": "0"}, "at least 1"),
    ],
)
def test_bad_values_are_input_errors_naming_the_origin(values, message):
    with pytest.raises(InputError, match=message) as info:
        with_values(AlignSettings(), values, origin="tmbrief.toml")
    assert "tmbrief.toml" in str(info.value)


def test_toml_then_set_then_signature(tmp_path):
    config = tmp_path / "tmbrief.toml"
    config.write_text("[align]\nband = 8\nreview_threshold = 0.6\n", encoding="utf-8")
    settings = with_overrides(read_config(config), ["align.band=9"])
    assert settings.align == AlignSettings(band=9, review_threshold=0.6)
    assert dict(signatures(settings))["align"].startswith("review_threshold=0.6,band=9,")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[align\n", "not valid TOML"),
        ("[qa_typo]\nx = 1\n", "unknown settings table 'qa_typo'"),
        ("align = 3\n", "must be a table"),
    ],
)
def test_bad_config_files_name_the_file(tmp_path, text, message):
    config = tmp_path / "tmbrief.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_config(config)


def test_bad_set_syntax():
    with pytest.raises(InputError, match="STAGE.KEY=VALUE"):
        with_overrides(Settings(), ["band=8"])


def test_working_directory_config_is_read_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()
    (tmp_path / "tmbrief.toml").write_text("[align]\nband = 7\n", encoding="utf-8")
    assert load_settings().align.band == 7


def test_build_writes_the_settings_into_every_header(tmp_path, capsys):
    from tests.conftest import SEEDS

    out = tmp_path / "out"
    argv = ["--set", "align.review_threshold=1", "build", "--seeds", str(SEEDS), "--out"]
    assert main([*argv, str(out)]) == 0
    tm = (out / "tm/fuling-materials-20231220.tsv").read_text(encoding="utf-8")
    assert "#setting\talign\treview_threshold=1,band=6," in tm
    assert "#setting\treview_threshold\t1" in tm
    tmx = (out / "exports/fuling-materials-20231220.tmx").read_text(encoding="utf-8")
    assert "review_threshold=1,band=6" in tmx
    po = (out / "exports/fuling-materials-20231220.po").read_text(encoding="utf-8")
    assert "review_threshold=1,band=6" in po
    # A higher threshold sends more units to review than the default build's.
    default = (SEEDS.parent / "tm/fuling-materials-20231220.tsv").read_text(encoding="utf-8")
    assert tm.count("\tneeds-review\t") > default.count("\tneeds-review\t")


def test_a_bad_setting_on_the_command_line_exits_2(capsys):
    assert main(["--set", "align.band=wide", "build", "--out", "/nonexistent"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--set" in err and "band" in err


def test_qa_and_brief_settings_from_set_reach_the_build(tmp_path, capsys):
    from tests.conftest import SEEDS

    out = tmp_path / "out"
    argv = ["--set", "qa.profile=strict", "--set", "brief.sentences=2", "build", "--seeds"]
    assert main([*argv, str(SEEDS), "--out", str(out)]) == 0
    tm = (out / "tm/fuling-materials-20231220.tsv").read_text(encoding="utf-8")
    assert "#setting\tqa\tprofile=strict," in tm
    assert "#setting\tbrief\tsentences=2,words=None," in tm
    qa = (out / "exports/fuling-materials-20231220.qa.md").read_text(encoding="utf-8")
    assert "profile:strict" in qa
    brief = (out / "exports/fuling-materials-20231220.brief.md").read_text(encoding="utf-8")
    assert "budget:sentences=2" in brief


def test_string_tuples_and_optional_ints_convert_from_text():
    from tmbrief.config import with_overrides

    s = with_overrides(Settings(), ["qa.skip=urls, emails", "brief.words=120"])
    assert s.qa.skip == ("urls", "emails") and s.brief.words == 120


@pytest.mark.parametrize(
    ("toml", "overrides", "budget"),
    [
        ("", ["brief.sentences=3"], (3, None)),
        ("[brief]\nsentences = 2\n", ["brief.words=90"], (None, 90)),
        ("[brief]\nwords = 80\n", [], (None, 80)),
        ("", ["brief.sentences=3", "brief.words=90"], "exactly one budget"),
    ],
)
def test_a_briefing_budget_given_alone_replaces_the_other(tmp_path, toml, overrides, budget):
    config = tmp_path / "tmbrief.toml"
    config.write_text(toml, encoding="utf-8")
    if isinstance(budget, str):
        with pytest.raises(InputError, match=budget):
            with_overrides(read_config(config), overrides)
        return
    brief = with_overrides(read_config(config), overrides).brief
    assert (brief.sentences, brief.words) == budget

"""Bad input: README's table, one test per row.

Each row is handled (with a warning where something was dropped) or rejected
with one line on stderr naming the file (and line, where there is one) and
exit code 2 — never a traceback, never a partial output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, SEED_ID, SEEDS
from tmbrief.cli import main

BAD = DATA / "bad"
TM = ROOT / "tm" / f"{SEED_ID}.tsv"


def outputs(root: Path) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for d in ("segments", "tm", "exports")
        for p in sorted((root / d).rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def seeds(tmp_path) -> Path:
    """A copy of seeds/ in a fresh project directory, built once."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert main(["build", "--seeds", str(tmp_path / "seeds"), "--out", str(tmp_path)]) == 0
    return tmp_path / "seeds"


def run(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


# (row of the README table, file in tests/data/bad, command, what stderr names)
REJECTED_FILES = [
    ("empty file", "empty.zh.txt", ["clean"], "file is empty"),
    ("binary file", "binary.zh.txt", ["clean"], "binary file"),
    ("undecodable bytes", "undecodable.zh.txt", ["clean"], "undecodable.zh.txt:4: cannot decode"),
    ("truncated PO", "truncated.po", ["qa"], "truncated.po:10:"),
    ("truncated PO on import", "truncated.po", ["import", "--dry-run", "--tm", TM], ".po:10:"),
    ("PO with a duplicate msgctxt", "duplicate-msgctxt.po", ["qa"], "duplicate-msgctxt.po:12:"),
    (
        "PO with a duplicate msgctxt on import",
        "duplicate-msgctxt.po",
        ["import", "--dry-run", "--tm", TM],
        "duplicate msgctxt",
    ),
    ("TMX that is not well-formed", "not-well-formed.tmx", ["qa"], "not-well-formed.tmx:7:"),
    ("TMX with the wrong srclang", "wrong-srclang.tmx", ["qa"], "srclang"),
    (
        "TMX with the wrong srclang on import",
        "wrong-srclang.tmx",
        ["import", "--dry-run", "--tm", TM],
        "source language is en",
    ),
    ("path that does not exist", "no-such-file.zh.txt", ["clean"], "no such file"),
    ("HTML page with no article (a site index)", "site-index.zh.html", ["clean"], "no article"),
    ("HTML page with an empty <body>", "empty-body.zh.html", ["clean"], "no text in its <body>"),
    ("path that does not exist (qa)", "no-such-file.po", ["qa"], "no such file"),
]


@pytest.mark.parametrize(
    ("row", "name", "command", "needle"), REJECTED_FILES, ids=[r[0] for r in REJECTED_FILES]
)
def test_rejected_file(row, name, command, needle, capsys):
    code, _, err = run([*command[:1], BAD / name, *command[1:]], capsys)
    assert code == 2
    assert_one_line_error(err, str(BAD / name) if ":" not in needle else "", needle)


def test_glossary_with_a_malformed_row_names_its_line(capsys):
    code, _, err = run(["qa", TM, "--glossary", BAD / "glossary-malformed.tsv"], capsys)
    assert code == 2
    assert_one_line_error(err, "glossary-malformed.tsv:3:")


def test_glossary_with_a_malformed_row_stops_the_build_before_writing(seeds, capsys):
    before = outputs(seeds.parent)
    shutil.copy(BAD / "glossary-malformed.tsv", seeds / "glossary.tsv")
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 2
    assert_one_line_error(err, "glossary.tsv:3:")
    assert outputs(seeds.parent) == before


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("GB18030", lambda raw: raw.encode("gb18030")),
        ("UTF-16 with BOM", lambda raw: raw.encode("utf-16")),
        ("CRLF line ends", lambda raw: raw.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_reencoded_seed_gives_the_same_tm(seeds, name, encode, capsys):
    zh = seeds / f"{SEED_ID}.zh.txt"
    zh.write_bytes(encode(zh.read_bytes().decode("utf-8")))
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 0, err
    for rel in (f"tm/{SEED_ID}.tsv", f"tm/{SEED_ID}.beads.txt", f"exports/{SEED_ID}.tmx"):
        assert (seeds.parent / rel).read_bytes() == (ROOT / rel).read_bytes(), rel


def test_chinese_without_sentence_punctuation_is_one_segment_per_paragraph(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(BAD / "no-punctuation.zh.txt", seeds / "nopunct.zh.txt")
    shutil.copy(BAD / "no-punctuation.en.txt", seeds / "nopunct.en.txt")
    code, _, err = run(["build", "--seeds", seeds, "--out", tmp_path], capsys)
    assert code == 0, err
    rows = (tmp_path / "segments/nopunct.zh.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 3  # header + one segment for each of the three paragraphs
    beads = (tmp_path / "tm/nopunct.beads.txt").read_text().splitlines()
    assert [b.rsplit(":", 1)[0] for b in beads] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_swapped_chinese_and_english_files_are_rejected(seeds, capsys):
    zh, en = seeds / f"{SEED_ID}.zh.txt", seeds / f"{SEED_ID}.en.txt"
    zh_bytes, en_bytes = zh.read_bytes(), en.read_bytes()
    zh.write_bytes(en_bytes)
    en.write_bytes(zh_bytes)
    before = outputs(seeds.parent)
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 2
    assert_one_line_error(err, str(zh), "swapped")
    assert outputs(seeds.parent) == before


@pytest.mark.parametrize(("change", "count"), [("fewer", 22), ("more", 25)])
def test_translation_with_fewer_or_more_paragraphs_is_aligned_with_a_warning(
    seeds, capsys, change, count
):
    en = seeds / f"{SEED_ID}.en.txt"
    paragraphs = en.read_text(encoding="utf-8").strip().split("\n\n")
    if change == "fewer":
        paragraphs = paragraphs[:10] + paragraphs[12:]  # a caption and a paragraph missing
    else:
        paragraphs = (
            paragraphs[:5] + ["An extra paragraph the source does not have."] + paragraphs[5:]
        )
    en.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 0
    assert f"{count} paragraphs for 24 Chinese paragraphs" in err
    tm = (seeds.parent / f"tm/{SEED_ID}.tsv").read_text(encoding="utf-8")
    if change == "fewer":
        assert "\tuntranslated\t" in tm
    else:
        assert "An extra paragraph the source does not have." in tm


def test_xliff_with_unknown_trans_unit_ids_is_reported_and_not_applied(tmp_path, capsys):
    tm = tmp_path / "tm.tsv"
    shutil.copy(TM, tm)
    code, out, err = run(["import", BAD / "unknown-ids.xlf", "--tm", tm], capsys)
    assert code == 1
    assert "fuling-materials-20231220:9999" in out + err and "unknown tuid" in out + err
    assert tm.read_bytes() == TM.read_bytes()


def test_output_directory_that_is_not_writable(seeds, capsys):
    blocker = seeds.parent / "not-a-directory"
    blocker.write_text("a file where the output directory should be")
    code, _, err = run(["build", "--seeds", seeds, "--out", blocker], capsys)
    assert code == 2
    assert_one_line_error(err, "not-a-directory")


def test_seeds_directory_that_does_not_exist(tmp_path, capsys):
    code, _, err = run(["build", "--seeds", tmp_path / "nope"], capsys)
    assert code == 2
    assert_one_line_error(err, "seeds directory does not exist")


def test_control_character_in_the_translation_is_removed_and_reported(seeds, capsys):
    en = seeds / f"{SEED_ID}.en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("Fuling", "Fu\x07ling", 3), "utf-8")
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 0, err
    assert "\\x07" in err or "U+0007" in err
    for name in ("brief.html", "brief.md", "tmx", "xlf", "po"):
        assert b"\x07" not in (seeds.parent / f"exports/{SEED_ID}.{name}").read_bytes(), name


def test_html_page_in_gbk_declared_as_utf8_is_read_with_a_warning(capsys):
    code, out, err = run(["clean", BAD / "gbk-declared-utf8.zh.html"], capsys)
    assert code == 0
    assert_one_line_error(err, "gbk-declared-utf8.zh.html", "declared utf-8", "read as gb18030")
    assert out.startswith("习近平向2021年大湾区科学论坛致贺信\n")


def test_html_page_of_50_mb_is_rejected_before_it_is_read(tmp_path, capsys):
    page = tmp_path / "huge.zh.html"
    with page.open("wb") as f:
        f.write(b"<html><body>" + b"<p>" + "新闻".encode() * 100 + b"</p>\n")
        f.truncate(50 * 2**20)
    code, _, err = run(["clean", page], capsys)
    assert code == 2
    assert_one_line_error(err, "huge.zh.html", "page is 50.0 MB, over the")


def test_html_seed_without_an_article_stops_the_build_before_writing(seeds, capsys):
    before = outputs(seeds.parent)
    shutil.copy(BAD / "site-index.zh.html", seeds / "index.zh.html")
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 2
    assert_one_line_error(err, "index.zh.html", "no article")
    assert outputs(seeds.parent) == before


def test_seed_as_text_and_as_html_for_one_id_is_rejected(seeds, capsys):
    shutil.copy(DATA / "pages" / "cctv-greater-bay.zh.html", seeds / f"{SEED_ID}.zh.html")
    code, _, err = run(["build", "--seeds", seeds, "--out", seeds.parent], capsys)
    assert code == 2
    assert_one_line_error(err, f"{SEED_ID}.zh.txt", "same document")

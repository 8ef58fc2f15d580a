"""tmbrief import: a translator's edited PO/TMX/XLIFF/XLSX/CSV merged back into the TM."""

from __future__ import annotations

import openpyxl
import polib
import pytest
from lxml import etree

from tests import tm_fixture as fx
from tmbrief.cli import main
from tmbrief.core.textio import atomic_open
from tmbrief.formats import export_all
from tmbrief.formats.xliff import NS
from tmbrief.tm.memory import read_tm, write_tm

TM = "tm/fuling-excerpt.tsv"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """tm/fuling-excerpt.tsv and its exports in exports/, as the current directory."""
    (tmp_path / "tm").mkdir()
    (tmp_path / "exports").mkdir()
    with atomic_open(tmp_path / TM) as fh:
        write_tm(fx.all_units(), fx.HEADER, fh)
    for name, data in export_all(fx.all_units(), fx.HEADER)[0].items():
        (tmp_path / "exports" / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def units_by_tuid():
    return {u.tuid: u for u in read_tm(TM)[1]}


def edit_po(path):
    po = polib.pofile(str(path))
    title = po.find("fuling-excerpt:0", by="msgctxt")
    title.msgstr = "Spokespersons Are Here"
    review = po.find("fuling-excerpt:17", by="msgctxt")
    review.flags.remove("fuzzy")  # the reviewer accepts it
    po.save(str(path))


def test_po_edits_are_merged(project, capsys):
    edit_po(project / "exports" / "fuling-excerpt.po")
    assert main(["import", "exports/fuling-excerpt.po"]) == 0
    out = capsys.readouterr().out
    assert "~ fuling-excerpt:0 target:" in out and "  + Spokespersons Are Here" in out
    assert "~ fuling-excerpt:17 status: needs-review -> translated" in out
    assert "2 units changed, 0 rejected; wrote tm/fuling-excerpt.tsv" in out
    units = units_by_tuid()
    assert units["fuling-excerpt:0"].target == "Spokespersons Are Here"
    assert units["fuling-excerpt:17"].status == "translated"
    assert units["fuling-excerpt:p8"].status == "translated"  # rebuilt from its sentences


def test_dry_run_shows_the_diff_and_writes_nothing(project, capsys):
    before = (project / TM).read_bytes()
    edit_po(project / "exports" / "fuling-excerpt.po")
    assert main(["import", "exports/fuling-excerpt.po", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  + Spokespersons Are Here" in out and "dry run" in out and "nothing written" in out
    assert (project / TM).read_bytes() == before


def test_untouched_export_changes_nothing(project, capsys):
    before = (project / TM).read_bytes()
    for ext in ("po", "tmx", "xlf", "csv", "xlsx"):
        assert main(["import", f"exports/fuling-excerpt.{ext}"]) == 0
        assert "0 units changed, 0 rejected" in capsys.readouterr().out
    assert (project / TM).read_bytes() == before


def test_a_po_saved_by_an_editor_but_not_edited_changes_nothing(project, capsys):
    path = project / "exports" / "fuling-excerpt.po"
    polib.pofile(str(path)).save(str(path))  # re-wraps comments and long strings
    assert main(["import", str(path)]) == 0
    assert "0 units changed, 0 rejected" in capsys.readouterr().out


def test_tmx_edit(project):
    path = project / "exports" / "fuling-excerpt.tmx"
    path.write_text(path.read_text(encoding="utf-8").replace("The launch event.", "The launch."))
    assert main(["import", str(path)]) == 0
    assert units_by_tuid()["fuling-excerpt:7"].target == "The launch."
    assert units_by_tuid()["fuling-excerpt:p4"].target == "The launch. Photo: Sun Feng"


def test_xliff_edit_with_a_state(project):
    path = project / "exports" / "fuling-excerpt.xlf"
    tree = etree.parse(str(path))
    q = f"{{{NS}}}"
    tu = next(t for t in tree.iter(f"{q}trans-unit") if t.get("id") == "fuling-excerpt:10")
    tu.find(f"{q}target").set("state", "final")
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    assert main(["import", str(path)]) == 0
    assert units_by_tuid()["fuling-excerpt:10"].status == "translated"


def test_xlsx_review(project):
    path = project / "exports" / "fuling-excerpt.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = wb["units"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "fuling-excerpt:9")
    row[5].value = "Systematic Planning to Develop the Advanced Materials Cluster"
    wb.save(path)
    assert main(["import", str(path)]) == 0
    assert units_by_tuid()["fuling-excerpt:9"].target.startswith("Systematic Planning to")


def test_rejected_units_are_reported_exit_1_and_the_rest_applied(project, capsys):
    path = project / "exports" / "fuling-excerpt.po"
    po = polib.pofile(str(path))
    po.find("fuling-excerpt:0", by="msgctxt").msgid = "发言人来了"  # source changed
    po.find("fuling-excerpt:1", by="msgctxt").msgctxt = "fuling-excerpt:404"
    po.find("fuling-excerpt:2", by="msgctxt").msgstr = "Edited."
    po.save(str(path))
    assert main(["import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "! fuling-excerpt:0 not applied: source changed" in out
    assert "! fuling-excerpt:404 not applied: unknown tuid" in out
    assert "1 units changed, 2 rejected" in out
    units = units_by_tuid()
    assert units["fuling-excerpt:2"].target == "Edited."
    assert units["fuling-excerpt:0"].target == fx.units()[0].target


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (lambda p: p.write_text('msgid "broken\n', encoding="utf-8"), ["x.po"], "not PO syntax"),
        (lambda p: None, ["exports/fuling-excerpt.pot"], "carries no translations"),
        (lambda p: None, ["notes.docx"], "unknown file type"),
        (
            lambda p: p.write_text(
                (p.parent / "exports" / "fuling-excerpt.po")
                .read_text(encoding="utf-8")
                .replace("X-Tmbrief-Document: fuling-excerpt", "X-Tmbrief-Document: other-doc"),
                encoding="utf-8",
            ),
            ["x.po", "--tm", TM],
            "is for document other-doc, the TM is fuling-excerpt",
        ),
        (
            lambda p: p.write_text(
                (p.parent / "exports" / "fuling-excerpt.po")
                .read_text(encoding="utf-8")
                .replace('"Language: en\\n"', '"Language: fr\\n"'),
                encoding="utf-8",
            ),
            ["x.po"],
            "target language is fr, the TM's is en",
        ),
        (
            lambda p: p.write_text(
                (p.parent / "exports" / "fuling-excerpt.po")
                .read_text(encoding="utf-8")
                .replace('"Language: en\\n"\n', ""),
                encoding="utf-8",
            ),
            ["x.po"],
            "names no target language; the TM's is en",
        ),
    ],
)
def test_a_file_that_fails_validation_changes_nothing(project, capsys, setup, args, message):
    setup(project / "x.po")
    before = (project / TM).read_bytes()
    assert main(["import", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert (project / TM).read_bytes() == before

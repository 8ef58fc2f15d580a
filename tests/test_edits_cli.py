"""Issue 14 end to end through the CLI: human edits survive `build`, writes are all or nothing."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys

import polib
import pytest

from tests.conftest import SEED_ID, SEEDS
from tmbrief.cli import main
from tmbrief.core import textio
from tmbrief.tm.edits import read_edits
from tmbrief.tm.memory import read_tm

TM = f"tm/{SEED_ID}.tsv"
RECORD = f"tm/{SEED_ID}.edits.tsv"
PO = f"exports/{SEED_ID}.po"
EDITED = "Wu Hui, a Standing Committee member and publicity chief, attended."
TUID = f"{SEED_ID}:6"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project built from a copy of seeds/ (built once; tests copy it)."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(SEEDS, root / "seeds")
    assert main(["build", "--seeds", str(root / "seeds"), "--out", str(root)]) == 0
    return root


@pytest.fixture
def project(built, tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    monkeypatch.chdir(root)
    return root


def _outputs(root):
    return {
        str(p.relative_to(root)): p.read_bytes()
        for d in ("segments", "tm", "exports")
        for p in sorted((root / d).rglob("*"))
        if p.is_file()
    }


def _edit_po(path, tuid, target):
    po = polib.pofile(str(path))
    po.find(tuid, by="msgctxt").msgstr = target
    po.save(str(path))


def _target(tuid):
    return {u.tuid: u for u in read_tm(TM)[1]}[tuid].target


def test_an_imported_edit_survives_build(project, capsys):
    _edit_po(project / PO, TUID, EDITED)
    assert main(["import", PO]) == 0
    assert "1 edits to tm/" in capsys.readouterr().out
    [edit] = read_edits(RECORD)
    assert (edit.seq, edit.tuid, edit.new_target, edit.file) == (1, TUID, EDITED, PO)
    assert edit.old_target.endswith("attended the event.")
    assert main(["build"]) == 0
    assert _target(TUID) == EDITED
    assert "edit-conflict" not in (project / f"exports/{SEED_ID}.qa.md").read_text()
    # Every export says which units a person made, when and from which file.
    origin = f"edited {edit.time} from {PO} (edit 1)"
    tmx = (project / f"exports/{SEED_ID}.tmx").read_text(encoding="utf-8")
    assert tmx.count(f'<prop type="x-origin">{origin}</prop>') == 1
    assert main(["export", "--format", "csv", "--out-dir", "again"]) == 0
    again = (project / f"again/{SEED_ID}.csv").read_text(encoding="utf-8-sig")
    assert again.count(origin) == 1
    # Deterministic: building again gives the same bytes (the record is an input).
    before = _outputs(project)
    assert main(["build"]) == 0
    assert _outputs(project) == before


def test_a_conflicting_edit_is_reported_kept_and_discarded_only_on_request(project, capsys):
    _edit_po(project / PO, TUID, EDITED)
    assert main(["import", PO]) == 0
    record = (project / RECORD).read_bytes()
    # The human translation under the edit changes: the fresh alignment differs.
    en = project / "seeds" / f"{SEED_ID}.en.txt"
    en.write_text(
        en.read_text(encoding="utf-8").replace("attended the event.", "took part in the event."),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["build"]) == 1
    captured = capsys.readouterr()
    assert f"edit conflict: edit 1 of {TUID} (from {PO})" in captured.err
    assert "the target changed under the edit" in captured.err
    assert "1 recorded edits conflict" in captured.out
    assert _target(TUID).endswith("took part in the event.")
    qa = (project / f"exports/{SEED_ID}.qa.md").read_text(encoding="utf-8")
    assert "| edit-conflict |" in qa and "recorded edit 1" in qa
    assert (project / RECORD).read_bytes() == record  # kept for a person
    # Resolving: re-edit the unit from a fresh export and import it.
    _edit_po(project / PO, TUID, EDITED + " (again)")
    assert main(["import", PO]) == 0
    assert main(["build"]) == 0
    assert _target(TUID) == EDITED + " (again)"
    # Discarding says what it drops and removes the record.
    capsys.readouterr()
    assert main(["build", "--discard-edits"]) == 0
    out = capsys.readouterr().out
    assert f"discarded edit 1 of {TUID}" in out and f"discarded edit 2 of {TUID}" in out
    assert "discarded 2 recorded edits" in out
    assert not (project / RECORD).exists()
    assert _target(TUID).endswith("took part in the event.")


def test_build_says_when_it_replaces_a_change_no_edit_explains(project, capsys):
    tm = project / TM
    text = tm.read_text(encoding="utf-8")
    tm.write_text(text.replace("attended the event.", "attended (typed into the TM)."), "utf-8")
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert f"{TUID} replaced: it held" in err and "no recorded edit explains" in err


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
def test_a_failed_write_leaves_every_previous_output(project, monkeypatch, capsys, code):
    _edit_po(project / PO, TUID, EDITED)
    assert main(["import", PO]) == 0
    before = _outputs(project)
    written = []
    real = textio._write_fd

    def failing(fd, data):
        written.append(1)
        if len(written) == 5:  # the fifth file of the set: some are already complete
            import os

            os.close(fd)
            raise OSError(code, os.strerror(code))
        real(fd, data)

    monkeypatch.setattr(textio, "_write_fd", failing)
    assert main(["build", "--discard-edits"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tmbrief: error: ")
    assert "nothing was changed" in err[0]
    assert _outputs(project) == before  # the record too: nothing discarded
    leftovers = [p for p in project.rglob(".*.tmp")]
    assert leftovers == []
    # export and import are all or nothing too
    written.clear()
    assert main(["export"]) == 2
    assert _outputs(project) == before
    written.clear()
    _edit_po(project / PO, f"{SEED_ID}:0", "A new title")
    written.append(1)  # the import writes two files: fail on the second (the record)
    written.append(1)
    written.append(1)
    assert main(["import", PO]) == 2
    assert {k: v for k, v in _outputs(project).items() if k != PO} == {
        k: v for k, v in before.items() if k != PO
    }


# --- Scenario 2: stale files cannot undo newer edits (three-way import) -------------------

EXCERPT_TM = "tm/fuling-excerpt.tsv"


@pytest.fixture
def excerpt(tmp_path, monkeypatch):
    """tm/fuling-excerpt.tsv and all its exports, made at the same time."""
    from tests import tm_fixture as fx
    from tmbrief.core.textio import atomic_write
    from tmbrief.formats import FORMATS, export_all, write_bytes

    (tmp_path / "tm").mkdir()
    (tmp_path / "exports").mkdir()
    atomic_write(tmp_path / EXCERPT_TM, write_bytes(FORMATS["tsv"], fx.all_units(), fx.HEADER)[0])
    for name, data in export_all(fx.all_units(), fx.HEADER)[0].items():
        (tmp_path / "exports" / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _excerpt_unit(tuid):
    return {u.tuid: u for u in read_tm(EXCERPT_TM)[1]}[tuid]


def _edit_csv(path, edits):
    import csv

    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "tuid")
    col = rows[head].index("target")
    for r in rows[head + 1 :]:
        if r and r[0] in edits:
            r[col] = edits[r[0]]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_an_older_export_does_not_undo_a_newer_edit(excerpt, capsys):
    po, csv_file = "exports/fuling-excerpt.po", "exports/fuling-excerpt.csv"
    _edit_po(excerpt / po, "fuling-excerpt:0", "Title from the PO")
    assert main(["import", po]) == 0
    _edit_csv(excerpt / csv_file, {"fuling-excerpt:2": "Sentence from the CSV"})
    capsys.readouterr()
    assert main(["import", csv_file]) == 0
    assert "1 units changed, 0 rejected" in capsys.readouterr().out
    assert _excerpt_unit("fuling-excerpt:0").target == "Title from the PO"  # not reverted
    assert _excerpt_unit("fuling-excerpt:2").target == "Sentence from the CSV"
    # The untouched XLSX and TMX of the same export change nothing.
    before = (excerpt / EXCERPT_TM).read_bytes()
    for name in ("exports/fuling-excerpt.xlsx", "exports/fuling-excerpt.tmx"):
        assert main(["import", name]) == 0
        assert (excerpt / EXCERPT_TM).read_bytes() == before
    assert [e.file for e in read_edits("tm/fuling-excerpt.edits.tsv")] == [po, csv_file]


def test_a_unit_changed_in_the_file_and_in_the_tm_is_a_conflict(excerpt, capsys):
    po, xlf = "exports/fuling-excerpt.po", "exports/fuling-excerpt.xlf"
    _edit_po(excerpt / po, "fuling-excerpt:0", "Title from the PO")
    assert main(["import", po]) == 0
    from lxml import etree

    from tmbrief.formats.xliff import NS

    tree = etree.parse(str(excerpt / xlf))
    unit = tree.find(f".//{{{NS}}}trans-unit[@id='fuling-excerpt:0']")
    unit.find(f"{{{NS}}}target").text = "Title from the XLIFF"
    tree.write(str(excerpt / xlf), encoding="UTF-8", xml_declaration=True)
    capsys.readouterr()
    assert main(["import", xlf]) == 1
    out = capsys.readouterr().out
    assert "! fuling-excerpt:0 not applied: conflict: changed in the file and in the TM" in out
    assert _excerpt_unit("fuling-excerpt:0").target == "Title from the PO"


def test_a_file_without_base_merges_two_way_with_a_warning(excerpt, capsys):
    po = excerpt / "exports/fuling-excerpt.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    po.write_text("\n".join(x for x in lines if "base b" not in x), encoding="utf-8")
    _edit_po(po, "fuling-excerpt:0", "Title without base")
    assert main(["import", str(po)]) == 0
    err = capsys.readouterr().err
    assert "carries no base" in err
    assert _excerpt_unit("fuling-excerpt:0").target == "Title without base"


# --- Scenario 5: other tools' files come in ---------------------------------------------


def test_a_po_with_a_plural_entry_is_checked_and_imported(excerpt, capsys):
    po = excerpt / "exports/fuling-excerpt.po"
    text = po.read_text(encoding="utf-8")
    # An editor turned one entry into a plural entry (gettext syntax).
    entry = 'msgctxt "fuling-excerpt:2"\n'
    head, rest = text.split(entry)
    msgid, msgstr, tail = rest.split("\n", 2)
    plural = f'{msgid}\nmsgid_plural "{msgid[7:-1]}"\nmsgstr[0] "Edited in a plural entry"\n'
    po.write_text(head + entry + plural + 'msgstr[1] "Edited, plural"\n' + tail, encoding="utf-8")
    assert main(["qa", str(po)]) in (0, 1)
    assert main(["import", str(po)]) == 0
    unit = _excerpt_unit("fuling-excerpt:2")
    assert unit.target == "Edited in a plural entry"
    assert any("msgstr[1]='Edited, plural'" in n for n in unit.notes)


@pytest.mark.parametrize(
    ("sep", "encoding"), [(";", "utf-8-sig"), (";", "utf-16"), ("\t", "utf-8")]
)
def test_a_csv_resaved_by_a_spreadsheet_imports(excerpt, capsys, sep, encoding):
    import csv

    path = excerpt / "exports/fuling-excerpt.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    rows[1][rows[0].index("target")] = "Re-saved by a spreadsheet"
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)
    assert main(["import", str(path)]) == 0
    assert _excerpt_unit("fuling-excerpt:0").target == "Re-saved by a spreadsheet"


def test_a_csv_saved_from_the_xlsx_sheet_gets_a_hint(excerpt, capsys):
    import pandas as pd

    frame = pd.read_excel(excerpt / "exports/fuling-excerpt.xlsx", sheet_name="units", dtype=str)
    frame.to_csv(excerpt / "units.csv", sep=";", index=False)
    assert main(["import", "units.csv", "--tm", EXCERPT_TM]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "import the XLSX itself, or re-export the CSV" in err


def _killed_while_staging(root, name: str, data: bytes) -> list:
    """What a build killed while it wrote leaves: its temp file, never renamed (a child
    process stages ``name`` under ``root`` and exits at once, as SIGKILL would)."""
    code = (
        "import os, sys\n"
        "from tmbrief.core.textio import StagedFiles\n"
        "files = StagedFiles(sys.argv[1])\n"
        "files[sys.argv[2]] = sys.argv[3].encode()\n"
        "os._exit(9)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(root), name, data.decode()])
    assert run.returncode == 9
    return sorted(root.rglob(".*.tmp"))


def test_a_build_removes_the_temp_files_of_a_killed_build_only(project, capsys):
    before = _outputs(project)
    left = _killed_while_staging(project, TM, b"half a TM")
    assert len(left) == 1 and left[0].name.startswith(f".{SEED_ID}.tsv.")
    mine = project / "tm" / ".notes.tmp"  # not a tmbrief temp file: kept
    mine.write_text("a person's file", encoding="utf-8")
    with textio.StagedFiles(project).open("exports/live.txt") as fh:
        fh.write("a live build's")  # this process is alive: its temp file is kept
    live = [p for p in project.rglob(".live.txt.*.tmp")]
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert f"{left[0].relative_to(project)}: removed, a temp file of a build that was killed" in err
    assert not left[0].exists() and mine.exists() and len(live) == 1 and live[0].exists()
    after = _outputs(project)
    assert {k: v for k, v in after.items() if not k.rsplit("/", 1)[-1].startswith(".")} == before

"""Reading any encoding the same way, rejecting bad files, writing atomically."""

from __future__ import annotations

import codecs
import errno
import os

import pytest

from tests.conftest import SEED_ZH
from tmbrief.clean.cleaner import clean
from tmbrief.core.errors import InputError, OutputError
from tmbrief.core.textio import (
    StagedFiles,
    atomic_open,
    atomic_write,
    commit_files,
    decode,
    input_errors,
    read_text_with_encoding,
    require_file,
)

RAW = SEED_ZH.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("utf-8", RAW.encode("utf-8"), "utf-8"),
        ("utf-8 with BOM", codecs.BOM_UTF8 + RAW.encode("utf-8"), "utf-8-sig"),
        ("utf-16 LE with BOM", RAW.encode("utf-16"), "utf-16"),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + RAW.encode("utf-16-be"), "utf-16"),
        ("gb18030", RAW.encode("gb18030"), "gb18030"),
        # GBK lacks the bullet of a dropped menu line; the article text is all there
        ("gbk", RAW.replace("\u2022", "·").encode("gbk"), "gb18030"),
        ("CRLF", RAW.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        ("gb18030 + CRLF", RAW.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
    ],
)
def test_every_encoding_cleans_to_identical_paragraphs(tmp_path, seed_doc, name, data, encoding):
    path = tmp_path / "a.zh.txt"
    path.write_bytes(data)
    text, used = read_text_with_encoding(path)
    assert used == encoding
    assert clean(text, "t").paragraphs == seed_doc.paragraphs


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "file is empty", None),
        (b" \n\n\t\n", "no text", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", None),
        (bytes(range(1, 32)) * 4, "binary file", None),
        ("第一行\n第二行\n".encode() + b"\xff\xfe\xfd\x80\x80", "cannot decode", 3),
    ],
)
def test_bad_files_are_rejected_naming_file_and_line(tmp_path, data, message, line):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_text_with_encoding(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.line == line


def test_forced_encoding_wins_over_detection(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("涪陵".encode("gb18030"))
    assert read_text_with_encoding(path, "gb18030")[0] == "涪陵"
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        read_text_with_encoding(path, "utf-8")


def test_decode_normalises_to_nfc_not_nfkc():
    text, _ = decode("e\u0301，１".encode(), "x")
    assert text == "\u00e9，１"


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text_with_encoding(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (FileNotFoundError(2, "No such file or directory"), "no such file"),
        (IsADirectoryError(21, "Is a directory"), "is a directory, expected a file"),
        (PermissionError(13, "Permission denied"), "permission denied"),
    ],
)
def test_input_errors_name_the_file(error, message):
    with pytest.raises(InputError) as info, input_errors("in.txt"):
        raise error
    assert str(info.value) == f"in.txt: {message}"
    assert info.value.__cause__ is error


def test_input_errors_let_other_os_errors_through():
    with pytest.raises(OSError, match="disk on fire"), input_errors("in.txt"):
        raise OSError(5, "disk on fire")


def test_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory, expected a file"):
        read_text_with_encoding(tmp_path)


@pytest.mark.parametrize(
    ("name", "message"),
    [("absent.txt", "no such file"), (".", "not a file")],
)
def test_require_file(tmp_path, name, message):
    with pytest.raises(InputError, match=message):
        require_file(tmp_path / name)


def test_require_file_accepts_a_file(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    require_file(tmp_path / "a.txt")


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write(target, "old")
    atomic_write(target, "新")
    assert target.read_text(encoding="utf-8") == "新"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_open_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write(target, "old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_staged_files_are_temp_files_until_commit(tmp_path):
    (tmp_path / "old.txt").write_text("old")
    (tmp_path / "gone.txt").write_text("gone")
    files = StagedFiles(tmp_path)
    files["out/a.txt"] = b"a"
    with files.open("out/b.txt") as fh:
        fh.write("b\r\n")  # text: UTF-8, line ends as written
    files["old.txt"] = b"new"
    files["gone.txt"] = None
    assert (tmp_path / "old.txt").read_text() == "old" and (tmp_path / "gone.txt").exists()
    assert not (tmp_path / "out" / "a.txt").exists()
    assert dict(files) == {"out/a.txt": b"a", "out/b.txt": b"b\r\n", "old.txt": b"new"}
    files.commit()
    assert (tmp_path / "out" / "b.txt").read_bytes() == b"b\r\n"
    assert (tmp_path / "old.txt").read_text() == "new" and not (tmp_path / "gone.txt").exists()
    assert files["out/a.txt"] == b"a"
    assert not list(tmp_path.rglob("*.tmp"))


def test_discarded_staged_files_leave_nothing(tmp_path):
    (tmp_path / "old.txt").write_text("old")
    files = StagedFiles(tmp_path)
    files["old.txt"] = b"new"
    files["new/deeper/a.txt"] = b"a"
    with pytest.raises(RuntimeError), files.open("new/b.txt") as fh:
        fh.write("half")
        raise RuntimeError("failed while writing")
    files.discard()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["old.txt"]
    assert (tmp_path / "old.txt").read_text() == "old"


def test_staged_file_that_cannot_be_written_is_an_output_error(tmp_path):
    (tmp_path / "out").write_text("a file where the directory should be")
    files = StagedFiles(tmp_path)
    with pytest.raises(OutputError, match="out"):
        files["out/a.txt"] = b"a"


def test_every_staged_file_is_flushed_to_disk_before_any_rename(tmp_path, monkeypatch):
    calls: list[str] = []
    fsync, replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), replace(a, b))[1])
    files = StagedFiles(tmp_path)
    for i in range(20):  # more files than sync threads
        files[f"out/{i}.txt"] = str(i).encode()
    with files.open("out/text.txt") as fh:
        fh.write("text")
    assert calls == []  # nothing flushed while staging: all at the commit
    files.commit()
    assert calls == ["fsync"] * 21 + ["replace"] * 21
    assert (tmp_path / "out" / "7.txt").read_bytes() == b"7"


@pytest.mark.parametrize("commit", ["staged", "commit_files"])
def test_a_file_that_cannot_be_flushed_changes_nothing(tmp_path, monkeypatch, commit):
    # A full disk may say so only when the data is flushed (delayed allocation).
    (tmp_path / "a.txt").write_text("old")
    fsync = os.fsync

    def full(fd):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / ".b.txt.")):
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=r"b\.txt.*No space left.*nothing was changed"):
        if commit == "staged":
            files = StagedFiles(tmp_path)
            files["a.txt"], files["b.txt"] = b"new", b"b"
            try:
                files.commit()
            finally:
                files.discard()
        else:
            commit_files({tmp_path / "a.txt": b"new", tmp_path / "b.txt": b"b"})
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "old"

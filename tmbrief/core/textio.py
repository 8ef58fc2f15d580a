"""Reading text whatever its encoding, and writing outputs atomically.

Encodings read: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, and
GB18030 (a superset of GBK and GB2312) detected when the bytes are not UTF-8.
Line ends CRLF, CR and LF all become LF. Text is normalised to NFC, never NFKC,
so full-width punctuation stays full-width.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import hashlib
import io
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

from tmbrief.core.errors import InputError, OutputError

# (BOM, codec) pairs, longest first so UTF-32-LE is not taken for UTF-16-LE.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Fallback encodings tried, in order, when there is no BOM and UTF-8 fails.
FALLBACK_ENCODINGS = ("gb18030",)

# Share of C0 control characters (other than tab, LF, CR, FF) above which a file is binary.
BINARY_CONTROL_SHARE = 0.05


def decode(data: bytes, path, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` read from ``path``; return (text with LF line ends, NFC; encoding used).

    Raises InputError (naming the file and, for bad bytes, the line) for empty,
    binary or undecodable input.
    """
    if not data:
        raise InputError(path, "file is empty")
    if encoding is None:
        encoding = _detect(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, f"cannot decode as {encoding}: {exc.reason}", line) from exc
    except LookupError as exc:
        raise InputError(path, f"unknown encoding {encoding!r}") from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(path, "file has no text (only whitespace)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), encoding


def detect_encoding(data: bytes, path) -> str:
    """The codec :func:`decode` would use for ``data`` (InputError, with hints, if none)."""
    return _detect(data, path)


def _detect(data: bytes, path) -> str:
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise InputError(
                path,
                f"looks like {utf16} without a byte-order mark: re-save it as UTF-8 "
                "(or UTF-16 with BOM), or give --encoding where the command has it",
            )
        raise InputError(path, "binary file (NUL bytes, and no UTF-16/32 byte-order mark)")
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    if controls > BINARY_CONTROL_SHARE * len(data):
        raise InputError(path, "binary file (too many control bytes)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as utf8_error:
        for codec in FALLBACK_ENCODINGS:
            try:
                data.decode(codec)
                return codec
            except UnicodeDecodeError:
                continue
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            path,
            "cannot decode: neither UTF-8 nor GB18030 (use --encoding to choose one)",
            line,
        ) from utf8_error


def _utf16_without_bom(data: bytes) -> str | None:
    """``UTF-16-LE``/``-BE`` when ``data`` decodes so and its NULs are the high bytes."""
    sample = data[: 4096 - 4096 % 2]
    if len(sample) < 4:
        return None
    for name, nul_at in (("UTF-16-LE", 1), ("UTF-16-BE", 0)):
        # Mostly ASCII text in UTF-16: NULs in the high byte of many code units, and
        # (nearly) only there (a Han character may end in 00, never start a file so).
        nuls, others = sample[nul_at::2].count(0), sample[1 - nul_at :: 2].count(0)
        if nuls >= 0.1 * (len(sample) // 2) and others <= 0.1 * nuls:
            try:
                data.decode(name.lower())
            except UnicodeDecodeError:
                continue
            return name
    return None


def read_text(path, encoding: str | None = None) -> str:
    """Read a text file with :func:`decode`; raise InputError for a missing path."""
    return read_text_with_encoding(path, encoding)[0]


def read_text_with_encoding(path, encoding: str | None = None) -> tuple[str, str]:
    """Like :func:`read_text`, also returning the encoding that was used."""
    with input_errors(path):
        data = Path(path).read_bytes()
    return decode(data, path, encoding)


@contextlib.contextmanager
def input_errors(path) -> Iterator[None]:
    """Raise InputError naming ``path`` for a missing, directory or unreadable input file.

    Wrap the code that opens ``path``; other OSErrors pass through unchanged.
    """
    try:
        yield
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory, expected a file") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied") from exc


def require_file(path) -> None:
    """Raise InputError unless ``path`` is a regular file (before a library opens it)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(path, "no such file" if not p.exists() else "not a file")


# A temp file beside its target: ".<name>.<host>-<pid>.<random>.tmp", so that one left by a
# process that is gone (killed while it wrote) can be told from one still being written.
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>\d+)\.[^.]+\.tmp")


@functools.cache
def _host() -> str:
    import socket  # only when a temp file is made (start-up)

    return hashlib.blake2b(socket.gethostname().encode(), digest_size=4).hexdigest()


def temp_beside(target: Path, directory: Path) -> tuple[int, str]:
    """A new temp file for ``target`` in ``directory`` (mkstemp), named after this process."""
    prefix = f".{target.name}.{_host()}-{os.getpid()}."
    return tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)


def remove_stale_temps(root) -> list[Path]:
    """Remove the temp files under ``root`` that a process of this machine that is gone
    left behind (killed while it wrote: its outputs were never renamed into place);
    the paths removed. A live process's temp files, and other files, are left alone."""
    removed = []
    host = _host()
    for path in sorted(Path(root).rglob(".*.tmp")):
        m = _TEMP_NAME.fullmatch(path.name)
        if m is None or m["host"] != host or _alive(int(m["pid"])):
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


@contextlib.contextmanager
def atomic_open(path, mode: str = "w") -> Iterator:
    """Open a temp file next to ``path``; on success fsync and rename it over ``path``.

    On any exception the temp file is removed and ``path`` is untouched. Text mode
    writes UTF-8 with LF line ends.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = temp_beside(target, directory)
    except FileNotFoundError as exc:
        raise OutputError(directory, "output directory does not exist") from exc
    except PermissionError as exc:
        raise OutputError(directory, "output directory is not writable") from exc
    try:
        if "b" in mode:
            fh = os.fdopen(fd, mode)
        else:
            fh = os.fdopen(fd, mode, encoding="utf-8", newline="\n")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_fd(fd: int, data: bytes) -> None:
    """Write ``data`` to the open descriptor ``fd`` and close it (not yet on disk: _sync_all)."""
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


# Temp files flushed to disk at once (one thread each, up to this many at a time).
SYNC_THREADS = 8


def _sync_all(staged: list[tuple[str | Path, Path]]) -> None:
    """Flush every (temp file, target) pair's temp file to disk; OSError names its target.

    The fsyncs are issued together from threads once every file is written, not one
    after another as each is made: the file system commits them in one or a few
    journal transactions (19 outputs of the seed: 0.06-0.14 s one by one, 0.01-0.06 s
    together, on a loaded disk). The guarantee is the same: every file on disk before
    any rename.
    """
    errors: dict[int, tuple[Path, OSError]] = {}

    def sync(start: int) -> None:
        for i in range(start, len(staged), SYNC_THREADS):
            tmp, target = staged[i]
            try:
                fd = os.open(tmp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                errors[i] = (target, exc)

    threads = [
        threading.Thread(target=sync, args=(start,))
        for start in range(min(SYNC_THREADS, len(staged)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        target, exc = errors[min(errors)]
        raise _unwritten(target, exc) from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _unwritten(target, exc: OSError) -> OutputError:
    """The error of an output that could not be written, and left everything as it was."""
    return OutputError(target, f"cannot write ({_reason(exc)}); nothing was changed")


def commit_files(files: Mapping[Path | str, bytes | None]) -> None:
    """Write a set of outputs all or nothing: every file, or none of them.

    Every new content (``bytes``) goes to a temp file next to its target and is
    flushed to disk; only when all are complete are they renamed into place and
    the paths mapped to ``None`` removed. Any failure before that (ENOSPC,
    EACCES, a missing directory) removes the temp files, leaves every target as
    it was, and raises one OutputError naming the file and the reason. (The
    renames that follow cannot run out of space; they are atomic per file.)
    """
    staged: list[tuple[str, Path]] = []
    current: Path | None = None
    try:
        for path, data in files.items():
            if data is None:
                continue
            current = Path(path)
            directory = current.parent if str(current.parent) else Path(".")
            fd, tmp = temp_beside(current, directory)
            staged.append((tmp, current))
            _write_fd(fd, data)
            os.chmod(tmp, 0o644)
        current = None
        _sync_all(staged)
    except BaseException as exc:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError) and current is not None:
            raise _unwritten(current, exc) from exc
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    for path, data in files.items():
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def atomic_write(path, data: str | bytes) -> None:
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` atomically (see commit_files)."""
    commit_files({path: data.encode("utf-8") if isinstance(data, str) else data})


# ``open_file(name, binary)``: a stream whose content becomes output ``name`` when the
# block ends (OutputFiles.open, StagedFiles.open); what the streaming writers take.
OpenFile = Callable[[str, bool], contextlib.AbstractContextManager[IO]]


class OutputFiles(dict):
    """Output files in memory (relative path -> bytes; None removes the file), made one by one.

    ``open(name)`` gives a stream whose content becomes the file's when it is
    closed; :class:`StagedFiles` is the same interface on disk.
    """

    @contextlib.contextmanager
    def open(self, name: str, binary: bool = False) -> Iterator:
        """A stream for the content of ``name`` (text: UTF-8, line ends as written)."""
        buffer = io.BytesIO() if binary else io.StringIO(newline="")
        yield buffer
        data = buffer.getvalue()
        self[name] = data if binary else data.encode("utf-8")


class StagedFiles(Mapping[str, bytes]):
    """Output files under ``root``, each written to a temp file next to its target as it is made.

    A build so holds none of its outputs in memory; :meth:`commit` renames them
    all into place at the end (all or nothing, as :func:`commit_files`) and
    :meth:`discard` removes the temp files, leaving every target as it was. Set
    a file to ``None`` to remove it on commit. Reading a file gives its staged
    content (its written one after the commit).
    """

    def __init__(self, root) -> None:
        self.root = Path(root)
        self._staged: dict[str, Path | None] = {}
        self._created: list[Path] = []  # directories made for the outputs (discard removes them)
        self._committed = False

    def __getitem__(self, name: str) -> bytes:
        path = self._staged[name]
        if path is None:
            raise KeyError(name)
        return (self.root / name if self._committed else path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return (name for name, path in self._staged.items() if path is not None)

    def __len__(self) -> int:
        return sum(1 for path in self._staged.values() if path is not None)

    def __setitem__(self, name: str, data: bytes | None) -> None:
        if data is None:
            self._unstage(name)
            self._staged[name] = None
            return
        with self._temp(name) as fd:
            _write_fd(fd, data)

    def update(self, files: Mapping[str, bytes | None]) -> None:
        for name, data in files.items():
            self[name] = data

    @contextlib.contextmanager
    def open(self, name: str, binary: bool = False) -> Iterator:
        """A stream to the temp file of ``name`` (text: UTF-8, line ends as written).

        OutputError (naming the file) if it cannot be written; a failure inside
        the block leaves no temp file for ``name``.
        """
        with self._temp(name) as fd:
            if binary:
                fh = os.fdopen(fd, "wb")
            else:
                fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
            with fh:
                yield fh

    @contextlib.contextmanager
    def _temp(self, name: str) -> Iterator[int]:
        """The descriptor of a new temp file for ``name``, staged once the block ends."""
        target = self.root / name
        self._make_directory(target.parent)
        try:
            fd, tmp = temp_beside(target, target.parent)
        except OSError as exc:
            raise _unwritten(target, exc) from exc
        try:
            yield fd
            os.chmod(tmp, 0o644)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise _unwritten(target, exc) from exc
            raise
        self._unstage(name)
        self._staged[name] = Path(tmp)

    def _make_directory(self, directory: Path) -> None:
        missing = []
        while not directory.exists() and directory not in missing:
            missing.append(directory)
            directory = directory.parent
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                continue
            except OSError as exc:
                raise OutputError(path, f"cannot create output directory: {_reason(exc)}") from exc
            self._created.append(path)

    def _unstage(self, name: str) -> None:
        old = self._staged.pop(name, None)
        if old is not None:
            with contextlib.suppress(OSError):
                os.unlink(old)

    def commit(self) -> None:
        """Flush every staged file to disk, rename each into place, remove the files set to None.

        OutputError (naming the file) if one cannot be flushed (a full disk may say so
        only now): then nothing is renamed and :meth:`discard` removes the temp files.
        """
        _sync_all([(tmp, self.root / name) for name, tmp in self._staged.items() if tmp])
        for name, tmp in sorted(self._staged.items()):
            if tmp is not None:
                os.replace(tmp, self.root / name)
        for name, tmp in self._staged.items():
            if tmp is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.root / name)
        self._committed = True

    def discard(self) -> None:
        """Remove every temp file: the targets stay as they were."""
        for name in list(self._staged):
            self._unstage(name)
        for directory in reversed(self._created):
            with contextlib.suppress(OSError):
                directory.rmdir()  # only if empty
        self._created.clear()

"""The user's cache: where tmbrief keeps what it can rebuild (jieba's prefix dictionary, ...).

Caches live in the user's cache directory (``platformdirs.user_cache_dir``, e.g.
``~/.cache/tmbrief/v1`` on Linux), never in a shared temp directory, or in
``$TMBRIEF_CACHE_DIR/v1`` when that variable is set (tests, read-only homes).
A cache file is written once, atomically (a temp file in the same directory,
fsynced, then renamed), so two processes building it at once each write a
complete file and a reader never sees half of one. Every file starts with the
SHA-256 of its payload: a truncated, corrupt or foreign file reads as missing.
The large look-up tables of tmbrief.core.table are the exception: a run looks at a
few thousand of their buckets, so they are mapped (:func:`map_cache`), not read,
and carry a CRC-32 per bucket, checked as each bucket is read (a check of the
whole 40 MB would cost more than the look-ups).

A missing, read-only or broken cache directory only costs time: :func:`read_cache`
returns None and :func:`write_cache` returns False, both logging at debug level,
never raising.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mmap
import os
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

CACHE_ENV = "TMBRIEF_CACHE_DIR"
# Bump when the layout of any cache file changes: old files are then simply not read.
CACHE_VERSION = "v1"
_DIGESTS = {
    "sha256": (hashlib.sha256().digest_size, lambda data: hashlib.sha256(data).digest()),
    "crc32": (4, lambda data: zlib.crc32(data).to_bytes(4, "little")),
    "none": (0, lambda data: b""),  # a format that checks itself (map_cache)
}

T = TypeVar("T")


def cache_dir() -> Path:
    """The versioned cache directory (it may not exist yet)."""
    base = os.environ.get(CACHE_ENV) or _linux_cache_dir()
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("tmbrief", appauthor=False)
    return Path(base) / CACHE_VERSION


def _linux_cache_dir() -> str | None:
    """platformdirs' user cache directory in the plain cases of Linux, without its import.

    The XDG base directory rule (an absolute ``$XDG_CACHE_HOME``, else
    ``$HOME/.cache``) saves the 10-20 ms platformdirs' import costs each run;
    anything less plain (no absolute home, another system) is left to platformdirs.
    A test checks that the two agree.
    """
    if sys.platform != "linux":
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "tmbrief")
    home = os.environ.get("HOME", "")
    return os.path.join(home, ".cache", "tmbrief") if os.path.isabs(home) else None


def cache_name(stem: str, *parts: object) -> str:
    """A cache file name for ``stem`` keyed by ``parts`` (versions, source sizes and mtimes).

    ``cache_name("jieba", "0.42.1", 5071123)`` -> ``jieba-<16 hex>.bin``: any change
    of a part gives a new name, so a stale cache is never read.
    """
    key = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return f"{stem}-{key}.bin"


def file_key(path) -> str:
    """``size:mtime_ns`` of a source file, for :func:`cache_name`; ``missing`` if unreadable."""
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


def read_cache(name: str, digest: str = "sha256", directory: Path | None = None) -> bytes | None:
    """The payload of cache file ``name``, or None if it is missing, unreadable or corrupt.

    ``digest`` names the check the file was written with (``sha256`` or ``crc32``);
    ``directory`` is :func:`cache_dir` unless given.
    """
    path = (directory or cache_dir()) / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.debug("cache %s not read: %s", path, exc)
        return None
    size, compute = _DIGESTS[digest]
    check, payload = data[:size], data[size:]
    if len(check) != size or compute(payload) != check:
        log.debug("cache %s is corrupt; ignored", path)
        return None
    return payload


def map_cache(name: str) -> memoryview | None:
    """Cache file ``name`` mapped read-only, or None if it is missing or unreadable.

    For files written with ``digest="none"`` whose format checks itself as it is
    read (tmbrief.core.table checks each bucket): nothing is read up front, so a
    run pays only for the pages it looks at.
    """
    path = cache_dir() / name
    try:
        with open(path, "rb") as fh:
            return memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
        log.debug("cache %s not mapped: %s", path, exc)
        return None


def write_cache(
    name: str, payload: bytes, digest: str = "sha256", directory: Path | None = None
) -> bool:
    """Write cache file ``name`` atomically; False (logged at debug) if it cannot be written.

    ``directory`` is :func:`cache_dir` unless given.
    """
    directory = directory or cache_dir()
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_DIGESTS[digest][1](payload))
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, directory / name)
        return True
    except OSError as exc:
        log.debug("cache %s not written: %s", directory / name, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def cached(
    name: str,
    build: Callable[[], T],
    dump: Callable[[T], bytes],
    load: Callable[[bytes], T],
) -> T:
    """``load`` of cache file ``name``, or ``build()`` (then cached with ``dump``).

    A payload that ``load`` rejects (any exception) counts as missing, so a
    cache written by another version never breaks a run.
    """
    payload = read_cache(name)
    if payload is not None:
        try:
            return load(payload)
        except Exception as exc:  # any bad payload only means: build it again
            log.debug("cache %s unreadable (%s); rebuilding", name, exc)
    value = build()
    write_cache(name, dump(value))
    return value

"""Limits on untrusted input files: size, unit count, and what a zip may unpack to.

Every format reader checks the file's size before parsing and counts units as it
reads (as translate-toolkit budgets its extraction), so a hostile or broken file
costs bounded time and memory and fails with a clear one-line error. XLSX is a
zip: its entries' declared sizes are checked before anything is unpacked, so a
zip bomb is refused without inflating it.

The caps are far above any real article's exports (the seed's XLSX unpacks to
~0.3 MB, its TMX is ~0.2 MB with ~100 units).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass

from tmbrief.core.errors import InputError


@dataclass(frozen=True)
class Limits:
    """Caps for one file read by a format reader."""

    max_bytes: int = 256 * 1024 * 1024  # the file on disk
    max_units: int = 1_000_000  # units (tu, trans-unit, PO entry, row)
    max_unpacked: int = 512 * 1024 * 1024  # sum of a zip's uncompressed entries
    max_ratio: int = 200  # uncompressed / compressed, per zip entry (zip bombs: ~1000+)


LIMITS = Limits()


def check_size(path, limits: Limits | None = None) -> None:
    """InputError when ``path`` is larger than the size cap (missing files pass: readers say so)."""
    limits = limits or LIMITS
    try:
        size = os.stat(path).st_size
    except OSError:
        return
    if size > limits.max_bytes:
        raise InputError(
            path, f"file is {size:,} bytes, more than the {limits.max_bytes:,} tmbrief reads"
        )


def check_units(path, count: int, limits: Limits | None = None) -> None:
    """InputError once a reader has read more units than the unit cap."""
    limits = limits or LIMITS
    if count > limits.max_units:
        raise InputError(path, f"more than {limits.max_units:,} units; tmbrief reads no more")


def check_zip(path, limits: Limits | None = None) -> None:
    """InputError for a zip (XLSX) that would unpack to too much: a zip bomb is refused.

    Reads only the central directory (declared sizes); a file that is no zip
    passes, for the reader to report.
    """
    limits = limits or LIMITS
    check_size(path, limits)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile):
        return
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise InputError(
                path,
                f"zip entry {info.filename} would unpack {ratio:,.0f} times its size "
                f"({info.file_size:,} bytes): refused as a zip bomb",
            )
    if total > limits.max_unpacked:
        raise InputError(
            path,
            f"would unpack to {total:,} bytes, more than the {limits.max_unpacked:,} "
            "tmbrief reads: refused as a zip bomb",
        )

"""Give the memory a finished stage freed back to the system.

glibc's ``malloc`` keeps freed memory in its arenas for reuse, so after a stage
that made and dropped hundreds of MB (the aligner's feature tables on a long
article) the process stays that large while the next stage adds its own: the
peak is the sum, not the largest stage. ``malloc_trim(0)`` returns the free pages
(bench/big_article.py: on a 2 MB article, resident memory after alignment 184 ->
119 MB). Elsewhere (macOS, Windows, musl) there is no such call and nothing is done.
"""

from __future__ import annotations

import functools
import sys


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # 4 ms, only when a build runs

    try:
        process = ctypes.CDLL(None)  # the symbols already loaded, the C library's among them
    except OSError:
        return None
    trim = getattr(process, "malloc_trim", None)
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; True if anything was returned."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False

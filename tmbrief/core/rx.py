"""Rule patterns compiled once per version: ``regex`` parses in Python, we keep its output.

The ``regex`` module parses and compiles a pattern in pure Python (0.1-10 ms each;
the number rules' 40 patterns take 0.1 s) before handing a compact program to its C
engine. A build compiles about 200 rule patterns at import, 0.2-0.3 s of every run.
:func:`compile` keeps each pattern's compiled program in one file of the user's cache
(tmbrief.core.cache): a warm run rebuilds the pattern from it in the C engine alone.

What is kept is what ``regex`` itself pickles a pattern into (the callable and the
arguments its ``copyreg`` reducer gives): the arguments are written with
:mod:`marshal`, so reading the cache never runs code from it. The file name holds
the versions of tmbrief, ``regex`` and Python, so an upgrade of any of them never
reads another's programs. Only the rule tables' fixed patterns go through here,
never a pattern made from an article or a user's glossary: the cache holds what
the package's own tables compile to, nothing else.

Patterns compiled on a miss are added to the file once, when the process exits.
"""

from __future__ import annotations

import atexit
import copyreg
import logging
import marshal
import sys
import threading

import regex

from tmbrief.core.cache import cache_dir, cache_name, read_cache, write_cache
from tmbrief.core.version import __version__

log = logging.getLogger(__name__)

_lock = threading.RLock()
_known: dict[tuple[str, int], tuple] | None = None  # (pattern, flags) -> reducer arguments
_added: dict[tuple[str, int], tuple] = {}
_rebuild = None  # the callable regex's pickle reducer names (regex._regex.compile)
_directory = None  # the cache directory read at start-up: the one written at exit


def cache_file() -> str:
    """The name of the cache file of compiled programs for these versions."""
    return cache_name("regex", __version__, regex.__version__, sys.version_info[:2])


def compile(pattern: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - regex.compile's name
    """``regex.compile(pattern, flags)``, from the cached program when there is one.

    The pattern returned equals what ``regex.compile`` gives (same program, flags
    and groups); any failure to rebuild it from the cache compiles it afresh.
    """
    key = (pattern, int(flags))
    args = _programs().get(key)
    if args is not None and _rebuild is not None:
        try:
            return _rebuild(*args)
        except Exception as exc:  # a stale or damaged entry only costs the compile
            log.debug("cached pattern %r not rebuilt (%s); compiled", pattern, exc)
    compiled = regex.compile(pattern, flags)
    _remember(key, compiled)
    return compiled


def _programs() -> dict[tuple[str, int], tuple]:
    global _known
    if _known is None:
        with _lock:
            if _known is None:
                _known = _load()
    return _known


def _load() -> dict[tuple[str, int], tuple]:
    global _rebuild, _directory
    _rebuild, _ = copyreg.dispatch_table[regex.Pattern](regex.compile(""))
    _directory = cache_dir()
    payload = read_cache(cache_file(), directory=_directory)
    if payload is None:
        return {}
    try:
        entries = marshal.loads(payload)
        return {(p, f): tuple(a) for p, f, a in entries}
    except (EOFError, ValueError, TypeError) as exc:
        log.debug("regex cache unreadable (%s); ignored", exc)
        return {}


def _remember(key: tuple[str, int], compiled: regex.Pattern) -> None:
    rebuild, args = copyreg.dispatch_table[regex.Pattern](compiled)
    if rebuild is not _rebuild:
        return
    try:
        if marshal.loads(marshal.dumps(args)) != args:
            return
    except ValueError:  # an argument marshal cannot write: not kept
        return
    with _lock:
        if not _added:
            atexit.register(save)
        _added[key] = args


def save() -> bool:
    """Add the patterns compiled since start-up to the cache file; False if none or not written."""
    with _lock:
        if not _added:
            return False
        merged = dict(_programs())
        merged.update(_added)
        _added.clear()
    entries = [(p, f, a) for (p, f), a in sorted(merged.items())]
    return write_cache(cache_file(), marshal.dumps(entries), directory=_directory)

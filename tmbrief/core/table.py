"""Large read-only tables looked up by key without loading them: jieba's and CC-CEDICT's.

A build looks up a few thousand of the ~600,000 keys of jieba's prefix
dictionary, its word tags and CC-CEDICT; unmarshalling the whole tables cost
about 1.5 s of CPU per run. A :class:`Table` is one bytes buffer instead: the
keys are spread over hashed buckets (CRC-32 of the UTF-8 key), each bucket a
small marshalled dict, so a look-up unmarshals one bucket of about two entries.
Tables are built once and kept in the user's cache (tmbrief.core.cache), checked
by a CRC-32 of the whole file (a SHA-256 of 25 MB would cost 0.15 s per run).

A table also takes new entries (jieba's ``add_word`` writes into its
dictionary): they go to a small dict in memory, looked up first, never to the
file.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from tmbrief.core.cache import cache_name, read_cache, write_cache

MAGIC = b"tmbrief-table-1\n"
# magic, the bucket count and the length of the marshalled ``meta`` (8 bytes each, native
# order: see table_name), then meta, the bucket offsets and the buckets.
_HEAD = len(MAGIC) + 16
_MISSING = object()
SEEN_LIMIT = 200_000  # keys remembered per table, found or not


def dump_table(entries: Mapping[str, Any], meta: Any = None) -> bytes:
    """The bytes of a table of ``entries`` and a ``meta`` value (anything :mod:`marshal` writes)."""
    count = max(1, len(entries) // 2)
    buckets: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, value in entries.items():
        buckets[zlib.crc32(key.encode("utf-8")) % count][key] = value
    parts = [marshal.dumps(b) if b else b"" for b in buckets]
    offsets = [0] * (count + 1)
    for k, part in enumerate(parts):
        offsets[k + 1] = offsets[k] + len(part)
    index = array("Q", offsets).tobytes()  # 8-byte offsets in native order (see table_name)
    head = marshal.dumps(meta)
    sizes = count.to_bytes(8, sys.byteorder) + len(head).to_bytes(8, sys.byteorder)
    return MAGIC + sizes + head + index + b"".join(parts)


class Table(Mapping[str, Any]):
    """A read-only str-keyed table over the bytes of :func:`dump_table`, plus added entries."""

    def __init__(self, data: bytes):
        if not data.startswith(MAGIC) or len(data) < _HEAD:
            raise ValueError("not a tmbrief table")
        count = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], sys.byteorder)
        head = _HEAD + int.from_bytes(data[len(MAGIC) + 8 : _HEAD], sys.byteorder)
        body = head + 8 * (count + 1)
        if count < 1 or len(data) < body:
            raise ValueError("truncated tmbrief table")
        self._data = memoryview(data)
        self.meta = marshal.loads(self._data[_HEAD:head])
        self._count = count
        self._index = self._data[head:body].cast("Q")
        self._body = body
        if self._body + self._index[count] != len(data):
            raise ValueError("truncated tmbrief table")
        self._added: dict[str, Any] = {}
        # Keys looked up before (jieba asks for the same substrings many times), found or not.
        self._seen: dict[str, Any] = {}

    def _bucket(self, key: str) -> dict[str, Any]:
        k = zlib.crc32(key.encode("utf-8")) % self._count
        start, end = self._index[k], self._index[k + 1]
        if start == end:
            return {}
        return marshal.loads(self._data[self._body + start : self._body + end])

    def get(self, key, default=None):
        value = self._added.get(key, _MISSING)
        if value is _MISSING:
            value = self._seen.get(key, _MISSING)
            if value is _MISSING:
                if not isinstance(key, str):
                    return default
                if len(self._seen) >= SEEN_LIMIT:  # a long run (many articles) stays bounded
                    self._seen.clear()
                value = self._seen[key] = self._bucket(key).get(key, _MISSING)
        return default if value is _MISSING else value

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __setitem__(self, key: str, value: Any) -> None:
        self._added[key] = value

    def _stored(self) -> Iterator[tuple[str, Any]]:
        for k in range(self._count):
            start, end = self._index[k], self._index[k + 1]
            if start != end:
                yield from marshal.loads(self._data[self._body + start : self._body + end]).items()

    def __iter__(self) -> Iterator[str]:
        yield from self._added
        for key, _ in self._stored():
            if key not in self._added:
                yield key

    def __len__(self) -> int:
        return len(self._added) + sum(1 for key, _ in self._stored() if key not in self._added)


def table_name(stem: str, *parts: object) -> str:
    """A cache file name for a table (see cache.cache_name).

    The byte order and the Python version (marshal's format) are part of the key.
    """
    return cache_name(stem, "table", sys.byteorder, sys.version_info[:2], *parts)


def cached_table(name: str, build: Callable[[], tuple[Mapping[str, Any], Any]]) -> Table:
    """The table kept in cache file ``name``, or the one ``build()`` gives as (entries, meta).

    A table built is cached for the next run.
    """
    payload = read_cache(name, digest="crc32")
    if payload is not None:
        try:
            return Table(payload)
        except ValueError:
            pass  # a foreign or damaged file: built again below
    data = dump_table(*build())
    write_cache(name, data, digest="crc32")
    return Table(data)

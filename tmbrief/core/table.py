"""Large read-only tables looked up by key without loading them: jieba's and CC-CEDICT's.

A build looks up a few thousand of the ~600,000 keys of jieba's prefix
dictionary, its word tags and CC-CEDICT; unmarshalling the whole tables cost
about 1.5 s of CPU per run. A :class:`Table` is one bytes buffer instead: the
keys are spread over hashed buckets (CRC-32 of the UTF-8 key), each bucket a
small marshalled dict, so a look-up unmarshals one bucket of about two entries.
Tables are built once and kept in the user's cache (tmbrief.core.cache), mapped
rather than read (reading and checking the 40 MB of a build's tables cost 0.1 s
per run): each bucket carries its CRC-32, checked when the bucket is read. A
bucket that fails its check makes the table build itself again from its source
(and replace the file), so a damaged cache only costs time.

A table also takes new entries (jieba's ``add_word`` writes into its
dictionary): they go to a small dict in memory, looked up first, never to the
file.
"""

from __future__ import annotations

import logging
import marshal
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from tmbrief.core.cache import cache_name, map_cache, write_cache

log = logging.getLogger(__name__)

MAGIC = b"tmbrief-table-2\n"
# magic, the bucket count and the length of the marshalled ``meta`` (8 bytes each, native
# order: see table_name), then meta, the bucket offsets (8 bytes each), the buckets'
# CRC-32s (4 bytes each) and the buckets.
_HEAD = len(MAGIC) + 16
_MISSING = object()  # a key the table does not hold
_UNSEEN = object()  # a key not looked up yet
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
    checks = array("I", [zlib.crc32(part) for part in parts]).tobytes()
    head = marshal.dumps(meta)
    sizes = count.to_bytes(8, sys.byteorder) + len(head).to_bytes(8, sys.byteorder)
    return MAGIC + sizes + head + index + checks + b"".join(parts)


class DamagedTable(ValueError):
    """A bucket of a table failed its CRC-32 check."""


class Table(Mapping[str, Any]):
    """A read-only str-keyed table over the bytes of :func:`dump_table`, plus added entries.

    ``data`` may be bytes or a memoryview (of a mapped file). ``rebuild``, when
    given, returns the table's bytes built afresh: it is called once if a bucket
    fails its check, and the table goes on over them; without it a damaged
    bucket raises :class:`DamagedTable`.
    """

    def __init__(self, data: bytes | memoryview, rebuild: Callable[[], bytes] | None = None):
        self._open(memoryview(data))
        self._rebuild = rebuild
        self._added: dict[str, Any] = {}
        # Keys looked up before (jieba asks for the same substrings many times), found or not.
        self._seen: dict[str, Any] = {}

    def _open(self, data: memoryview) -> None:
        if len(data) < _HEAD or data[: len(MAGIC)] != MAGIC:
            raise ValueError("not a tmbrief table")
        count = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], sys.byteorder)
        head = _HEAD + int.from_bytes(data[len(MAGIC) + 8 : _HEAD], sys.byteorder)
        checks = head + 8 * (count + 1)
        body = checks + 4 * count
        if count < 1 or len(data) < body:
            raise ValueError("truncated tmbrief table")
        index = data[head:checks].cast("Q")
        if body + index[count] != len(data):
            raise ValueError("truncated tmbrief table")
        try:
            meta = marshal.loads(data[_HEAD:head])
        except (EOFError, ValueError, TypeError) as exc:
            raise ValueError("damaged tmbrief table") from exc
        self._data, self._count, self._index, self._body = data, count, index, body
        self._checks = data[checks:body].cast("I")
        self.meta = meta

    def _raw(self, k: int) -> memoryview:
        return self._data[self._body + self._index[k] : self._body + self._index[k + 1]]

    def _damaged(self, k: int) -> None:
        """Bucket ``k`` failed its check: go on over the table built afresh, or raise."""
        if self._rebuild is None:
            raise DamagedTable(f"bucket {k} of a tmbrief table fails its CRC-32")
        log.warning("a cached table is damaged; building it again")
        rebuild, self._rebuild = self._rebuild, None
        self._open(memoryview(rebuild()))
        self._seen.clear()
        self._seen.update(self._added)

    def _bucket(self, key: str) -> dict[str, Any]:
        k = zlib.crc32(key.encode("utf-8")) % self._count
        raw = self._raw(k)
        if not raw:
            return {}
        if zlib.crc32(raw) != self._checks[k]:
            self._damaged(k)
            return self._bucket(key)
        return marshal.loads(raw)

    def _look_up(self, key) -> Any:
        """The value of ``key`` (``_MISSING`` if none), remembered in ``_seen``."""
        if not isinstance(key, str):
            return _MISSING
        if len(self._seen) >= SEEN_LIMIT:  # a long run (many articles) stays bounded
            self._seen.clear()
            self._seen.update(self._added)
        value = self._seen[key] = self._bucket(key).get(key, _MISSING)
        return value

    # ``_seen`` holds the added entries too, so a key met before costs one dict look-up
    # (jieba asks tens of thousands of times per article).
    def get(self, key, default=None):
        value = self._seen.get(key, _UNSEEN)
        if value is _UNSEEN:
            value = self._look_up(key)
        return default if value is _MISSING else value

    def __getitem__(self, key: str) -> Any:
        value = self._seen.get(key, _UNSEEN)
        if value is _UNSEEN:
            value = self._look_up(key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        value = self._seen.get(key, _UNSEEN)
        if value is _UNSEEN:
            value = self._look_up(key)
        return value is not _MISSING

    def __setitem__(self, key: str, value: Any) -> None:
        self._added[key] = self._seen[key] = value

    def _stored(self) -> Iterator[tuple[str, Any]]:
        # Every bucket is checked before the first is given out (only whole-table
        # reads come here): a rebuild cannot happen half-way through.
        for k in range(self._count):
            if zlib.crc32(self._raw(k)) != self._checks[k]:
                self._damaged(k)
                break
        for k in range(self._count):
            raw = self._raw(k)
            if raw:
                yield from marshal.loads(raw).items()

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
    return cache_name(stem, "table-2", sys.byteorder, sys.version_info[:2], *parts)


def cached_table(name: str, build: Callable[[], tuple[Mapping[str, Any], Any]]) -> Table:
    """The table kept in cache file ``name``, or the one ``build()`` gives as (entries, meta).

    A table built is cached for the next run; a cached table found damaged while
    in use is built again (and cached again) then.
    """

    def fresh() -> bytes:
        data = dump_table(*build())
        write_cache(name, data, digest="none")  # the table checks its buckets itself
        return data

    mapped = map_cache(name)
    if mapped is not None:
        try:
            return Table(mapped, rebuild=fresh)
        except ValueError:
            log.debug("cached table %s is foreign or truncated; built again", name)
    return Table(fresh())

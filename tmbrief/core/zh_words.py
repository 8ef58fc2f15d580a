"""jieba, loaded once per process: one quiet, lazy Tokenizer and a POS tokenizer over it.

The aligner (word segmentation) and the briefing (part-of-speech tags) share
the same ``jieba.Tokenizer``, so the prefix dictionary is built once per
process. The built dictionary is cached in the user's cache directory
(tmbrief.core.cache), not jieba's shared temp file: a second user or a
read-only cache directory only costs the ~1 s build, never a traceback.
Nothing loads at import time and nothing is downloaded: the dictionary ships
inside the jieba package.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import sys
import types
import warnings
from collections.abc import Iterator, Mapping

from tmbrief.core.cache import file_key
from tmbrief.core.table import cached_table, table_name


def _import_jieba():
    """Import jieba without ``pkg_resources``.

    jieba 0.42 imports the deprecated ``pkg_resources`` (0.3-0.9 s, and a warning on
    new setuptools) only to open its own data files; when that import fails it opens
    them by path beside its modules, which is all we need. So the import is made to
    fail for jieba alone, and ``pkg_resources`` stays importable for anyone else.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    _stub_word_emissions()
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # makes "import pkg_resources" raise ImportError
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


_EMIT_MODULE = "jieba.finalseg.prob_emit"
_WORD_STATES = "BMES"  # jieba.finalseg's HMM states: begin, middle, end of a word, single


class _Emissions(Mapping[str, float]):
    """One state's emission log-probabilities {character: p}, read from a cached Table."""

    def __init__(self, table, state: int):
        self._table, self._state = table, state

    def get(self, key, default=None):
        row = self._table.get(key)
        value = None if row is None else row[self._state]
        return default if value is None else value

    def __getitem__(self, key: str) -> float:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (k for k, row in self._table.items() if row[self._state] is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _stub_word_emissions() -> None:
    """Give jieba.finalseg its emission table as a cached Table, not its 35,000-entry module.

    jieba.finalseg (the HMM that cuts unknown words) imports ``prob_emit`` at
    import (10-25 ms per run, for the few characters a build looks up). A module
    of the same name, whose ``P`` reads the same values per character from a table
    in the user's cache, is put in its place first; the table is built from
    jieba's own file (run by path) when the cache is cold. If jieba cannot be
    found, nothing is done and jieba imports its own module.
    """
    if _EMIT_MODULE in sys.modules:
        return
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return
    source = os.path.join(spec.submodule_search_locations[0], "finalseg", "prob_emit.py")
    if not os.path.exists(source):
        return

    def build():
        import runpy

        emit = runpy.run_path(source)["P"]
        chars = {ch for table in emit.values() for ch in table}
        return {ch: tuple(emit[s].get(ch) for s in _WORD_STATES) for ch in chars}, None

    table = cached_table(table_name("jieba-finalseg-emit", file_key(source)), build)
    stub = types.ModuleType(_EMIT_MODULE)
    stub.P = {s: _Emissions(table, i) for i, s in enumerate(_WORD_STATES)}
    sys.modules[_EMIT_MODULE] = stub


@functools.cache
def tokenizer():
    """jieba's word tokenizer, initialised quietly on first use."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    # The default dictionary ships as jieba/dict.txt; its size and mtime key the cache.
    dictionary = tok.dictionary or os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    name = table_name("jieba-prefix", jieba.__version__, dictionary, file_key(dictionary))
    table = cached_table(name, lambda: tok.gen_pfdict(tok.get_dict_file()))
    # jieba looks words up with ``in``, ``[]`` and ``get`` only: a Table answers those
    # without loading the 600,000 prefixes (and keeps words added later in memory).
    tok.FREQ, tok.total = table, table.meta
    # jieba's initialize() would now read or write its own cache in the temp dir: skip it.
    tok.initialized = True
    return tok


@functools.cache
def pos_tokenizer():
    """The part-of-speech tokenizer over the shared :func:`tokenizer` (tmbrief.core.zh_pos).

    It tags as ``jieba.posseg.POSTokenizer`` does, without importing ``jieba.posseg``
    (its import unmarshals ~50 MB of HMM tables; the aligner, needing words only,
    does without them, and the briefing reads them per character from the cache).
    """
    from tmbrief.core.zh_pos import PosTokenizer, load_hmm

    word_tokenizer = tokenizer()
    jieba = _import_jieba()
    dictionary = word_tokenizer.dictionary or os.path.join(
        os.path.dirname(jieba.__file__), "dict.txt"
    )
    # jieba.posseg.POSTokenizer() would re-read jieba's 350,000-line dictionary for the
    # word tags (about 0.9 s) on every run: the table is cached like the prefix dictionary.
    name = table_name("jieba-tags", jieba.__version__, dictionary, file_key(dictionary))
    word_tags = cached_table(name, lambda: (_word_tags(word_tokenizer), None))
    return PosTokenizer(word_tokenizer, word_tags, load_hmm(jieba))


def _import_posseg(jieba) -> None:
    """Import ``jieba.posseg`` without its module-level dictionary read.

    At import, jieba.posseg builds a global ``POSTokenizer(jieba.dt)``, which reads
    the whole dictionary for word tags (0.8 s) that we load from the cache anyway.
    The global default tokenizer is pointed at an empty file for that one read and
    restored at once; :func:`_word_tags` then gives the global the tags it read.
    """
    if "jieba.posseg" in sys.modules:
        return
    default = jieba.dt.dictionary
    jieba.dt.dictionary = os.devnull
    try:
        import jieba.posseg  # noqa: F401 - imported for its side effect, see above
    finally:
        jieba.dt.dictionary = default


def _word_tags(word_tokenizer) -> dict[str, str]:
    """jieba's word tags for the dictionary of ``word_tokenizer`` (a cold cache only)."""
    jieba = _import_jieba()
    _import_posseg(jieba)
    import jieba.posseg

    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.load_word_tag(word_tokenizer.get_dict_file())
    if not jieba.posseg.dt.word_tag_tab and word_tokenizer.dictionary == jieba.dt.dictionary:
        jieba.posseg.dt.word_tag_tab = pos.word_tag_tab  # see _import_posseg
    return pos.word_tag_tab

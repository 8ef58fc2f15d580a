"""pypinyin's readings of a few names, without loading its whole dictionaries.

pypinyin reads its character and phrase dictionaries (3.3 MB of JSON) and builds
a prefix set of every phrase at import: 0.4-0.5 s of CPU, for the one or two
names a briefing romanises. Here pypinyin is imported with empty dictionaries
and, before each conversion, given exactly the entries it can look at for that
text, from a look-up table built once from its own JSON files and kept in the
user's cache (tmbrief.core.table):

- the characters of the text (``load_single_dict``);
- the substrings of the text that are phrases (``load_phrases_dict``);
- the substrings of the text that begin some phrase (its segmenter's prefix set).

pypinyin only ever looks up characters and substrings of the text it converts,
so it gives the same readings as with its full dictionaries (tests/test_brief
compares the two). A name with no phrase in it is read from the table alone,
without importing pypinyin at all (:func:`lazy_pinyin`). The pypinyin module of
this process keeps the restricted dictionaries: nothing else in tmbrief uses it.
"""

from __future__ import annotations

import functools
import json
import sys
import types
import unicodedata
from pathlib import Path

from tmbrief.core.cache import file_key
from tmbrief.core.table import Table, cached_table, table_name

_CHAR, _PHRASE, _PREFIX = "c:", "p:", "x:"
_DATA_MODULES = ("pypinyin.pinyin_dict", "pypinyin.phrases_dict")


def _data_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        raise ImportError("pypinyin is not installed")
    return Path(spec.origin).parent


def _entries(folder: Path) -> tuple[dict[str, object], None]:
    """Table entries from pypinyin's JSON files: characters, phrases, phrase prefixes."""
    entries: dict[str, object] = {}
    chars = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    for code, readings in chars.items():
        entries[_CHAR + chr(int(code))] = readings
    phrases = json.loads((folder / "phrases_dict.json").read_text(encoding="utf-8"))
    for phrase, readings in phrases.items():
        entries[_PHRASE + phrase] = readings
        for end in range(1, len(phrase) + 1):
            entries[_PREFIX + phrase[:end]] = True
    return entries, None


@functools.cache
def _table() -> Table:
    folder = _data_dir()
    files = [folder / "pinyin_dict.json", folder / "phrases_dict.json"]
    name = table_name("pypinyin", *(f"{p.name}:{file_key(p)}" for p in files))
    return cached_table(name, lambda: _entries(folder))


@functools.cache
def _pypinyin():
    """pypinyin, imported with empty dictionaries (filled per text by :func:`lazy_pinyin`)."""
    if "pypinyin" not in sys.modules:
        stubs = {}
        for module in _DATA_MODULES:
            stub = types.ModuleType(module)
            stub.pinyin_dict, stub.phrases_dict = {}, {}
            stubs[module] = stub
        saved = {m: sys.modules.get(m) for m in _DATA_MODULES}
        sys.modules.update(stubs)
        try:
            import pypinyin  # noqa: F401 - its constants now hold empty dictionaries
        finally:
            for module, old in saved.items():
                if old is None:
                    del sys.modules[module]
                else:
                    sys.modules[module] = old
    import pypinyin
    from pypinyin.seg import mmseg

    return pypinyin, mmseg


# Tone marks pypinyin's NORMAL style drops (macron, acute, caron, grave); the
# diaeresis of ü and the circumflex of ê stay. A test checks every character.
_TONE_MARKS = frozenset("\u0304\u0301\u030c\u0300")


def _toneless(readings: str) -> str:
    """The first of a character's readings without its tone: "dǒng,dōng" -> "dong"."""
    first = unicodedata.normalize("NFD", readings.split(",")[0])
    return unicodedata.normalize("NFC", "".join(c for c in first if c not in _TONE_MARKS))


def lazy_pinyin(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, style=NORMAL, v_to_u=True)``: toneless, ü kept.

    A text of characters pypinyin knows, none of its substrings a phrase (a name's
    surname or given name, mostly), is read character by character from the table
    without importing pypinyin (30-40 ms); others go through pypinyin.
    """
    table = _table()
    readings = [table.get(_CHAR + c) for c in text]
    if text and None not in readings:
        pairs = (text[i:j] for i in range(len(text)) for j in range(i + 2, len(text) + 1))
        if not any(_PHRASE + s in table for s in pairs):
            return [_toneless(r) for r in readings]
    pypinyin, mmseg = _pypinyin()
    substrings = {text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1)}
    chars = {ord(c): table[_CHAR + c] for c in set(text) if _CHAR + c in table}
    phrases = {s: table[_PHRASE + s] for s in substrings if _PHRASE + s in table}
    prefixes = [s for s in substrings if _PREFIX + s in table]
    if chars:
        pypinyin.load_single_dict(chars)
    if phrases:
        pypinyin.load_phrases_dict(phrases)
    mmseg.seg.train(prefixes)
    return pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, v_to_u=True, errors="default")

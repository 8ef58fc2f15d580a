"""bulk.py's per-character work compiled with numba: keys, grams and key hashes in two loops.

The numpy formulation in bulk.py makes a dozen whole-array passes, with a
temporary array each, and Python steps between them; these loops read each
code point once or twice. They compute what the numpy code does (a test
compares both on real text and on the tricky characters): the same folding
table, the same number and gap rules, the same codes and hashes. Two things
differ in form only: a text's gram codes come in the order first met (numpy
gives them sorted; the index sorts all postings anyway), and the keys come as
UTF-8 bytes with each key's end, as the index stores them.

Compiled once per machine and kept in tmbrief's user cache (``<cache>/numba``,
see tmbrief.core.cache; ``NUMBA_CACHE_DIR`` overrides it); bulk.py uses them
only for large batches (the index build of a big TM), so a lookup in a small
TM never imports numba. Importing this module compiles nothing: the first
call compiles, or reads the cache.
"""

from __future__ import annotations

import os

import numba
import numpy as np

from tmbrief.core.cache import cache_dir
from tmbrief.lookup.grams import _BASE, _BITS, _MIX, NUMBER_MARK, SEPARATOR, WORD_BITS

if not os.environ.get("NUMBA_CACHE_DIR"):  # numba read its environment when imported
    numba.config.CACHE_DIR = str(cache_dir() / "numba")

# bulk.py's character classes (bulk.py imports this module, so they are repeated here;
# a test checks they agree).
DROP, WORD, DIGIT, DOT, SEP = 0, 1, 2, 3, 4
# uint64 constants: numba turns a uint64 mixed with a Python int into a float64.
_U_BASE = np.uint64(_BASE)
_U_MIX = np.uint64(_MIX)
_U_ONE = np.uint64(1)
_U_ZERO = np.uint64(0)
_U_WORD_SHIFT = np.uint64(64 - WORD_BITS)
_U_SLOT_SHIFT = np.uint64(32)
_MARK = np.uint32(ord(NUMBER_MARK))
_SEP_CP = np.uint32(ord(SEPARATOR))
_SPACE = np.uint32(ord(" "))
UNKNOWN = -1  # key_chars met a code point the folding table has not learnt


@numba.njit(cache=True, nogil=True)
def _class_at(cps, i, length, class1, multi_at, multi_chars):  # pragma: no cover (compiled)
    """The class of the first folded code point of ``cps[i]``."""
    cp = cps[i]
    if length[cp] > 1:
        return class1[multi_chars[multi_at[cp]]]
    return class1[cp]


@numba.njit(cache=True, nogil=True, inline="always")
def _step(out, j, c, cls, following, prev_number, prev_digit, gap, last_sep, en):
    """One folded code point ``c`` of class ``cls`` (``following``: the class of the next
    one): written to ``out[j]`` if kept, after a space where English dropped some before
    it. Returns the new ``(j, prev_number, prev_digit, gap, last_sep)``."""
    digit = cls == DIGIT
    number = digit or (cls == DOT and prev_digit and following == DIGIT)
    start = number and not prev_number
    if cls == WORD or start:
        if en and gap and not last_sep:
            out[j] = _SPACE
            j += 1
        out[j] = _MARK if start else c
        j += 1
        last_sep = gap = False
    elif not number:
        gap = True
    return j, number, digit, gap, last_sep


@numba.njit(cache=True, nogil=True)
def key_chars(cps, known, length, fold1, class1, multi_at, multi_chars, en):  # pragma: no cover
    """The keys of the texts in ``cps`` (joined by SEPARATOR, one after the last):
    ``(status, chars, complex)``.

    ``chars``: the keys' code points, each key followed by SEPARATOR (empty for a
    text holding a complex character); ``complex``: the indices of those texts;
    ``status``: 0, or UNKNOWN (nothing else computed) when a code point is not yet
    in the table. A code point whose fold is several (``length > 1``) stands for
    them (``multi_chars[multi_at[cp]:][:length]``, each its own fold), as
    bulk.bulk_keys rewrites such a text before folding it.
    """
    n = len(cps)
    room = 0  # for every folded code point and a space before it
    for i in range(n):
        if not known[cps[i]]:
            return UNKNOWN, np.empty(0, np.uint32), np.empty(0, np.int32)
        room += 2 * length[cps[i]] + 1
    out = np.empty(room, np.uint32)
    complex_texts = np.empty(n, np.int32)
    n_complex = 0
    j = 0
    text = 0
    text_start = 0  # where the text's key starts in out
    prev_number = False
    prev_digit = False
    gap = False  # a dropped character since the last kept one
    last_sep = True  # the last kept character was a SEPARATOR (or there is none yet)
    skipping = False  # the text holds a complex character: its key is made in Python
    for i in range(n):
        cp = cps[i]
        if cp == _SEP_CP:
            if skipping:
                j = text_start
                complex_texts[n_complex] = text
                n_complex += 1
                skipping = False
            out[j] = _SEP_CP
            j += 1
            text += 1
            text_start = j
            prev_number = prev_digit = gap = False
            last_sep = True
            continue
        if skipping:
            continue
        size = length[cp]
        if size == 0:
            skipping = True
            continue
        if size == 1:  # the common case, without the loop
            cls = class1[cp]
            following = DROP  # the class after a dot, which only matters after a digit
            if cls == DOT and prev_digit:
                following = _class_at(cps, i + 1, length, class1, multi_at, multi_chars)
            j, prev_number, prev_digit, gap, last_sep = _step(
                out, j, fold1[cp], cls, following, prev_number, prev_digit, gap, last_sep, en
            )
            continue
        for k in range(size):
            c = multi_chars[multi_at[cp] + k]
            cls = class1[c]
            following = DROP
            if cls == DOT and prev_digit:
                if k + 1 < size:
                    following = class1[multi_chars[multi_at[cp] + k + 1]]
                else:
                    following = _class_at(cps, i + 1, length, class1, multi_at, multi_chars)
            j, prev_number, prev_digit, gap, last_sep = _step(
                out, j, c, cls, following, prev_number, prev_digit, gap, last_sep, en
            )
    return 0, out[:j], complex_texts[:n_complex]


@numba.njit(cache=True, nogil=True, inline="always")
def _add(code, slots, mask, used, owners, codes, at, owner):  # pragma: no cover (compiled)
    """File ``code`` under ``owner`` unless the key has it already (``slots``, open
    addressing over ``mask + 1`` slots); the next free index of ``codes``."""
    slot = np.int64((np.uint64(code) * _U_MIX) >> _U_SLOT_SHIFT) & mask
    while slots[slot] >= 0:
        if slots[slot] == code:
            return at
        slot = (slot + 1) & mask
    slots[slot] = code
    used[at] = slot
    owners[at] = owner
    codes[at] = code
    return at + 1


@numba.njit(cache=True, nogil=True)
def _utf8(cp, out, at):  # pragma: no cover (compiled)
    """Write ``cp`` as UTF-8 at ``out[at]``; the next free index."""
    if cp < 0x80:
        out[at] = cp
        return at + 1
    if cp < 0x800:
        out[at] = 0xC0 | (cp >> 6)
        out[at + 1] = 0x80 | (cp & 0x3F)
        return at + 2
    if cp < 0x10000:
        out[at] = 0xE0 | (cp >> 12)
        out[at + 1] = 0x80 | ((cp >> 6) & 0x3F)
        out[at + 2] = 0x80 | (cp & 0x3F)
        return at + 3
    out[at] = 0xF0 | (cp >> 18)
    out[at + 1] = 0x80 | ((cp >> 12) & 0x3F)
    out[at + 2] = 0x80 | ((cp >> 6) & 0x3F)
    out[at + 3] = 0x80 | (cp & 0x3F)
    return at + 4


@numba.njit(cache=True, nogil=True)
def grams_and_hashes(chars, n_keys, en):  # pragma: no cover (compiled)
    """For keys joined as :func:`key_chars` gives them: ``(owners, codes, counts,
    hashes, utf8, ends)``.

    Each key's distinct gram codes, in the order first met, keys in order
    (owners grow); hashes as bulk.bulk_key_hashes; the keys as UTF-8 bytes
    (separators left out) and the end of each in them.
    """
    n = len(chars)
    owners = np.empty(n, np.int32)
    codes = np.empty(n, np.int64)
    counts = np.zeros(n_keys, np.int32)
    hashes = np.empty(n_keys, np.int64)
    utf8 = np.empty(4 * n, np.uint8)
    ends = np.empty(n_keys, np.int64)
    longest = run = 0
    for k in range(n):
        if chars[k] == _SEP_CP:
            longest, run = max(longest, run), 0
        else:
            run += 1
    size = 64
    while size < 2 * longest + 2:
        size *= 2
    slots = np.full(size, -1, np.int64)  # open addressing: a key's distinct codes so far
    used = np.empty(n, np.int64)  # the slot of each code found, to empty them again
    at = 0
    byte = 0
    start = 0
    for owner in range(n_keys):
        end = start
        while chars[end] != _SEP_CP:
            end += 1
        mask = 63  # slots used for this key: a power of two, at most half full
        while mask + 1 < 2 * (end - start) + 2:
            mask = 2 * mask + 1
        first = at
        h, power = _U_ZERO, _U_ONE  # the key's hash
        word, word_power, word_len = _U_ZERO, _U_ONE, 0  # English: the current word's
        for k in range(start, end):
            c = chars[k]
            h += np.uint64(c) * power
            power *= _U_BASE
            byte = _utf8(c, utf8, byte)
            if not en:
                if k > start:
                    code = (np.int64(chars[k - 1]) << _BITS) | np.int64(c)
                    at = _add(code, slots, mask, used, owners, codes, at, owner)
            elif c == _SPACE:
                if word_len:
                    code = np.int64((word * _U_MIX) >> _U_WORD_SHIFT)
                    at = _add(code, slots, mask, used, owners, codes, at, owner)
                word, word_power, word_len = _U_ZERO, _U_ONE, 0
            else:
                word += np.uint64(c) * word_power
                word_power *= _U_BASE
                word_len += 1
        if en and word_len:
            code = np.int64((word * _U_MIX) >> _U_WORD_SHIFT)
            at = _add(code, slots, mask, used, owners, codes, at, owner)
        if not en and end - start == 1:  # one character: filed under itself
            at = _add(np.int64(chars[start]), slots, mask, used, owners, codes, at, owner)
        h += np.uint64(_SEP_CP) * power
        hashes[owner] = np.int64(h * _U_MIX)
        ends[owner] = byte
        for m in range(first, at):  # empty the table again
            slots[used[m]] = -1
        counts[owner] = at - first
        start = end + 1
    return owners[:at], codes[:at], counts, hashes, utf8[:byte], ends

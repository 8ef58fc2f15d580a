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
import logging
import marshal
import os
import sys
import warnings

from tmbrief.core.cache import cache_name, cached, file_key


@functools.cache
def tokenizer():
    """jieba's word tokenizer, initialised quietly on first use."""
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources, which warns on new setuptools.
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    # The default dictionary ships as jieba/dict.txt; its size and mtime key the cache.
    dictionary = tok.dictionary or os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    name = cache_name(
        "jieba-prefix", jieba.__version__, dictionary, file_key(dictionary), sys.version_info[:2]
    )
    tok.FREQ, tok.total = cached(
        name,
        lambda: tok.gen_pfdict(tok.get_dict_file()),
        marshal.dumps,
        _load_prefix_dict,
    )
    # jieba's initialize() would now read or write its own cache in the temp dir: skip it.
    tok.initialized = True
    return tok


def _load_prefix_dict(payload: bytes) -> tuple[dict[str, int], int]:
    freq, total = marshal.loads(payload)
    if not isinstance(freq, dict) or not isinstance(total, int) or not freq:
        raise ValueError("not a jieba prefix dictionary")
    return freq, total


@functools.cache
def pos_tokenizer():
    """jieba's part-of-speech tokenizer over the shared :func:`tokenizer`."""
    word_tokenizer = tokenizer()
    # Imported only here: jieba.posseg loads its HMM tables (~50 MB, ~0.3 s) on
    # import, which the aligner, needing words only, does without.
    import jieba.posseg

    return jieba.posseg.POSTokenizer(word_tokenizer)

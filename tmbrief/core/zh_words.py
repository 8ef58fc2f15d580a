"""jieba, loaded once per process: one quiet, lazy Tokenizer and a POS tokenizer over it.

The aligner (word segmentation) and the briefing (part-of-speech tags) share
the same ``jieba.Tokenizer``, so the prefix dictionary is built once (~1 s;
jieba keeps its cache file in the temp dir). Nothing loads at import time and
nothing is downloaded: the dictionary ships inside the jieba package.
"""

from __future__ import annotations

import functools
import logging
import warnings


@functools.cache
def tokenizer():
    """jieba's word tokenizer, initialised quietly on first use."""
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources, which warns on new setuptools.
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@functools.cache
def pos_tokenizer():
    """jieba's part-of-speech tokenizer over the shared :func:`tokenizer`."""
    word_tokenizer = tokenizer()
    # Imported only here: jieba.posseg loads its HMM tables (~50 MB, ~0.3 s) on
    # import, which the aligner, needing words only, does without.
    import jieba.posseg

    return jieba.posseg.POSTokenizer(word_tokenizer)

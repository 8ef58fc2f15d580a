"""Sentence segmentation for Chinese and English from one SRX-style rule table."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "split_sentences": "splitter",
    "segment_paragraphs": "splitter",
    "to_srx": "srx",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

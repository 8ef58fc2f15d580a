"""Sentence alignment zh -> en with calibrated confidences."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "align_document": "aligner",
    "align_sentences": "aligner",
    "REVIEW_THRESHOLD": "aligner",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

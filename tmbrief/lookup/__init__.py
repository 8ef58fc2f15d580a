"""Leverage the memory: a corpus index over every TM, fuzzy lookup, concordance, analysis
and pre-translation of a new article."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "IndexBackend": "backend",
    "IndexUnit": "backend",
    "SourceState": "backend",
    "GramQuery": "grams",
    "query_grams": "grams",
    "TM": "api",
    "CorpusIndex": "index",
    "find_matches": "match",
    "score": "score",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

"""Cleaning a raw scrape into paragraphs with provenance for every raw line."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "clean": "cleaner",
    "doc_id_of": "cleaner",
    "provenance_tsv": "cleaner",
    "split_lines": "cleaner",
    "join_lines": "cleaner",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

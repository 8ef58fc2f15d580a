"""Cleaning a raw scrape into paragraphs with provenance for every raw line."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "clean": "cleaner",
    "doc_id_of": "cleaner",
    "provenance_tsv": "cleaner",
    "split_lines": "cleaner",
    "join_lines": "cleaner",
    "clean_lines": "cleaner",
    "furniture_reason": "cleaner",
    "read_page": "page",
    "clean_page": "page",
    "clean_html": "page",
    "decode_html": "page",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

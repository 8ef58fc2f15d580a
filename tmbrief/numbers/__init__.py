"""Numbers in Chinese and English text: extraction, values, matching, and their rule tables."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "Number": "extract",
    "extract_numbers": "extract",
    "match_numbers": "extract",
    "same_quantity": "extract",
    "format_value": "extract",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

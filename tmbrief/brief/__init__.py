"""English briefings whose every sentence is a human translation cited to its TM unit."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "make_brief": "briefing",
    "meta_from_json": "briefing",
    "make_overview": "briefing",
    "brief_outputs": "briefing",
    "write_brief_outputs": "briefing",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

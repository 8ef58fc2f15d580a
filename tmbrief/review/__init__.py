"""Review in the browser: a local side-by-side app to fix alignments and edit translations."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "create_app": "app",
    "replay": "record",
    "read_record": "record",
    "merge": "ops",
    "split": "ops",
    "move": "ops",
    "unpair": "ops",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

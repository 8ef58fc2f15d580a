"""The translation memory: units from beads, the TM file, imports merged into it."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "build_units": "memory",
    "read_tm": "memory",
    "write_tm": "memory",
    "load_tm": "memory",
    "save_tm": "memory",
    "load_notes": "memory",
    "refresh_composites": "composite",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

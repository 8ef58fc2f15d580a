"""QA checks for zh -> en translation memories, and their reports."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "run_checks": "report",
    "qa_file": "report",
    "render_report": "report",
    "has_errors": "report",
    "CHECK_NAMES": "checks",
    "SEVERITIES": "checks",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

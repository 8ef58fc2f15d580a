"""Scale out: run the per-document work of a build as tasks on a Dask cluster."""

from tmbrief.core.lazy import lazy_exports

_PUBLIC = {
    "ClusterSettings": "cluster",
    "connect": "cluster",
    "WarmTables": "plugin",
    "map_tasks": "tasks",
    "TaskOutcome": "tasks",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)

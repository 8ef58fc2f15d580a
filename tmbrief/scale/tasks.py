"""One function over many items as Dask tasks: results as they come, each failure kept apart.

A task that raises fails alone: its item is reported with the error, the other
items go on. A worker that dies takes none of the work with it: the scheduler
re-runs the tasks it was running, and results are fetched (and released on the
workers) as soon as each task finishes.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tmbrief.core.errors import TmbriefError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaskOutcome:
    """One finished task: its item's name, and its result or the error message."""

    name: str
    result: object = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def error_message(exc: BaseException) -> str:
    """A one-line message for a task's error: tmbrief's own as is, others with their type."""
    if isinstance(exc, TmbriefError):
        return str(exc)
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def map_tasks(
    client,
    func: Callable,
    items: Iterable,
    *,
    name: Callable[[object], str],
    kwargs: Mapping[str, object] | None = None,
    on_done: Callable[[TaskOutcome, int, int], None] | None = None,
) -> dict[str, TaskOutcome]:
    """Run ``func(item, **kwargs)`` for every item on ``client``'s cluster.

    Returns ``{name(item): TaskOutcome}`` in the order of ``items``; ``on_done(outcome,
    done, total)`` is called in the client as each task finishes (progress).
    """
    from distributed import as_completed

    items = list(items)
    names = [name(item) for item in items]
    if len(set(names)) != len(names):
        raise ValueError("task names must be unique")
    run = uuid.uuid4().hex[:12]  # keys of this run never collide with another client's
    futures = [
        client.submit(func, item, key=f"tmbrief-{label}-{run}", **dict(kwargs or {}))
        for item, label in zip(items, names, strict=True)
    ]
    label_of = {future.key: label for future, label in zip(futures, names, strict=True)}
    outcomes: dict[str, TaskOutcome] = {}
    for future, value in as_completed(futures, with_results=True, raise_errors=False):
        label = label_of[future.key]
        if future.status == "finished":
            outcome = TaskOutcome(label, result=value)
        elif future.status == "error":
            _, exc, traceback = value
            log.debug("%s failed", label, exc_info=(type(exc), exc, traceback))
            outcome = TaskOutcome(label, error=error_message(exc))
        else:
            outcome = TaskOutcome(label, error=f"task {future.status}")
        future.release()
        outcomes[label] = outcome
        if on_done is not None:
            on_done(outcome, len(outcomes), len(items))
    return {label: outcomes[label] for label in names}

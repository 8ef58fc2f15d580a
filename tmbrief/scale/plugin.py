"""The worker plugin that loads heavy tables once per Dask worker process."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from distributed.diagnostics.plugin import WorkerPlugin

PLUGIN_NAME = "tmbrief-warm-tables"


class WarmTables(WorkerPlugin):
    """A Dask worker plugin: calls each loader once when a worker starts.

    The loaders are cached functions that build heavy tables (a dictionary, a
    tokenizer); called here, the tables are in the worker process before its first
    task, and every later task finds them in the cache: one load per worker, not per
    task. A worker that dies and is restarted runs the plugin again.
    """

    name = PLUGIN_NAME

    def __init__(self, loaders: tuple[Callable[[], object], ...]):
        self.loaders = tuple(loaders)

    async def setup(self, worker) -> None:
        # Off the worker's event loop: a table can take seconds to load and the
        # worker must keep answering the scheduler's heartbeats meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, self.load)

    def load(self) -> None:
        for loader in self.loaders:
            loader()

"""A Dask cluster to run tasks on: a local cluster of worker processes, or an existing one.

The local cluster listens on 127.0.0.1 only, runs one single-threaded worker process
per requested worker (the stages are pure Python: threads would share one GIL), puts
the scheduler's HTTP server on a free port of 127.0.0.1 (``dashboard_address=None`` does
not turn it off, dask/distributed#8136: it took port 8787, and a second build warned
that it was in use), and lives exactly as long as the ``with connect(...)`` block.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tmbrief.core.errors import ServiceError

log = logging.getLogger(__name__)

LOCAL_HOST = "127.0.0.1"


@dataclass(frozen=True)
class ClusterSettings:
    """Where tasks run: ``workers`` local worker processes, or the ``scheduler`` at an address.

    ``scheduler`` is a Dask scheduler address, e.g. ``tcp://10.0.0.5:8786``; the
    workers of such a cluster must see the input files at the same paths.
    """

    workers: int | None = None
    scheduler: str | None = None
    timeout: float = 10.0  # seconds to wait for an existing scheduler to answer

    def __post_init__(self):
        if (self.workers is None) == (self.scheduler is None):
            raise ValueError("give either a number of local workers or a scheduler address")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")

    def describe(self) -> str:
        """``"2 local workers"`` or ``"scheduler tcp://host:8786"``."""
        if self.scheduler:
            return f"scheduler {self.scheduler}"
        return f"{self.workers} local worker{'s' if self.workers != 1 else ''}"


def _quiet_dask_logs() -> None:
    # The client side: distributed logs every closed connection at INFO.
    logging.getLogger("distributed").setLevel(logging.WARNING)


@contextmanager
def connect(settings: ClusterSettings, *, warm: tuple[Callable[[], object], ...] = ()) -> Iterator:
    """A ``distributed.Client`` on the cluster ``settings`` names, closed (with any local
    cluster it started) on exit. ``warm``: loaders every worker runs once
    (:class:`tmbrief.scale.plugin.WarmTables`).

    Raises :class:`ServiceError` when the scheduler cannot be reached.
    """
    from distributed import Client, LocalCluster

    from tmbrief.scale.plugin import PLUGIN_NAME, WarmTables

    _quiet_dask_logs()
    cluster = None
    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout=settings.timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ServiceError(
                settings.scheduler, f"cannot connect to the Dask scheduler ({_reason(exc)})"
            ) from exc
    else:
        cluster = LocalCluster(
            n_workers=settings.workers,
            threads_per_worker=1,
            processes=True,
            host=LOCAL_HOST,
            dashboard_address=f"{LOCAL_HOST}:0",
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        if warm:
            client.register_plugin(WarmTables(warm), name=PLUGIN_NAME)
        log.info("running on %s (%s)", settings.describe(), client.scheduler.address)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text or type(exc).__name__

"""The dask engine: a batch's jobs on dask.distributed workers (``jinshui render --engine dask``,
the same as ``--executor dask``).  Each dask worker process keeps its own warm zygote
(:func:`~jinshui_analysis.render.workers.dask_task`); outputs, skipping and failure handling
are the batch's, identical to the local engines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from jinshui_analysis.exceptions import JinshuiError, ParameterError
from jinshui_analysis.render.engines import hold_sigint
from jinshui_analysis.render.jobs import Job
from jinshui_analysis.render.results import RenderResult
from jinshui_analysis.render.workers import dask_task, dead_result

__all__ = ["SCHEDULER_TIMEOUT", "DaskEngine", "check_scheduler", "probe_scheduler"]

#: Seconds allowed to reach a dask scheduler given by address.
SCHEDULER_TIMEOUT = 5.0


def check_scheduler(address: str) -> str:
    """A dask scheduler address ``tcp://host:port`` (also ``tls://``, ``inproc://``, ``ucx://``,
    or ``host:port``); :class:`ParameterError` otherwise."""
    text = str(address).strip()
    m = re.fullmatch(r"(?:(tcp|tls|inproc|ucx|ws|wss)://)?([^\s/:]+|\[[0-9a-fA-F:]+\])"
                     r"(?::(\d{1,5}))?/?", text)
    if not m or (m.group(1) != "inproc" and not m.group(3)) or (
            m.group(3) and not 0 < int(m.group(3)) < 65536):
        raise ParameterError(f"expected a dask scheduler address such as tcp://host:8786, "
                             f"got {address!r}", parameter="scheduler")
    return text


def probe_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Fail fast (:class:`JinshuiError`, one line) when nothing listens at a ``tcp://``
    scheduler address, before any job is planned or worker started."""
    import socket

    m = re.fullmatch(r"(?:(tcp|tls)://)?\[?([^\]\s/]+?)\]?:(\d+)/?", address)
    if not m:
        return  # inproc://, ucx://, ws://: left to dask
    try:
        with socket.create_connection((m.group(2), int(m.group(3))), timeout=timeout):
            pass
    except OSError as exc:
        raise JinshuiError(f"cannot reach the dask scheduler at {address!r}: "
                           f"{exc.strerror or type(exc).__name__}") from None


@dataclass(frozen=True)
class DaskEngine:
    """Jobs as dask.distributed tasks: on the scheduler at ``scheduler`` (``tcp://host:port``),
    or on a LocalCluster of ``workers`` single-threaded processes started for the run."""

    scheduler: str | None = None
    name: str = "dask"

    def __post_init__(self) -> None:
        if self.scheduler is not None:
            check_scheduler(self.scheduler)

    def prepare(self, workers: int) -> None:
        """Fail fast when the scheduler cannot be reached (before the jobs are checked)."""
        if self.scheduler:
            probe_scheduler(check_scheduler(self.scheduler))

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]:
        import logging

        from distributed import Client, LocalCluster, as_completed

        if not jobs:
            return
        for name in ("distributed", "tornado", "bokeh"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        cluster = None
        if self.scheduler:
            try:
                client = Client(check_scheduler(self.scheduler), timeout=SCHEDULER_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise JinshuiError(f"cannot reach the dask scheduler at {self.scheduler!r} "
                                   f"within {SCHEDULER_TIMEOUT:g} s ({type(exc).__name__})"
                                   ) from None
        else:
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                   processes=True, dashboard_address=":0",
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
        try:
            futures = {}
            for i, job in enumerate(jobs):
                fut = client.submit(dask_task, job, pure=False, key=f"jinshui-{job.stem}-{i}")
                futures[fut] = job
                if started is not None:  # dask decides when; unfinished counts as interrupted
                    started(job)
            try:
                for fut in as_completed(list(futures)):
                    job = futures[fut]
                    try:
                        raw = fut.result()
                    except Exception as exc:  # noqa: BLE001 - worker lost etc.
                        raw = dead_result(job, f"dask task failed: {exc}")
                    yield RenderResult.from_dict(raw)
            except GeneratorExit:
                client.cancel(list(futures))
                raise
            except BaseException:
                hold_sigint()
                client.cancel(list(futures))
                raise
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

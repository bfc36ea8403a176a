"""Execution engines: how a batch's jobs are run, one protocol, a registry of named engines.

In the style of papermill's engines (``papermill.engines``: an ``Engine`` class per way of
executing a notebook, a ``PapermillEngines`` registry with ``register(name, engine)`` and
``get_engine(name)``, third-party engines registered under an entry-point group), an engine
here takes prepared :class:`~jinshui_analysis.render.jobs.Job` s — parameters checked, output
names fixed — and yields one :class:`~jinshui_analysis.render.results.RenderResult` per job.
Skipping up-to-date reports, the lock, the index and the summary stay with the batch
(:func:`~jinshui_analysis.render.batch.render_grid`), so every engine gets them for free.

Built in (``engines.get(name)``):

- ``"fork"`` — :class:`ForkEngine`, the default: warm, pre-imported *zygote* processes fork one
  child per report (:mod:`jinshui_analysis.render.workers`): no kernel start-up, no state
  passed between reports.
- ``"kernel"`` — :class:`KernelEngine`: a fresh Jupyter kernel per report through nbclient, the
  papermill way (slower: a kernel start and the imports per report).
- ``"inprocess"`` — :class:`InProcessEngine`: the cells run in *this* process, one report
  after another (a debugger sees them); no isolation beyond a cleared namespace.
- ``"dask"`` — :class:`~jinshui_analysis.render.dask_engine.DaskEngine`: the jobs go to
  dask.distributed workers (each keeps its own zygote).

A user's engine is any object with a ``name`` and a ``run`` method as in :class:`Engine`::

    from jinshui_analysis.render.engines import engines
    engines.register("mine", MyEngine())
    render_grid("monthly_report", periods=[...], engine="mine")   # or: jinshui render --engine mine

or an entry point of group ``jinshui.engines`` (``name = "package.module:EngineClass"``).

Interrupts (Ctrl-C, SIGTERM): an engine that is interrupted stops starting jobs, ends those in
flight, yields what they returned (:func:`as_interrupted` marks a report that was not written)
and re-raises :class:`KeyboardInterrupt`; the batch marks jobs without a result
``interrupted`` (started, see ``started``) or ``cancelled``.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.render.jobs import Job
from jinshui_analysis.render.results import Failure, RenderResult
from jinshui_analysis.render.runner import record_failure, run_job
from jinshui_analysis.render.workers import Zygote, shared_zygote, zygote_pool

__all__ = ["Engine", "Engines", "ForkEngine", "InProcessEngine", "KernelEngine", "as_interrupted",
           "engines", "hold_sigint", "release_sigint"]

#: The message of a report stopped by an interrupt.
INTERRUPTED = "the run was interrupted (Ctrl-C): stopped"


@runtime_checkable
class Engine(Protocol):
    """How jobs are executed.

    ``name`` names the engine in messages.  ``run(jobs, workers=…, started=…)`` executes every
    job (at most ``workers`` at a time, where the engine runs jobs in parallel), calls
    ``started(job)`` when a job begins, and yields one :class:`RenderResult` per job, in the
    order they finish, with the job's ``stem``.  It never raises for a report that fails (the
    result says ``failed``/``timeout``/``dead``); on :class:`KeyboardInterrupt` it winds down as
    the module docstring says.  An engine may also have ``prepare(workers)``, called before the
    jobs are checked, to start its workers early.
    """

    name: str

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]: ...


class Engines:
    """The registry of named engines (papermill's ``PapermillEngines``): the module-level
    :data:`engines` is the one in use."""

    #: entry-point group of third-party engines
    GROUP = "jinshui.engines"

    def __init__(self) -> None:
        self._engines: dict[str, Any] = {}
        self._lazy: dict[str, tuple[str, str]] = {}
        self._entry_points_read = False

    def register(self, name: str, engine: Any) -> None:
        """Register ``engine`` (an :class:`Engine`, or a class making one with no argument)
        under ``name``, replacing any engine of that name."""
        if not isinstance(name, str) or not name.strip():
            raise ParameterError(f"expected a non-empty engine name, got {name!r}",
                                 parameter="name")
        if not (isinstance(engine, type) or isinstance(engine, Engine)):
            raise ParameterError(f"engine {name!r}: expected an object with 'name' and "
                                 f"'run(jobs, *, workers, started)', got {type(engine).__name__}",
                                 parameter="engine")
        self._lazy.pop(name, None)
        self._engines[name] = engine

    def unregister(self, name: str) -> None:
        """Forget the engine registered as ``name`` (nothing when there is none)."""
        self._engines.pop(name, None)
        self._lazy.pop(name, None)

    def register_lazy(self, name: str, module: str, attr: str) -> None:
        """Register ``module.attr`` under ``name``, imported when first asked for."""
        self._engines.pop(name, None)
        self._lazy[name] = (module, attr)

    def register_entry_points(self) -> None:
        """Register the engines of the ``jinshui.engines`` entry-point group (once)."""
        if self._entry_points_read:
            return
        self._entry_points_read = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=self.GROUP):
            if ep.name not in self._engines and ep.name not in self._lazy:
                module, _, attr = ep.value.partition(":")
                self.register_lazy(ep.name, module, attr)

    def names(self) -> list[str]:
        """The registered names, sorted."""
        self.register_entry_points()
        return sorted(set(self._engines) | set(self._lazy))

    def get(self, name: str | Engine | None = None) -> Engine:
        """The engine registered as ``name`` (``None``: ``"fork"``); an engine object is
        returned as it is.  :class:`ParameterError` naming the registered ones otherwise."""
        if name is None:
            name = "fork"
        if not isinstance(name, str):
            if isinstance(name, Engine):
                return name
            raise ParameterError(f"expected an engine name or an engine, got "
                                 f"{type(name).__name__}", parameter="engine")
        if name not in self._engines and name not in self._lazy:
            self.register_entry_points()
        if name in self._lazy:
            import importlib

            module, attr = self._lazy.pop(name)
            self._engines[name] = getattr(importlib.import_module(module), attr)
        if name not in self._engines:
            raise ParameterError(f"unknown engine {name!r}; expected one of "
                                 f"{', '.join(self.names())}", parameter="engine")
        engine = self._engines[name]
        return engine() if isinstance(engine, type) else engine


# =========================================================================== interrupts
_HELD: list[Any] = []  # the SIGINT handler put aside while an interrupted run winds down


def hold_sigint() -> None:
    """Ignore further Ctrl-C while an interrupted run winds down (main thread only; once)."""
    if not _HELD and threading.current_thread() is threading.main_thread():
        _HELD.append(signal.signal(signal.SIGINT, signal.SIG_IGN))


def release_sigint() -> None:
    """Put back the SIGINT handler :func:`hold_sigint` set aside."""
    if _HELD and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _HELD.pop())


def record_interrupted(job: Job, error: Failure) -> None:
    """Write the failure record of a job stopped by an interrupt (best effort: a full disk
    must not hide the interrupt)."""
    try:
        record_failure(job, error.to_dict(), status="interrupted")
    except OSError:
        pass


def as_interrupted(job: Job, result: RenderResult) -> RenderResult:
    """``result`` of a job that finished after an interrupt: a report that was not written is
    ``interrupted`` (its process was stopped, not dead), and its failure record says so."""
    if result.written or result.status == "interrupted":
        return result
    base = result.error or Failure("interrupted", "KeyboardInterrupt", INTERRUPTED)
    error = Failure("interrupted", "KeyboardInterrupt", INTERRUPTED, cell_index=base.cell_index,
                    traceback=base.traceback, sections=base.sections, formats=base.formats)
    record_interrupted(job, error)
    return result.replace(status="interrupted", error=error)


# =========================================================================== engines
@dataclass(frozen=True)
class ForkEngine:
    """Warm zygote processes, one fork per report (:mod:`jinshui_analysis.render.workers`).

    ``workers`` zygotes (kept for the life of the process and reused by later batches) take
    the jobs from a queue; a job's log is ``job.log``, a zygote's is ``worker-<n>.log`` in the
    same folder.  On an interrupt the zygotes are terminated (their forks die with them).
    """

    name: str = "fork"

    def prepare(self, workers: int) -> None:
        """Start ``workers`` zygotes now: they import and warm up while the jobs are checked."""
        zygote_pool(max(1, workers))

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]:
        if not jobs:
            return
        workers = max(1, min(workers, len(jobs)))
        logs = next((Path(j.log).parent for j in jobs if j.log), None)
        zygotes = zygote_pool(workers, logs) if logs is not None or workers > 1 \
            else [shared_zygote()]
        pool: queue.Queue[Zygote] = queue.Queue()
        for z in zygotes:
            pool.put(z)
        stop = threading.Event()

        def work(job: Job) -> dict[str, Any] | None:
            if stop.is_set():
                return None
            z = pool.get()
            try:
                if stop.is_set():
                    return None
                if started is not None:
                    started(job)
                return z.run(job)
            finally:
                pool.put(z)

        ex = cf.ThreadPoolExecutor(workers)
        futures = {ex.submit(work, job): job for job in jobs}
        delivered: set[cf.Future[Any]] = set()
        try:
            for fut in cf.as_completed(futures):
                raw = fut.result()
                if raw is not None:
                    delivered.add(fut)
                    yield RenderResult.from_dict(raw)
        except GeneratorExit:  # the batch stopped listening: stop, say nothing more
            stop.set()
            ex.shutdown(wait=False, cancel_futures=True)
            raise
        except BaseException:
            # Ctrl-C: start nothing more, stop the jobs in flight, give what they returned
            hold_sigint()
            stop.set()
            for z in zygotes:
                z.interrupt()
            ex.shutdown(wait=True, cancel_futures=True)
            for fut, job in futures.items():
                if fut in delivered or not fut.done() or fut.cancelled() or fut.exception():
                    continue
                if fut.result() is not None:
                    yield as_interrupted(job, RenderResult.from_dict(fut.result()))
            raise
        ex.shutdown(wait=True)


def _guarded(job: Job, mode: str) -> RenderResult:
    """:func:`run_job` in this process; an exception that is not a notebook's (a kernel that
    cannot start …) is a ``failed`` result with its failure record, as a fork would report."""
    started = time.monotonic()
    try:
        raw = run_job(job, engine=mode)
    except Exception as exc:  # noqa: BLE001 - reported in the result
        error = Failure("error", type(exc).__name__, str(exc), traceback=traceback.format_exc())
        try:
            record_failure(job, error.to_dict())
        except OSError:
            pass
        return RenderResult(job.stem, "failed", parameters=job.parameters, error=error,
                            key=job.key, seconds=time.monotonic() - started)
    raw.setdefault("seconds", time.monotonic() - started)
    return RenderResult.from_dict(raw)


@dataclass(frozen=True)
class KernelEngine:
    """A fresh Jupyter kernel per report through nbclient, the papermill way
    (:func:`~jinshui_analysis.render.execute.execute_kernel`; the kernel's working folder is
    the notebook's, set by nbclient, never by ``chdir``).  Jobs run one after another."""

    name: str = "kernel"

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]:
        for job in jobs:
            if started is not None:
                started(job)
            yield _guarded(job, "kernel")


@dataclass(frozen=True)
class InProcessEngine:
    """The cells run in this process's IPython shell, one report after another
    (:func:`~jinshui_analysis.render.execute.execute_inprocess`): for a debugger, or where no
    process may be started.  Before each report the shell's namespace and the key-figure
    registry are cleared and after it the working folder is put back; anything else a
    notebook changes (``rcParams``, environment, imported modules) stays — use ``"fork"`` for
    isolation.  Main thread only (the time limit is a ``SIGALRM``)."""

    name: str = "inprocess"

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]:
        from jinshui_analysis.render.execute import make_shell
        from jinshui_analysis.reports.record import clear_recorded

        for job in jobs:
            if started is not None:
                started(job)
            cwd = os.getcwd()
            make_shell().reset(new_session=False)
            clear_recorded()
            try:
                result = _guarded(job, "inprocess")
            finally:
                os.chdir(cwd)
            yield result


#: The registry in use.
engines = Engines()
engines.register("fork", ForkEngine)
engines.register("kernel", KernelEngine)
engines.register("inprocess", InProcessEngine)
engines.register_lazy("dask", "jinshui_analysis.render.dask_engine", "DaskEngine")

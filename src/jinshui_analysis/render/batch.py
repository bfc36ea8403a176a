"""Render a grid of reports (months × regions) in parallel, incrementally and atomically.

Engine: warm zygotes and forks
------------------------------
Starting a Jupyter kernel and importing pandas/matplotlib/statsmodels costs seconds per report.
Instead each worker is a *zygote*: a Python process started once (``python -c``, with
``OMP/OPENBLAS/MKL_NUM_THREADS=1``) that pre-imports the scientific stack and this package, warms
the CJK font cache and the nbconvert HTML exporter, then waits for jobs on a pipe.  For each job it
``fork()``\\ s: the child executes the notebook's cells in an IPython shell (inline matplotlib,
display outputs captured as notebook outputs), exports the HTML in-process and writes the outputs
atomically; then it exits.  Because the zygote itself never runs notebook code, every report
starts from the same clean state — variables, ``rcParams``, the key-figure registry and the
working directory cannot leak from one report into the next (fork = process isolation).
There are no kernel ports, so parallel starts cannot collide.

The zygote enforces the time limit (``SIGALRM`` in the child, ``SIGKILL`` as a backstop) and
reports a child that dies (``kill -9``, segfault, ``os._exit``) as ``dead``.  If the controlling
process dies, the zygote sees end-of-file on its pipe, kills its child and exits; the child's own
outputs are written under temporary names and only ``os.replace``-d into place when complete.

Incremental runs: a job is skipped when ``<stem>.json`` holds the same job key — the SHA-256 of
(notebook bytes, validated parameters, input-data hash, package version, code hash) — and its HTML and
executed notebook exist.  ``force=True`` re-renders; ``retry_failed=True`` reruns only jobs with
a failure record (``<out>/.jinshui/<stem>.failed.json``).

``executor="dask"`` ships the same jobs to dask.distributed workers (each worker process keeps
its own zygote); outputs, skipping and failure handling are identical.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import queue
import re
import signal
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import JinshuiError, ParameterError
from jinshui_analysis.render import params as _params
from jinshui_analysis.render.jobs import Job, check_timeout, default_stem, is_current, prepare_job
from jinshui_analysis.render.outputs import (
    OutputLock,
    clean_temporaries,
    index,
    prepare_out,
    result_summary,
)
from jinshui_analysis.render.runner import record_failure

__all__ = ["BatchResult", "Zygote", "build_jobs", "render_grid", "shared_zygote", "zygote_pool"]

from jinshui_analysis.render.workers import (
    OK_STATUSES,
    Zygote,
    dask_task,
    dead_result,
    shared_zygote,
    zygote_pool,
)

#: Statuses of a report that was written but is not whole: a section could not be computed
#: (``partial``), or no figure comes from the data (``empty``); exit code 3.
WRITTEN_STATUSES = frozenset({"partial", "empty"})


# =========================================================================== the grid
@dataclass
class BatchResult:
    """Outcome of :func:`render_grid`."""

    results: list[dict[str, Any]]
    summary: Any  # pandas.DataFrame, one row per job
    index_html: Path
    out_dir: Path
    interrupted: bool = False  #: the run was stopped by Ctrl-C (SIGINT)
    index_error: str | None = None  #: why index.html could not be written (full disk …)

    @property
    def ok(self) -> bool:
        return all(r["status"] in OK_STATUSES for r in self.results) and not self.index_error

    @property
    def exit_code(self) -> int:
        """0 all ok or up to date; 1 some job failed (or the index could not be written);
        3 every report was written but some are ``partial`` (a section could not be computed)
        or ``empty`` (no figure from the data); 130 interrupted."""
        if self.interrupted:
            return 130
        if self.ok:
            return 0
        written = OK_STATUSES | WRITTEN_STATUSES
        if self.index_error or any(r["status"] not in written for r in self.results):
            return 1
        return 3

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r["status"]] = out.get(r["status"], 0) + 1
        return out


def build_jobs(
    notebook: str | os.PathLike[str],
    *,
    periods: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    grid: Iterable[Mapping[str, Any]] | None = None,
    data: str | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    timeout: float = 600.0,
    formats: str | Sequence[str] | None = None,
) -> list[tuple[dict[str, Any], Job | ParameterError]]:
    """Parameter sets of the grid, each validated into a Job (or the ParameterError)."""
    timeout = check_timeout(timeout)
    base = dict(params or {})
    try:
        schema = _params.load_schema(_params.resolve_notebook(notebook))
    except ParameterError:
        schema = {}
    period_key = "period" if "period" in schema or "year" not in schema else "year"
    if data is not None:
        base["data"] = data
    if grid is not None:
        sets = [{**base, **g} for g in grid]
    else:
        sets = []
        for region in regions or [None]:
            for period in periods or [None]:
                p = dict(base)
                if region is not None:
                    p["region"] = region
                if period is not None:
                    p[period_key] = period
                sets.append(p)
    out: list[tuple[dict[str, Any], Job | ParameterError]] = []
    memo: dict[str, dict[str, Any]] = {}  # data hashes, shared by the jobs of this grid
    for p in sets:
        try:
            out.append((p, prepare_job(notebook, p, out_dir, timeout=timeout, memo=memo,
                                          formats=formats)))
        except ParameterError as exc:
            out.append((p, exc))
    return out


def render_grid(
    notebook: str | os.PathLike[str],
    *,
    periods: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    grid: Iterable[Mapping[str, Any]] | None = None,
    data: str | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    jobs: int | None = None,
    force: bool = False,
    retry_failed: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    timeout: float = 600.0,
    progress: bool = True,
    write_index: bool = True,
    lock_wait: float = 0.0,
    formats: str | Sequence[str] | None = None,
) -> BatchResult:
    """Render ``notebook`` for every region × period (or every dict of ``grid``).

    Every job's parameters are validated before any worker starts; an invalid job is reported
    with status ``invalid`` and the valid ones still run.  Statuses: ``ok``, ``skipped`` (up to
    date), ``failed`` (a cell raised; ``cell`` names it, the notebook is kept as
    ``notebooks/<stem>.failed.ipynb``), ``timeout``, ``dead`` (the process died), ``invalid``,
    ``partial`` (written; a section could not be computed and says why: ``sections_failed``),
    ``empty`` (written; no figure from the data).

    Parameters
    ----------
    jobs : parallel workers (default: number of CPUs, at most the number of jobs to run).
    executor : ``"local"`` (warm zygote processes) or ``"dask"`` (``scheduler`` address, or a
        LocalCluster with ``jobs`` worker processes when None).
    force : render even when up to date.  retry_failed : run only jobs that failed last time.
    formats : ``"html,docx,pdf"`` or a list (default HTML only): ``.docx``/``.pdf`` beside each
        HTML; the formats are part of a job's key, so adding one re-renders.
    lock_wait : seconds to wait for another run writing to the same ``out_dir`` (one run at a
        time per folder: :class:`~jinshui_analysis.render.outputs.OutputLock`); then
        :class:`JinshuiError`.

    Two jobs that would write the same file raise :class:`ParameterError` naming both, before
    anything runs.  Ctrl-C (``KeyboardInterrupt``) stops starting jobs, ends those in flight
    (status ``interrupted``; never started: ``cancelled``), still writes the index and returns
    a result with ``interrupted=True`` (exit code 130).
    """
    if executor not in ("local", "dask"):
        raise ParameterError("expected 'local' or 'dask'", parameter="executor")
    if executor == "dask" and scheduler:
        probe_scheduler(check_scheduler(scheduler))
    out = Path(out_dir).resolve()
    if grid is not None:
        grid = [dict(g) for g in grid]
    if executor == "local":
        # the warm workers import and warm up while the parameters and data are checked here;
        # their own log is not opened before the output folder is made safe (prepare_out)
        n_sets = len(grid) if grid is not None else len(periods or [None]) * len(regions or [None])
        if n_sets:
            zygote_pool(max(1, min(jobs or os.cpu_count() or 1, n_sets)))
    planned = build_jobs(notebook, periods=periods, regions=regions, params=params, grid=grid,
                         data=data, out_dir=out, timeout=timeout, formats=formats)
    invalid = [job for _, job in planned if isinstance(job, ParameterError)]
    if planned and len(invalid) == len(planned):
        # nothing valid to run: one clear message, nothing written (the CLI exits 2)
        if len({str(e) for e in invalid}) == 1:
            raise invalid[0]
        raise ParameterError("every job is invalid: " + "; ".join(sorted({str(e) for e in invalid})))
    check_distinct([job for _, job in planned if isinstance(job, Job)])
    try:
        prepare_out(out)  # real folders: a planted link is replaced, never written through
        lock = OutputLock(out, lock_wait)
    except OSError as exc:
        raise ParameterError(f"cannot write to the output folder {str(out)!r}: "
                             f"{exc.strerror or exc}", parameter="out") from None
    try:
        lock.acquire()
    except OSError as exc:
        raise ParameterError(f"cannot write to the output folder {str(out)!r}: "
                             f"{exc.strerror or exc}", parameter="out") from None
    try:
        return _render_locked(notebook, planned, out, jobs=jobs, force=force,
                              retry_failed=retry_failed, executor=executor, scheduler=scheduler,
                              progress=progress, write_index=write_index)
    finally:
        lock.release()


#: Key figures that describe a report rather than report a figure of the data.
METADATA_UNITS = frozenset({"年", "个"})


def empty_reason(figures: Sequence[Mapping[str, Any]], parameters: Mapping[str, Any]) -> str | None:
    """Why a rendered report shows no figure from its data (None when it shows some).

    A report is *empty* when none of its key figures is a number taken from the data: every
    figure is demo data (``synthetic``), missing (``None``) or metadata (a year, a count; unit in
    :data:`METADATA_UNITS`).  A report from the user's own tables (``data`` not ``"bundled"``) is
    also empty when its headline section counted no figure of the region from those tables
    (the ``data_figures`` key figure is 0), whatever published context it shows.
    """
    count = next((f.get("value") for f in figures if f.get("name") == "data_figures"), None)
    region = parameters.get("region", "")
    data = str(parameters.get("data", "bundled"))
    if data != "bundled" and count == 0:
        named = _named_instead(data, region)
        hint = f"; the files name {'、'.join(named[:5])} (--region {named[0]}?)" if named else ""
        return (f"no figure of {region} for this period in the data ({data}): every headline cell "
                f"is empty{hint}")
    real = [f for f in figures if not f.get("synthetic") and f.get("value") is not None
            and f.get("unit") not in METADATA_UNITS and f.get("name") != "data_figures"]
    if not real:
        return (f"no figure from the data: every key figure of {region or 'the report'} is demo "
                "data or missing")
    return None


def _named_instead(data: str, region: str) -> list[str]:
    """The regions the tables of ``data`` name when none is ``region`` nor another name of it
    (the reading of this process, :func:`~jinshui_analysis.data.source.open_source`: nothing is
    read again)."""
    from jinshui_analysis.data.regions import same_region
    from jinshui_analysis.data.source import open_source
    from jinshui_analysis.reports.loader import other_regions

    try:
        frame = open_source(data, region=region or None).frame
    except (JinshuiError, OSError):
        return []
    if not region or frame["region"].isin(list(same_region(region))).any():
        return []
    return other_regions(frame, region)


def mark_empty(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with status ``empty`` (and the reason as its error) when it rendered (or is up
    to date) but shows no figure from its data (:func:`empty_reason`)."""
    if result.get("status") not in ("ok", "skipped", "stale") or not result.get("figures"):
        return result  # a notebook that records no key figure (explore) is not a data report
    reason = empty_reason(result["figures"], result.get("parameters") or {})
    if reason is None:
        return result
    return {**result, "status": "empty",
            "error": {"kind": "empty", "cell_index": None, "ename": "empty", "evalue": reason}}


def _stored(job: Job) -> dict[str, Any]:
    """The JSON stored beside an up-to-date report (key figures, status; {} when unreadable)."""
    import json

    try:
        doc = json.loads(job.paths.json.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def check_distinct(jobs: Sequence[Job]) -> None:
    """Raise :class:`ParameterError` when two jobs would write the same output file (names
    compared as a case-insensitive file system would), naming both parameter sets."""
    seen: dict[str, int] = {}
    for i, job in enumerate(jobs):
        name = unicodedata.normalize("NFC", job.stem).casefold()
        if name not in seen:
            seen[name] = i
            continue
        other = jobs[seen[name]]
        keys = [k for k in job.parameters if job.parameters[k] != other.parameters.get(k)]
        shown = keys or [k for k in ("region", "period", "year") if k in job.parameters]

        def text(j: Job, shown: list[str] = shown) -> str:
            return ", ".join(f"{k}={j.parameters.get(k)!r}" for k in shown)

        what = ("the same report is asked for twice" if not keys
                else "their names differ only in characters a file name cannot keep")
        raise ParameterError(f"two jobs would write the same file {job.stem}.html "
                             f"({text(other)} and {text(job)}): {what}", parameter="grid")


def _render_locked(notebook: str | os.PathLike[str],
                   planned: list[tuple[dict[str, Any], Job | ParameterError]], out: Path, *,
                   jobs: int | None, force: bool, retry_failed: bool, executor: str,
                   scheduler: str | None, progress: bool, write_index: bool) -> BatchResult:
    import pandas as pd

    clean_temporaries(out)  # only those of processes that are gone

    results: dict[int, dict[str, Any]] = {}
    to_run: list[tuple[int, Job]] = []
    for i, (p, job) in enumerate(planned):
        if isinstance(job, ParameterError):
            stem = default_stem(Path(str(notebook)).stem, p)
            results[i] = {"stem": stem, "status": "invalid", "parameters": p, "figures": [],
                          "seconds": 0.0,
                          "error": {"kind": "invalid", "cell_index": None,
                                    "ename": "ParameterError", "evalue": str(job)}}
            continue
        job = replace(job, log=str(out / "logs" / f"{job.stem}.log"))
        current = is_current(job)
        if retry_failed and not force:
            run = job.failure_record.exists()
        else:
            run = force or not current
        if run:
            to_run.append((i, job))
        else:
            # with --retry-failed, a report that did not fail is left alone even when its inputs
            # changed; say "stale" then rather than "skipped" (up to date)
            stored = _stored(job)
            partial = stored.get("sections_failed") if current else None
            results[i] = mark_empty({"stem": job.stem,
                                     "status": "partial" if partial else
                                     "skipped" if current else "stale",
                                     "parameters": job.parameters,
                                     "figures": list(stored.get("figures") or []),
                                     "seconds": 0.0,
                                     "error": stored.get("error") if partial else None,
                                     "sections_failed": partial or [],
                                     "html": str(job.paths.html) if current else None})

    bar = _progress(len(planned), progress)
    for r in results.values():
        _tick(bar, r)
    interrupted = False
    started: set[int] = set()
    held: list[Any] = []  # the SIGINT handler put aside while an interrupted run winds down
    run_jobs = dict(to_run)

    def on_result(i: int, result: dict[str, Any], late: bool = False) -> None:
        if late and result.get("status") not in OK_STATUSES | WRITTEN_STATUSES | {"interrupted"}:
            # ended by the interrupt (its process was stopped): say so, not "dead"
            err = dict(result.get("error") or {}, kind="interrupted", ename="KeyboardInterrupt",
                       evalue="the run was interrupted (Ctrl-C): stopped")
            result = {**result, "status": "interrupted", "error": err}
            _record_interrupted(run_jobs[i], err)
        results[i] = mark_empty(result)
        _tick(bar, results[i])

    try:
        if to_run:
            workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
            runner = _run_dask if executor == "dask" else _run_local
            runner(to_run, workers, out, scheduler, on_result, started, held)
    except KeyboardInterrupt:
        interrupted = True
        _hold_sigint(held)
    try:
        for i, job in to_run:
            if i not in results:
                kind = "interrupted" if i in started else "cancelled"
                what = ("the run was interrupted (Ctrl-C): stopped" if i in started
                        else "not started: the run was interrupted (Ctrl-C)")
                err = {"kind": kind, "cell_index": None, "ename": "KeyboardInterrupt",
                       "evalue": what, "traceback": ""}
                if i in started:
                    _record_interrupted(job, err)
                results[i] = {"stem": job.stem, "status": kind, "parameters": job.parameters,
                              "figures": [], "seconds": 0.0, "error": err}
        if interrupted:
            clean_temporaries(out)  # those of the jobs just stopped
        if bar is not None:
            bar.close()

        ordered = [results[i] for i in range(len(planned))]
        summary = pd.DataFrame([result_summary(r) for r in ordered],
                               columns=["report", "status", "seconds", "cell", "error", "output"])
        summary = summary.set_index("report")
        statuses = {r["stem"]: r["status"] for r in ordered}
        index_html, index_error = out / "index.html", None
        if write_index:
            try:
                index_html = index(out, statuses)
            except OSError as exc:  # a full disk: the summary still says what was written
                index_error = f"index.html not written: {exc.strerror or exc}"
        return BatchResult(results=ordered, summary=summary, index_html=index_html, out_dir=out,
                           interrupted=interrupted, index_error=index_error)
    finally:
        if held:
            signal.signal(signal.SIGINT, held[0])


def _hold_sigint(held: list[Any]) -> None:
    """Ignore further Ctrl-C while an interrupted run writes its summary and index."""
    if not held and threading.current_thread() is threading.main_thread():
        held.append(signal.signal(signal.SIGINT, signal.SIG_IGN))


def _record_interrupted(job: Job, err: Mapping[str, Any]) -> None:
    try:
        record_failure(job, err, status="interrupted")
    except OSError:
        pass


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, file=sys.stderr, unit="report", dynamic_ncols=True,
               desc="render")
    bar.counts = {"ok": 0, "partial": 0, "empty": 0, "failed": 0, "skipped": 0}
    return bar


def _tick(bar: Any, result: Mapping[str, Any]) -> None:
    if bar is None:
        return
    status = result["status"]
    key = ("skipped" if status == "stale" else status if status in bar.counts else "failed")
    bar.counts[key] += 1
    bar.set_postfix(bar.counts, refresh=False)
    bar.update(1)


def _run_local(to_run: list[tuple[int, Job]], workers: int, out: Path, scheduler: str | None,
               on_result: Callable[..., None], started: set[int], held: list[Any]) -> None:
    zygotes = zygote_pool(workers, out / "logs")
    pool: queue.Queue[Zygote] = queue.Queue()
    for z in zygotes:
        pool.put(z)
    stop = threading.Event()

    def work(i: int, job: Job) -> dict[str, Any] | None:
        if stop.is_set():
            return None
        z = pool.get()
        try:
            if stop.is_set():
                return None
            started.add(i)
            return z.run(job)
        finally:
            pool.put(z)

    ex = cf.ThreadPoolExecutor(workers)
    futures = {ex.submit(work, i, job): i for i, job in to_run}
    delivered: set[int] = set()
    try:
        for fut in cf.as_completed(futures):
            result = fut.result()
            if result is not None:
                delivered.add(futures[fut])
                on_result(futures[fut], result)
    except BaseException:
        # Ctrl-C: start nothing more, stop the jobs in flight, keep what they returned
        _hold_sigint(held)
        stop.set()
        for z in zygotes:
            z.interrupt()
        ex.shutdown(wait=True, cancel_futures=True)
        for fut, i in futures.items():
            if i in delivered or not fut.done() or fut.cancelled() or fut.exception():
                continue
            if fut.result() is not None:
                on_result(i, fut.result(), late=True)
        raise
    ex.shutdown(wait=True)


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


def _run_dask(to_run: list[tuple[int, Job]], workers: int, out: Path, scheduler: str | None,
              on_result: Callable[..., None], started: set[int], held: list[Any]) -> None:
    import logging

    from distributed import Client, LocalCluster, as_completed

    for name in ("distributed", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    cluster = None
    if scheduler:
        try:
            client = Client(check_scheduler(scheduler), timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise JinshuiError(f"cannot reach the dask scheduler at {scheduler!r} within "
                               f"{SCHEDULER_TIMEOUT:g} s ({type(exc).__name__})") from None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = {}
        for i, job in to_run:
            fut = client.submit(dask_task, job, pure=False, key=f"jinshui-{job.stem}-{i}")
            futures[fut] = (i, job)
            started.add(i)  # dask decides when; an unfinished one counts as interrupted
        try:
            for fut in as_completed(list(futures)):
                i, job = futures[fut]
                try:
                    result = fut.result()
                except Exception as exc:  # noqa: BLE001 - worker lost etc.
                    result = dead_result(job, f"dask task failed: {exc}")
                on_result(i, result)
        except BaseException:
            _hold_sigint(held)
            client.cancel(list(futures))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

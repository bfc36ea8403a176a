"""Render a grid of reports (months × regions): parameters checked up front, up-to-date reports
skipped, the rest handed to an engine, one lock, one progress bar, one summary and index.

Engines (:mod:`jinshui_analysis.render.engines`): ``"fork"`` (default) — warm *zygote*
processes that pre-import the scientific stack and this package and ``fork()`` one child per
report, so every report starts from the same clean state and no kernel start-up is paid
(:mod:`jinshui_analysis.render.workers`); ``"kernel"`` — a Jupyter kernel per report, the
papermill way; ``"inprocess"`` — this process; ``"dask"`` — dask.distributed workers
(:mod:`jinshui_analysis.render.dask_engine`; also ``executor="dask"``); or any engine a user
registers (``engines.register(name, engine)``).  Whatever the engine, outputs are written under
temporary names and renamed, skipping and failure handling are the same.

Incremental runs: a job is skipped when ``<stem>.json`` holds the same job key — the SHA-256 of
(notebook bytes, validated parameters, input-data hash, package version, code hash) — and its
HTML and executed notebook exist.  ``force=True`` re-renders; ``retry_failed=True`` reruns only
jobs with a failure record (``<out>/.jinshui/<stem>.failed.json``).
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import JinshuiError, ParameterError
from jinshui_analysis.render import params as _params
from jinshui_analysis.render.empty import mark_empty
from jinshui_analysis.render.engines import (
    INTERRUPTED,
    Engine,
    engines,
    hold_sigint,
    record_interrupted,
    release_sigint,
)
from jinshui_analysis.render.jobs import Job, check_timeout, default_stem, is_current, prepare_job
from jinshui_analysis.render.outputs import OutputLock, clean_temporaries, index, prepare_out
from jinshui_analysis.render.results import BatchResult, Failure, RenderResult

__all__ = ["BatchResult", "build_jobs", "check_distinct", "pick_engine", "render_grid"]


# =========================================================================== the grid
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


def pick_engine(engine: str | Engine | None = None, executor: str = "local",
                scheduler: str | None = None) -> Engine:
    """The engine a batch runs on: ``engine`` (a registered name or an engine), else
    ``"dask"`` for ``executor="dask"``, else ``"fork"``; a ``scheduler`` address goes to the
    dask engine (:class:`ParameterError` for any other, or when ``executor`` and ``engine``
    disagree)."""
    if executor not in ("local", "dask"):
        raise ParameterError("expected 'local' or 'dask'", parameter="executor")
    chosen = engines.get(engine if engine is not None else
                         "dask" if executor == "dask" else "fork")
    if executor == "dask" and chosen.name != "dask":
        raise ParameterError(f"--executor dask runs on the dask engine, not {chosen.name!r}",
                             parameter="engine")
    if scheduler:
        if not (dataclasses.is_dataclass(chosen) and any(
                f.name == "scheduler" for f in dataclasses.fields(chosen))):
            raise ParameterError("a scheduler address needs the dask engine",
                                 parameter="scheduler")
        chosen = replace(chosen, scheduler=scheduler)
    return chosen


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
    engine: str | Engine | None = None,
    timeout: float = 600.0,
    progress: bool = True,
    write_index: bool = True,
    lock_wait: float = 0.0,
    formats: str | Sequence[str] | None = None,
) -> BatchResult:
    """Render ``notebook`` for every region × period (or every dict of ``grid``).

    Every job's parameters are validated before any worker starts; an invalid job is reported
    with status ``invalid`` and the valid ones still run.  Statuses: ``ok``, ``skipped`` (up to
    date), ``failed`` (a cell raised; the result's ``error.cell_index`` names it, the notebook
    is kept as ``notebooks/<stem>.failed.ipynb``), ``timeout``, ``dead`` (the process died),
    ``invalid``, ``partial`` (written; a section could not be computed and says why:
    ``sections_failed``), ``empty`` (written; no figure from the data), ``stale``,
    ``interrupted``, ``cancelled``.

    Parameters
    ----------
    notebook : path of the notebook, or its name in ``notebooks/`` (``"monthly_report"``).
    periods : the periods (``"2023-06"``; ``year`` for an annual notebook), one job each.
    regions : the regions, one job per region × period.
    params : other parameters, the same for every job.
    grid : instead of ``periods`` × ``regions``: one dict of parameters per job.
    data : ``"bundled"`` or a table or folder of the user's (the ``data`` parameter).
    out_dir : output folder (created).
    jobs : parallel workers (default: number of CPUs, at most the number of jobs to run).
    force : render even when up to date.
    retry_failed : run only the jobs that failed last time.
    executor : ``"local"`` (the ``engine``) or ``"dask"`` (the same as ``engine="dask"``).
    scheduler : dask scheduler address (``tcp://host:8786``; default a LocalCluster of ``jobs``
        worker processes).
    engine : a name of :data:`~jinshui_analysis.render.engines.engines` — ``"fork"``
        (default: warm zygote processes), ``"kernel"``, ``"inprocess"``, ``"dask"`` or one a
        user registered — or an engine object (:class:`~jinshui_analysis.render.engines.Engine`).
    timeout : seconds allowed per report.
    progress : show a progress bar on stderr.
    write_index : rewrite ``index.html`` at the end.
    lock_wait : seconds to wait for another run writing to the same ``out_dir`` (one run at a
        time per folder: :class:`~jinshui_analysis.render.outputs.OutputLock`); then
        :class:`JinshuiError`.
    formats : ``"html,docx,pdf"`` or a list (default HTML only): ``.docx``/``.pdf`` beside each
        HTML; the formats are part of a job's key, so adding one re-renders.

    Returns
    -------
    BatchResult
        ``results`` (one :class:`~jinshui_analysis.render.results.RenderResult` per job, in the
        grid's order), ``summary`` (a DataFrame), ``exit_code``, ``index_html``.

    Raises
    ------
    ParameterError
        every job invalid, two jobs that would write the same file (naming both), an unknown
        engine — before anything runs.

    Ctrl-C (``KeyboardInterrupt``) stops starting jobs, ends those in flight (status
    ``interrupted``; never started: ``cancelled``), still writes the index and returns a result
    with ``interrupted=True`` (exit code 130).
    """
    chosen = pick_engine(engine, executor, scheduler)
    if grid is not None:
        grid = [dict(g) for g in grid]
    n_sets = len(grid) if grid is not None else len(periods or [None]) * len(regions or [None])
    if n_sets and hasattr(chosen, "prepare"):
        # the warm workers import and warm up while the parameters and data are checked here
        # (a dask scheduler is probed first: one line, before anything is planned)
        chosen.prepare(max(1, min(jobs or os.cpu_count() or 1, n_sets)))
    out = Path(out_dir).resolve()
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
                              retry_failed=retry_failed, engine=chosen, progress=progress,
                              write_index=write_index)
    finally:
        lock.release()


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
                   jobs: int | None, force: bool, retry_failed: bool, engine: Engine,
                   progress: bool, write_index: bool) -> BatchResult:
    clean_temporaries(out)  # only those of processes that are gone

    results: dict[int, RenderResult] = {}
    to_run: list[tuple[int, Job]] = []
    for i, (p, job) in enumerate(planned):
        if isinstance(job, ParameterError):
            results[i] = RenderResult(default_stem(Path(str(notebook)).stem, p), "invalid",
                                      parameters=p, seconds=0.0,
                                      error=Failure("invalid", "ParameterError", str(job)))
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
            results[i] = mark_empty(_not_run(job, current))

    bar = _progress(len(planned), progress)
    for r in results.values():
        _tick(bar, r)
    interrupted = False
    started: set[str] = set()
    where = {job.stem: i for i, job in to_run}

    def deliver(result: RenderResult) -> None:
        if result.stem not in where or where[result.stem] in results:
            raise JinshuiError(f"engine {engine.name!r} returned a result for "
                               f"{result.stem!r}, which it was not given (or twice)")
        i = where[result.stem]
        results[i] = mark_empty(result)
        _tick(bar, results[i])

    stream: Iterator[RenderResult] | None = None
    try:
        if to_run:
            workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
            stream = iter(engine.run([job for _, job in to_run], workers=workers,
                                     started=lambda job: started.add(job.stem)))
            for result in stream:
                deliver(result)
    except KeyboardInterrupt:
        interrupted = True
        hold_sigint()
        _wind_down(stream, deliver)
    try:
        for i, job in to_run:
            if i not in results:
                results[i] = _without_result(job, engine, interrupted, job.stem in started)
        if interrupted:
            clean_temporaries(out)  # those of the jobs just stopped
        if bar is not None:
            bar.close()

        ordered = tuple(results[i] for i in range(len(planned)))
        index_html, index_error = out / "index.html", None
        if write_index:
            try:
                index_html = index(out, {r.stem: r.status for r in ordered})
            except OSError as exc:  # a full disk: the summary still says what was written
                index_error = f"index.html not written: {exc.strerror or exc}"
        return BatchResult(results=ordered, summary=BatchResult.summary_of(ordered),
                           index_html=index_html, out_dir=out, interrupted=interrupted,
                           index_error=index_error)
    finally:
        release_sigint()


def _not_run(job: Job, current: bool) -> RenderResult:
    """The result of a job not run: up to date (``skipped``, or ``partial`` as stored), or left
    alone by ``--retry-failed`` although its inputs changed (``stale``)."""
    stored = _stored(job)
    partial = stored.get("sections_failed") if current else None
    error = stored.get("error") if partial else None
    return RenderResult(job.stem, "partial" if partial else "skipped" if current else "stale",
                        parameters=job.parameters, figures=tuple(stored.get("figures") or ()),
                        seconds=0.0, error=Failure.from_dict(error) if error else None,
                        sections_failed=tuple(partial or ()),
                        html=job.paths.html if current else None)


def _without_result(job: Job, engine: Engine, interrupted: bool, started: bool
                    ) -> RenderResult:
    """The result of a job its engine gave none for: stopped by the interrupt
    (``interrupted``), never started (``cancelled``), or lost by the engine (``dead``)."""
    if not interrupted:
        error = Failure("dead", "DeadKernel", f"engine {engine.name!r} returned no result",
                        traceback="")
        return RenderResult(job.stem, "dead", parameters=job.parameters, seconds=0.0,
                            error=error, key=job.key)
    kind = "interrupted" if started else "cancelled"
    what = INTERRUPTED if started else "not started: the run was interrupted (Ctrl-C)"
    error = Failure(kind, "KeyboardInterrupt", what, traceback="")
    if started:
        record_interrupted(job, error)
    return RenderResult(job.stem, kind, parameters=job.parameters, seconds=0.0, error=error)


def _wind_down(stream: Iterator[RenderResult] | None,
               deliver: Callable[[RenderResult], None]) -> None:
    """After Ctrl-C arrived outside the engine (between two results): let a generator engine
    stop its jobs and give what they returned (the interrupt is thrown into it)."""
    if not (inspect.isgenerator(stream)
            and inspect.getgeneratorstate(stream) == inspect.GEN_SUSPENDED):
        close = getattr(stream, "close", None)
        if callable(close):
            close()
        return
    try:
        item = stream.throw(KeyboardInterrupt())
        while True:
            deliver(item)
            item = next(stream)
    except (KeyboardInterrupt, StopIteration):
        pass


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, file=sys.stderr, unit="report", dynamic_ncols=True,
               desc="render")
    bar.counts = {"ok": 0, "partial": 0, "empty": 0, "failed": 0, "skipped": 0}
    return bar


def _tick(bar: Any, result: RenderResult) -> None:
    if bar is None:
        return
    status = result.status
    key = ("skipped" if status == "stale" else status if status in bar.counts else "failed")
    bar.counts[key] += 1
    bar.set_postfix(bar.counts, refresh=False)
    bar.update(1)

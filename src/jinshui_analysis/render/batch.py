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
(notebook bytes, validated parameters, input-data hash, package version) — and its HTML and
executed notebook exist.  ``force=True`` re-renders; ``retry_failed=True`` reruns only jobs with
a failure record (``<out>/.jinshui/<stem>.failed.json``).

``executor="dask"`` ships the same jobs to dask.distributed workers (each worker process keeps
its own zygote); outputs, skipping and failure handling are identical.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import queue
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.render import params as _params
from jinshui_analysis.render.jobs import Job, default_stem, is_current, prepare_job
from jinshui_analysis.render.outputs import (
    clean_temporaries,
    index,
    result_summary,
)

__all__ = ["BatchResult", "Zygote", "build_jobs", "render_grid", "shared_zygote", "zygote_pool"]

from jinshui_analysis.render.workers import (
    OK_STATUSES,
    Zygote,
    dask_task,
    dead_result,
    shared_zygote,
    zygote_pool,
)


# =========================================================================== the grid
@dataclass
class BatchResult:
    """Outcome of :func:`render_grid`."""

    results: list[dict[str, Any]]
    summary: Any  # pandas.DataFrame, one row per job
    index_html: Path
    out_dir: Path

    @property
    def ok(self) -> bool:
        return all(r["status"] in OK_STATUSES for r in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

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
) -> list[tuple[dict[str, Any], Job | ParameterError]]:
    """Parameter sets of the grid, each validated into a Job (or the ParameterError)."""
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
    for p in sets:
        try:
            out.append((p, prepare_job(notebook, p, out_dir, timeout=timeout)))
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
) -> BatchResult:
    """Render ``notebook`` for every region × period (or every dict of ``grid``).

    Every job's parameters are validated before any worker starts; an invalid job is reported
    with status ``invalid`` and the valid ones still run.  Statuses: ``ok``, ``skipped`` (up to
    date), ``failed`` (a cell raised; ``cell`` names it, the notebook is kept as
    ``notebooks/<stem>.failed.ipynb``), ``timeout``, ``dead`` (the process died), ``invalid``.

    Parameters
    ----------
    jobs : parallel workers (default: number of CPUs, at most the number of jobs to run).
    executor : ``"local"`` (warm zygote processes) or ``"dask"`` (``scheduler`` address, or a
        LocalCluster with ``jobs`` worker processes when None).
    force : render even when up to date.  retry_failed : run only jobs that failed last time.
    """
    import pandas as pd

    if executor not in ("local", "dask"):
        raise ParameterError("expected 'local' or 'dask'", parameter="executor")
    out = Path(out_dir).resolve()
    planned = build_jobs(notebook, periods=periods, regions=regions, params=params, grid=grid,
                         data=data, out_dir=out, timeout=timeout)
    invalid = [job for _, job in planned if isinstance(job, ParameterError)]
    if planned and len(invalid) == len(planned):
        # nothing valid to run: one clear message, nothing written (the CLI exits 2)
        if len({str(e) for e in invalid}) == 1:
            raise invalid[0]
        raise ParameterError("every job is invalid: " + "; ".join(sorted({str(e) for e in invalid})))
    out.mkdir(parents=True, exist_ok=True)
    (out / "logs").mkdir(exist_ok=True)
    clean_temporaries(out)

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
            results[i] = mark_empty({"stem": job.stem, "status": "skipped" if current else "stale",
                                     "parameters": job.parameters,
                                     "figures": _figures_of(job), "seconds": 0.0, "error": None,
                                     "html": str(job.paths.html) if current else None})

    bar = _progress(len(planned), progress)
    for r in results.values():
        _tick(bar, r)
    if to_run:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
        runner = _run_dask if executor == "dask" else _run_local
        for i, result in runner(to_run, workers, out, scheduler):
            results[i] = mark_empty(result)
            _tick(bar, results[i])
    if bar is not None:
        bar.close()

    ordered = [results[i] for i in range(len(planned))]
    summary = pd.DataFrame([result_summary(r) for r in ordered],
                           columns=["report", "status", "seconds", "cell", "error", "output"])
    summary = summary.set_index("report")
    statuses = {r["stem"]: r["status"] for r in ordered}
    index_html = index(out, statuses) if write_index else out / "index.html"
    return BatchResult(results=ordered, summary=summary, index_html=index_html, out_dir=out)


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
        return (f"no figure of {region} for this period in the data ({data}): every headline cell "
                "is empty")
    real = [f for f in figures if not f.get("synthetic") and f.get("value") is not None
            and f.get("unit") not in METADATA_UNITS and f.get("name") != "data_figures"]
    if not real:
        return (f"no figure from the data: every key figure of {region or 'the report'} is demo "
                "data or missing")
    return None


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


def _figures_of(job: Job) -> list[dict[str, Any]]:
    """Key figures stored beside an up-to-date report (empty list when unreadable)."""
    import json

    try:
        doc = json.loads(job.paths.json.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return list(doc.get("figures") or []) if isinstance(doc, dict) else []


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, file=sys.stderr, unit="report", dynamic_ncols=True,
               desc="render")
    bar.counts = {"ok": 0, "failed": 0, "skipped": 0}
    return bar


def _tick(bar: Any, result: Mapping[str, Any]) -> None:
    if bar is None:
        return
    status = result["status"]
    key = "skipped" if status == "stale" else status if status in ("ok", "skipped") else "failed"
    bar.counts[key] += 1
    bar.set_postfix(bar.counts, refresh=False)
    bar.update(1)


def _run_local(to_run: list[tuple[int, Job]], workers: int, out: Path,
               scheduler: str | None) -> Iterable[tuple[int, dict[str, Any]]]:
    pool: queue.Queue[Zygote] = queue.Queue()
    for z in zygote_pool(workers, out / "logs"):
        pool.put(z)

    def work(job: Job) -> dict[str, Any]:
        z = pool.get()
        try:
            return z.run(job)
        finally:
            pool.put(z)

    with cf.ThreadPoolExecutor(workers) as ex:
        futures = {ex.submit(work, job): i for i, job in to_run}
        for fut in cf.as_completed(futures):
            yield futures[fut], fut.result()


def _run_dask(to_run: list[tuple[int, Job]], workers: int, out: Path,
              scheduler: str | None) -> Iterable[tuple[int, dict[str, Any]]]:
    import logging

    from distributed import Client, LocalCluster, as_completed

    for name in ("distributed", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = {}
        for i, job in to_run:
            fut = client.submit(dask_task, job, pure=False, key=f"jinshui-{job.stem}-{i}")
            futures[fut] = (i, job)
        for fut in as_completed(list(futures)):
            i, job = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - worker lost etc.
                result = dead_result(job, f"dask task failed: {exc}")
            yield i, result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

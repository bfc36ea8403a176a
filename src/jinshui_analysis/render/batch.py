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

import atexit
import concurrent.futures as cf
import io
import os
import pickle
import queue
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from jinshui_analysis import report as _report
from jinshui_analysis.exceptions import JinshuiError, ParameterError

__all__ = ["BatchResult", "Zygote", "build_jobs", "render_grid", "shared_zygote", "zygote_pool"]

PRELOAD = (
    "numpy", "pandas", "scipy", "scipy.stats", "statsmodels.api", "statsmodels.tsa.api",
    "matplotlib", "matplotlib.pyplot", "IPython", "nbformat", "nbconvert", "papermill",
    "jinshui_analysis",
)
OK_STATUSES = frozenset({"ok", "skipped", "stale"})


# =========================================================================== zygote process
def _warm() -> None:
    """Import and exercise everything a report needs, once, in the zygote."""
    import importlib
    import pkgutil

    _report._shell()  # IPython shell with inline matplotlib, before any module sets rcParams
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - warming is best effort
            traceback.print_exc()
    import jinshui_analysis

    for mod in pkgutil.walk_packages(jinshui_analysis.__path__, "jinshui_analysis."):
        if mod.name.endswith(("__main__", ".cli")):
            continue
        try:
            importlib.import_module(mod.name)
        except Exception:  # noqa: BLE001 - a module being edited must not stop the batch
            traceback.print_exc()
    import matplotlib.pyplot as plt
    import nbformat

    try:  # cached in this process, so every fork starts with the bundled data parsed
        from jinshui_analysis.params import bundled_regions

        bundled_regions()
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    ax.set_title("金水区 示例数据 2023年 增速%")
    fig.savefig(io.BytesIO(), format="png")
    plt.close("all")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 预热 warm-up")])
    _report._exporter().from_notebook_node(nb, resources={"metadata": {"name": "warm"}})


def _set_pdeathsig() -> None:
    """Linux: die with SIGKILL when the parent (the zygote) dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _dead_result(job: _report.Job, what: str, kind: str = "dead") -> dict[str, Any]:
    failure = {"kind": kind, "cell_index": None, "ename": "DeadKernel" if kind == "dead"
               else "Timeout", "evalue": what, "traceback": ""}
    try:  # keep the parameterised (unexecuted) notebook for inspection
        import nbformat

        nb = _report.parameterized_notebook(job)
        _report.atomic_write(job.failed_notebook, nbformat.writes(nb))
        _report.record_failure(job, failure, status=kind)
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    return {"stem": job.stem, "key": job.key, "status": kind, "error": failure,
            "figures": [], "parameters": job.parameters,
            "notebook": str(job.failed_notebook)}


def _child(job: _report.Job, wfd: int) -> None:
    """In the forked child: run the job, send the pickled result, exit without cleanup."""
    code = 0
    try:
        _set_pdeathsig()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if job.log:
            fd = os.open(job.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)
        print(f"[{_report._now()}] start {job.stem} pid={os.getpid()}", file=sys.__stderr__,
              flush=True)
        try:
            result = _report.run_job(job, engine="inprocess")
        except BaseException as exc:  # noqa: BLE001 - must report, not crash silently
            result = {"stem": job.stem, "key": job.key, "status": "failed", "figures": [],
                      "parameters": job.parameters,
                      "error": {"kind": "error", "cell_index": None,
                                "ename": type(exc).__name__, "evalue": str(exc),
                                "traceback": traceback.format_exc()}}
            _report.record_failure(job, result["error"])
        print(f"[{_report._now()}] end {job.stem}: {result['status']}", file=sys.__stderr__,
              flush=True)
        data = pickle.dumps(result)
        view = memoryview(data)
        while view:
            n = os.write(wfd, view)
            view = view[n:]
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _fork_run(job: _report.Job, control_fd: int) -> dict[str, Any] | None:
    """Fork, run ``job`` in the child, wait for its result; ``None`` = controller gone."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        _child(job, wfd)
    os.close(wfd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + job.timeout + 15.0
    controller_gone = False
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([rfd, control_fd], [], [], min(remaining, 1.0))
            if control_fd in ready:  # controller closed the pipe (it only writes when idle)
                controller_gone = True
                break
            if rfd in ready:
                chunk = os.read(rfd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(rfd)
    if timed_out or controller_gone:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    if controller_gone:
        return None
    if timed_out:
        return _dead_result(job, f"no result within {job.timeout:g} s: killed", kind="timeout")
    if chunks:
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - truncated result = dead child
            pass
    if os.WIFSIGNALED(status):
        what = f"kernel process killed by signal {os.WTERMSIG(status)}"
    else:
        what = f"kernel process exited with code {os.WEXITSTATUS(status)} before finishing"
    return _dead_result(job, what)


def _zygote_main(rfd: int, wfd: int) -> None:
    """Entry point of a zygote process (``python -c``)."""
    conn_in = Connection(rfd, writable=False)
    conn_out = Connection(wfd, readable=False)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the controller decides
    try:
        _warm()
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    conn_out.send("ready")
    while True:
        try:
            job = conn_in.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        result = _fork_run(job, rfd)
        if result is None:
            break
        try:
            conn_out.send(result)
        except OSError:
            break
    os._exit(0)


class Zygote:
    """Handle on a warm zygote process; :meth:`run` renders one job (thread-safe, serial)."""

    def __init__(self, log: str | os.PathLike[str] | None = None) -> None:
        self.log = str(log) if log else os.devnull
        self._lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self._start()

    def _start(self) -> None:
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        env = {**os.environ, **_report.THREAD_CAPS,
               "MPLBACKEND": "module://matplotlib_inline.backend_inline",
               "PYTHONUNBUFFERED": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        Path(self.log).parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as logfile:
            self.proc = subprocess.Popen(
                [sys.executable, "-c",
                 f"from jinshui_analysis.batch import _zygote_main; _zygote_main({r1}, {w2})"],
                pass_fds=(r1, w2), stdin=subprocess.DEVNULL, stdout=logfile, stderr=logfile,
                env=env, close_fds=True,
            )
        os.close(r1)
        os.close(w2)
        self._send = Connection(w1, readable=False)
        self._recv = Connection(r2, writable=False)
        self._ready = False

    def _alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout: float = 300.0) -> None:
        if self._ready:
            return
        if not self._recv.poll(timeout):
            raise JinshuiError(f"render worker did not start within {timeout:g} s (log: {self.log})")
        msg = self._recv.recv()
        if msg != "ready":
            raise JinshuiError(f"render worker sent {msg!r} instead of 'ready'")
        self._ready = True

    def run(self, job: _report.Job) -> dict[str, Any]:
        """Render ``job`` in a fresh fork of the warm process; returns the result dict."""
        with self._lock:
            started = time.monotonic()
            try:
                if not self._alive():
                    self.close()
                    self._start()
                self.wait_ready()
                self._send.send(job)
                if not self._recv.poll(job.timeout + 60.0):
                    raise EOFError("no answer")
                result = self._recv.recv()
            except (EOFError, OSError, JinshuiError) as exc:
                self.close()
                result = _dead_result(job, f"render worker died: {exc}")
            result.setdefault("seconds", time.monotonic() - started)
            return result

    def close(self) -> None:
        for conn in (getattr(self, "_send", None), getattr(self, "_recv", None)):
            try:
                if conn is not None:
                    conn.close()
            except OSError:
                pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self._ready = False


def shared_zygote() -> Zygote:
    """The process's first warm zygote (used by :func:`jinshui_analysis.report.render` and by
    dask tasks); the same one as ``zygote_pool(1)[0]``."""
    log = os.environ.get("JINSHUI_WORKER_LOG")
    return zygote_pool(1, Path(log).parent if log else None)[0]


def _dask_task(job: _report.Job) -> dict[str, Any]:
    return shared_zygote().run(job)


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
) -> list[tuple[dict[str, Any], _report.Job | ParameterError]]:
    """Parameter sets of the grid, each validated into a Job (or the ParameterError)."""
    base = dict(params or {})
    try:
        schema = _report._params.load_schema(_report._params.resolve_notebook(notebook))
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
    out: list[tuple[dict[str, Any], _report.Job | ParameterError]] = []
    for p in sets:
        try:
            out.append((p, _report.prepare_job(notebook, p, out_dir, timeout=timeout)))
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
    _report.clean_temporaries(out)

    results: dict[int, dict[str, Any]] = {}
    to_run: list[tuple[int, _report.Job]] = []
    for i, (p, job) in enumerate(planned):
        if isinstance(job, ParameterError):
            stem = _report.default_stem(Path(str(notebook)).stem, p)
            results[i] = {"stem": stem, "status": "invalid", "parameters": p, "figures": [],
                          "seconds": 0.0,
                          "error": {"kind": "invalid", "cell_index": None,
                                    "ename": "ParameterError", "evalue": str(job)}}
            continue
        job = replace(job, log=str(out / "logs" / f"{job.stem}.log"))
        current = _report.is_current(job)
        if retry_failed and not force:
            run = job.failure_record.exists()
        else:
            run = force or not current
        if run:
            to_run.append((i, job))
        else:
            # with --retry-failed, a report that did not fail is left alone even when its inputs
            # changed; say "stale" then rather than "skipped" (up to date)
            results[i] = {"stem": job.stem, "status": "skipped" if current else "stale",
                          "parameters": job.parameters,
                          "figures": [], "seconds": 0.0, "error": None,
                          "html": str(job.paths.html) if current else None}

    bar = _progress(len(planned), progress)
    for r in results.values():
        _tick(bar, r)
    if to_run:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
        runner = _run_dask if executor == "dask" else _run_local
        for i, result in runner(to_run, workers, out, scheduler):
            results[i] = result
            _tick(bar, result)
    if bar is not None:
        bar.close()

    ordered = [results[i] for i in range(len(planned))]
    summary = pd.DataFrame([_report.result_summary(r) for r in ordered],
                           columns=["report", "status", "seconds", "cell", "error", "output"])
    summary = summary.set_index("report")
    statuses = {r["stem"]: r["status"] for r in ordered}
    index_html = _report.index(out, statuses) if write_index else out / "index.html"
    return BatchResult(results=ordered, summary=summary, index_html=index_html, out_dir=out)


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


_POOL: list[Zygote] = []
_POOL_LOCK = threading.Lock()


def zygote_pool(n: int, log_dir: str | os.PathLike[str] | None = None) -> list[Zygote]:
    """``n`` warm zygotes, kept for the life of the process and reused by later batches.

    Reuse is safe because a zygote never runs report code itself (each job runs in a fork).
    """
    with _POOL_LOCK:
        _POOL[:] = [z for z in _POOL if z._alive()]
        while len(_POOL) < n:
            log = Path(log_dir) / f"worker-{len(_POOL)}.log" if log_dir else None
            z = Zygote(log)
            atexit.register(z.close)
            _POOL.append(z)
        return _POOL[:n]


def _run_local(to_run: list[tuple[int, _report.Job]], workers: int, out: Path,
               scheduler: str | None) -> Iterable[tuple[int, dict[str, Any]]]:
    pool: queue.Queue[Zygote] = queue.Queue()
    for z in zygote_pool(workers, out / "logs"):
        pool.put(z)

    def work(job: _report.Job) -> dict[str, Any]:
        z = pool.get()
        try:
            return z.run(job)
        finally:
            pool.put(z)

    with cf.ThreadPoolExecutor(workers) as ex:
        futures = {ex.submit(work, job): i for i, job in to_run}
        for fut in cf.as_completed(futures):
            yield futures[fut], fut.result()


def _run_dask(to_run: list[tuple[int, _report.Job]], workers: int, out: Path,
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
            fut = client.submit(_dask_task, job, pure=False, key=f"jinshui-{job.stem}-{i}")
            futures[fut] = (i, job)
        for fut in as_completed(list(futures)):
            i, job = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - worker lost etc.
                result = _dead_result(job, f"dask task failed: {exc}")
            yield i, result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

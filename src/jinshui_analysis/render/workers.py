"""Warm worker processes ("zygotes"): a pre-imported process forks one child per report, so
no state passes from one report to the next and no kernel start-up is paid.  Used by
:func:`jinshui_analysis.render.single.render` and the batch grid."""

from __future__ import annotations

import atexit
import gc
import io
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import JinshuiError
from jinshui_analysis.render.execute import THREAD_CAPS, make_shell
from jinshui_analysis.render.export import exporter
from jinshui_analysis.render.jobs import Job
from jinshui_analysis.render.outputs import (
    atomic_write,
    now,
    open_regular,
)
from jinshui_analysis.render.processes import (
    Cloned,
    end_descendants,
    set_pdeathsig,
    set_subreaper,
)
from jinshui_analysis.render.runner import parameterized_notebook, record_failure, run_job

__all__ = ["Zygote", "dask_task", "dead_result", "shared_zygote", "zygote_pool"]


PRELOAD = (
    "numpy", "pandas", "scipy", "scipy.stats", "statsmodels.api", "statsmodels.tsa.api",
    "matplotlib", "matplotlib.pyplot", "IPython", "nbformat", "nbconvert", "papermill",
    "fontTools.subset", "fontTools.ttLib",  # the HTML's web font, when not cached on disk
    "jinshui_analysis",
)

# =========================================================================== zygote process
def _warm() -> None:
    """Import and exercise everything a report needs, once, in the zygote."""
    import importlib
    import pkgutil

    make_shell()  # IPython shell with inline matplotlib, before any module sets rcParams
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
        from jinshui_analysis.data.bundled import load_bundled
        from jinshui_analysis.data.regions import known_regions

        known_regions()
        load_bundled()
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    ax.set_title("示例数据 地区生产总值 2023年 增速%")
    fig.savefig(io.BytesIO(), format="png")
    plt.close("all")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 预热 warm-up")])
    exporter().from_notebook_node(nb, resources={"metadata": {"name": "warm"}})


_SHARES_ESTIMATE: dict[str, bool] = {}


def _share(job: Job) -> None:
    """Before forking ``job``: compute here, once per zygote, what the batch's reports share and
    every later fork inherits — pure per-process caches only, never a report's state.  Today:
    the rows of the national quarter-GDP backtest (:mod:`jinshui_analysis.reports.sections.
    estimate`), the same for every report of every region lacking its own inputs, computed
    once per zygote instead of once per report.  Best effort: the report computes what is
    missing."""
    period = job.parameters.get("period")
    if not period:
        return
    uses = _SHARES_ESTIMATE.get(job.notebook)
    if uses is None:
        try:
            uses = "estimate_section" in Path(job.notebook).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            uses = False
        _SHARES_ESTIMATE[job.notebook] = uses
    if not uses:
        return
    try:
        from jinshui_analysis.reports.sections.estimate import share_national_backtest

        share_national_backtest(str(period))
    except Exception:  # noqa: BLE001 - sharing is an optimisation, never a failure
        traceback.print_exc()


def dead_result(job: Job, what: str, kind: str = "dead") -> dict[str, Any]:
    ename = {"dead": "DeadKernel", "timeout": "Timeout",
             "interrupted": "KeyboardInterrupt"}.get(kind, kind)
    failure = {"kind": kind, "cell_index": None, "ename": ename, "evalue": what, "traceback": ""}
    try:  # keep the parameterised (unexecuted) notebook for inspection
        import nbformat

        nb = parameterized_notebook(job)
        atomic_write(job.failed_notebook, nbformat.writes(nb))
        record_failure(job, failure, status=kind)
    except OSError as exc:  # a full disk: the result still says what happened
        failure["evalue"] += f" (failure record not written: {exc.strerror or exc})"
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    return {"stem": job.stem, "key": job.key, "status": kind, "error": failure,
            "figures": [], "parameters": job.parameters,
            "notebook": str(job.failed_notebook)}


#: The job fork running now in this zygote (for its SIGTERM handler).
_CURRENT: list[int] = []


def _child(job: Job, wfd: int) -> None:
    """In the forked child: run the job, send the pickled result, exit without cleanup."""
    code = 0
    try:
        try:  # its own process group: whatever the notebook starts is ended with it
            os.setpgid(0, 0)
        except OSError:
            pass
        set_pdeathsig()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if job.log:
            fd = open_regular(job.log, os.O_WRONLY | os.O_APPEND)  # never through a link
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)
        print(f"[{now()}] start {job.stem} pid={os.getpid()}", file=sys.__stderr__,
              flush=True)
        try:
            result = run_job(job, engine="inprocess")
        except BaseException as exc:  # noqa: BLE001 - must report, not crash silently
            result = {"stem": job.stem, "key": job.key, "status": "failed", "figures": [],
                      "parameters": job.parameters,
                      "error": {"kind": "error", "cell_index": None,
                                "ename": type(exc).__name__, "evalue": str(exc),
                                "traceback": traceback.format_exc()}}
            try:
                record_failure(job, result["error"])
            except OSError:  # a full disk: the result is still sent
                pass
        print(f"[{now()}] end {job.stem}: {result['status']}", file=sys.__stderr__,
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


def _fork_run(job: Job, control_fd: int) -> dict[str, Any] | None:
    """Fork, run ``job`` in the child, wait for its result; ``None`` = controller gone."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        _child(job, wfd)
    os.close(wfd)
    _CURRENT[:] = [pid]
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
    _CURRENT.clear()
    end_descendants(pid)  # nothing a notebook started outlives its report
    if controller_gone:
        return None
    if timed_out:
        return dead_result(job, f"no result within {job.timeout:g} s: killed", kind="timeout")
    if chunks:
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - truncated result = dead child
            pass
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
        return dead_result(job, "the run was interrupted (Ctrl-C): stopped", kind="interrupted")
    if os.WIFSIGNALED(status):
        what = f"kernel process killed by signal {os.WTERMSIG(status)}"
    else:
        what = f"kernel process exited with code {os.WEXITSTATUS(status)} before finishing"
    return dead_result(job, what)


def _fork_clones(clones: list[tuple[int, int]], own: tuple[int, ...]) -> None:
    """Fork each pending clone of this warm zygote: a new zygote serving its own channel
    ``(rfd, wfd)`` — created by the controller and passed at spawn — that inherits everything
    imported, warmed and shared here instead of warming up itself.  Each clone is the grandchild
    (double fork), so it is re-parented away from this zygote, never ended with its jobs.  It
    announces itself with ``("ready", pid)``."""
    set_subreaper(False)  # the clone is re-parented past this zygote, which ends its orphans
    while clones:
        crfd, cwfd = clones.pop(0)
        pid = os.fork()
        if pid == 0:
            try:
                if os.fork() != 0:
                    os._exit(0)
                for fd in (*own, *(fd for pair in clones for fd in pair)):
                    try:  # this zygote's channel and the other clones' are not the clone's
                        os.close(fd)
                    except OSError:
                        pass
                _CURRENT.clear()
                _serve(crfd, cwfd, ("ready", os.getpid()), [])
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        os.close(crfd)
        os.close(cwfd)
    set_subreaper(True)


def _serve(rfd: int, wfd: int, ready: Any, clones: list[tuple[int, int]]) -> None:
    """The zygote's loop: announce ``ready``, then per job share, fork, answer; the pending
    ``clones`` are forked at the first job, once what it shares is computed."""
    set_subreaper()
    conn_in = Connection(rfd, writable=False)
    conn_out = Connection(wfd, readable=False)
    try:
        conn_out.send(ready)
    except OSError:  # the controller is gone (or closed this worker before it was used)
        os._exit(0)
    while True:
        try:
            job = conn_in.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        _share(job)
        if clones:
            _fork_clones(clones, (rfd, wfd))
        # what the zygote holds is never garbage: the forks' collections skip it (faster, and
        # fewer pages copied on write)
        gc.freeze()
        result = _fork_run(job, rfd)
        if result is None:
            break
        try:
            conn_out.send(result)
        except OSError:
            break
    os._exit(0)


def zygote_main(rfd: int, wfd: int, clones: tuple[tuple[int, int], ...] = ()) -> None:
    """Entry point of a zygote process (``python -c``); ``clones``: the channels of zygotes to
    fork from this one once it is warm (:func:`zygote_pool`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the controller decides

    def on_term(signum: int, frame: Any) -> None:  # interrupted: end the job and its orphans
        for pid in list(_CURRENT):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            end_descendants(pid)
        end_descendants()
        os._exit(143)

    signal.signal(signal.SIGTERM, on_term)
    try:
        _warm()
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    _serve(rfd, wfd, "ready", [tuple(pair) for pair in clones])


class Zygote:
    """Handle on a warm zygote process; :meth:`run` renders one job (thread-safe, serial)."""

    def __init__(self, log: str | os.PathLike[str] | None = None, *, clones: int = 0) -> None:
        self.log = str(log) if log else os.devnull
        self._lock = threading.Lock()
        self._interrupted = False
        self.proc: subprocess.Popen[bytes] | Cloned | None = None
        #: handles on the zygotes this one forks once warm (``clones``; :func:`zygote_pool`)
        self.clones: list[Zygote] = []
        self._start(clones)

    def _start(self, clones: int = 0) -> None:
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        # each clone's channel: the controller keeps (write to it, read from it), the zygote
        # gets (read, write) and hands them to the clone it forks
        channels = [(*os.pipe(), *os.pipe()) for _ in range(clones)]
        for_zygote = tuple((cr, dw) for cr, _, _, dw in channels)
        env = {**os.environ, **THREAD_CAPS,
               "MPLBACKEND": "module://matplotlib_inline.backend_inline",
               "PYTHONUNBUFFERED": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        Path(self.log).parent.mkdir(parents=True, exist_ok=True)
        fd = (os.open(self.log, os.O_WRONLY) if self.log == os.devnull
              else open_regular(self.log, os.O_WRONLY | os.O_APPEND))  # never through a link
        with os.fdopen(fd, "ab") as logfile:
            self.proc = subprocess.Popen(
                [sys.executable, "-c",
                 "from jinshui_analysis.render.workers import zygote_main; "
                 f"zygote_main({r1}, {w2}, {for_zygote!r})"],
                pass_fds=(r1, w2, *(f for pair in for_zygote for f in pair)),
                stdin=subprocess.DEVNULL, stdout=logfile, stderr=logfile,
                env=env, close_fds=True,
            )
        for f in (r1, w2, *(f for pair in for_zygote for f in pair)):
            os.close(f)
        self._send = Connection(w1, readable=False)
        self._recv = Connection(r2, writable=False)
        self._ready = False
        self._interrupted = False
        self.clones = [self._clone(cw, dr) for _, cw, dr, _ in channels]

    def _clone(self, send_fd: int, recv_fd: int) -> Zygote:
        """The handle on a zygote this one will fork (it shares this one's log)."""
        z = Zygote.__new__(Zygote)
        z.log = self.log
        z._lock = threading.Lock()
        z._interrupted = False
        z.proc = Cloned(self.proc if isinstance(self.proc, subprocess.Popen) else None)
        z.clones = []
        z._send = Connection(send_fd, readable=False)
        z._recv = Connection(recv_fd, writable=False)
        z._ready = False
        return z

    def _alive(self) -> bool:
        proc = self.proc
        if proc is None:
            return False
        if isinstance(proc, Cloned) and proc.pid is None:
            # not forked yet: alive while the zygote to fork it is (or once it said "ready")
            if proc.parent is None or proc.parent.poll() is None:
                return True
            try:
                if self._recv.poll(0):
                    self._take_ready(self._recv.recv())
            except (EOFError, OSError, JinshuiError):
                return False
            return self._ready
        return proc.poll() is None

    def _take_ready(self, msg: Any) -> None:
        if isinstance(msg, tuple) and len(msg) == 2 and msg[0] == "ready" \
                and isinstance(self.proc, Cloned):
            self.proc.attach(int(msg[1]))
        elif msg != "ready":
            raise JinshuiError(f"render worker sent {msg!r} instead of 'ready'")
        self._ready = True

    def wait_ready(self, timeout: float = 300.0) -> None:
        if self._ready:
            return
        if not self._recv.poll(timeout):
            raise JinshuiError(f"render worker did not start within {timeout:g} s (log: {self.log})")
        self._take_ready(self._recv.recv())

    def run(self, job: Job) -> dict[str, Any]:
        """Render ``job`` in a fresh fork of the warm process; returns the result dict."""
        with self._lock:
            started = time.monotonic()
            try:
                if not self._alive():
                    self.close()
                    self._start()
                self.wait_ready()
                if self._interrupted:  # stopped while it was starting (a clone has no pid
                    raise EOFError("interrupted")  # before its "ready"): never start the job
                self._send.send(job)
                if not self._recv.poll(job.timeout + 60.0):
                    raise EOFError("no answer")
                result = self._recv.recv()
            except (EOFError, OSError, JinshuiError) as exc:
                self.close()
                if self._interrupted:
                    result = dead_result(job, "the run was interrupted (Ctrl-C): stopped",
                                         kind="interrupted")
                else:
                    result = dead_result(job, f"render worker died: {exc}")
            result.setdefault("seconds", time.monotonic() - started)
            return result

    def interrupt(self) -> None:
        """End the job in flight now (Ctrl-C): the zygote is terminated, its child dies with it
        (``PR_SET_PDEATHSIG``) and :meth:`run` returns status ``interrupted``.  A later
        :func:`zygote_pool` starts a fresh zygote in its place."""
        self._interrupted = True
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                proc.terminate()
            except ProcessLookupError:
                pass

    def close(self) -> None:
        for conn in (getattr(self, "_send", None), getattr(self, "_recv", None)):
            try:
                if conn is not None:
                    conn.close()
            except OSError:
                pass
        if self.proc is not None:
            if not self._ready and self.proc.poll() is None:
                # still warming up (started early, then not needed): end it now rather than
                # wait for the imports to finish
                try:
                    self.proc.terminate()
                except ProcessLookupError:
                    pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            if isinstance(self.proc, Cloned):
                self.proc.release()
        self.proc = None
        self._ready = False


def shared_zygote() -> Zygote:
    """The process's first warm zygote (used by :func:`jinshui_analysis.render.single.render` and by
    dask tasks); the same one as ``zygote_pool(1)[0]``."""
    log = os.environ.get("JINSHUI_WORKER_LOG")
    return zygote_pool(1, Path(log).parent if log else None)[0]


def dask_task(job: Job) -> dict[str, Any]:
    return shared_zygote().run(job)



_POOL_LOCK = threading.Lock()
_POOL: list[Zygote] = []


def zygote_pool(n: int, log_dir: str | os.PathLike[str] | None = None) -> list[Zygote]:
    """``n`` warm zygotes, kept for the life of the process and reused by later batches.

    Reuse is safe because a zygote never runs report code itself (each job runs in a fork);
    it only fills pure per-process caches that every report may share (:func:`_share`).
    """
    with _POOL_LOCK:
        _POOL[:] = [z for z in _POOL if z._alive()]
        if not _POOL and n > 1:
            # one zygote warms up; the others are forked from it at its first job, with what
            # it imported, warmed and shared (half the start-up CPU on two cores)
            first = Zygote(Path(log_dir) / "worker-0.log" if log_dir else None, clones=n - 1)
            for z in (first, *first.clones):
                atexit.register(z.close)
                _POOL.append(z)
        while len(_POOL) < n:
            log = Path(log_dir) / f"worker-{len(_POOL)}.log" if log_dir else None
            z = Zygote(log)
            atexit.register(z.close)
            _POOL.append(z)
        return _POOL[:n]

"""Executing a parameterised notebook: in-process (IPython shell in a forked worker) or in a
Jupyter kernel through nbclient (never ``chdir``).  A failure keeps the executed notebook and
names the failing cell.
"""

from __future__ import annotations

import base64
import functools
import os
import re
import signal
import sys
import time
from collections.abc import Mapping
from typing import Any

import nbformat

THREAD_CAPS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1"}


# =========================================================================== execution
class _CellTimeout(Exception):
    """Raised inside a cell when the job's time budget is exhausted."""


class _Capture:
    """Routes stdout/stderr, display() and execute results into the current cell's outputs."""

    def __init__(self) -> None:
        self.outputs: list[dict[str, Any]] = []
        self.execution_count: int | None = None

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})


_CAPTURE = _Capture()


class _Stream:
    """File-like object writing into :data:`_CAPTURE`."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        _CAPTURE.stream(self.name, str(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("captured stream has no file descriptor")

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False


def _jsonable_data(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for mime, value in data.items():
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")
        out[mime] = value
    return out


@functools.lru_cache(maxsize=1)
def make_shell() -> Any:
    """An IPython shell whose outputs go to :data:`_CAPTURE` (one per process)."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                    **kwargs):  # noqa: ANN001, ANN003
            _CAPTURE.outputs.append({"output_type": "display_data",
                                     "data": _jsonable_data(data),
                                     "metadata": dict(metadata or {})})

        def clear_output(self, wait=False):  # noqa: ANN001
            _CAPTURE.outputs.clear()

    class Hook(DisplayHook):
        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:  # noqa: ANN001
            _CAPTURE.outputs.append({
                "output_type": "execute_result", "data": _jsonable_data(format_dict),
                "metadata": dict(md_dict or {}), "execution_count": self.prompt_count,
            })

        def finish_displayhook(self) -> None:
            pass

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.display_pub = Publisher(shell=shell)
    shell.displayhook = Hook(shell=shell, cache_size=shell.cache_size)
    shell.display_trap.hook = shell.displayhook

    def showtraceback(etype, evalue, stb):  # noqa: ANN001
        _CAPTURE.outputs.append({"output_type": "error", "ename": etype.__name__,
                                 "evalue": str(evalue), "traceback": list(stb)})

    shell._showtraceback = showtraceback
    shell.enable_gui = lambda gui=None: None  # no GUI event loop: inline figures only
    shell.enable_matplotlib("inline")
    return shell


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _new_output(raw: dict[str, Any]) -> nbformat.NotebookNode:
    kind = raw.pop("output_type")
    return nbformat.v4.new_output(kind, **raw)


def execute_inprocess(
    nb: nbformat.NotebookNode, *, timeout: float = 600.0
) -> dict[str, Any] | None:
    """Execute ``nb`` in place in this process's IPython shell.

    Meant for a freshly forked process (the fork engine).  Returns ``None`` on success or a
    failure dict (``kind`` ``"error"``/``"timeout"``, ``cell_index``, ``ename``, ``traceback``).
    """
    shell = make_shell()
    deadline = time.monotonic() + timeout
    timed_out = False

    def on_alarm(signum, frame):  # noqa: ANN001
        nonlocal timed_out
        timed_out = True
        raise _CellTimeout(f"report exceeded its time limit of {timeout:g} s")

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_out, old_err = sys.stdout, sys.stderr
    failure = None
    try:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            _CAPTURE.outputs = []
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                failure = {"kind": "timeout", "cell_index": index, "ename": "Timeout",
                           "evalue": "time limit reached", "traceback": ""}
                break
            signal.setitimer(signal.ITIMER_REAL, remaining)
            cell_start = time.monotonic()
            sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
            try:
                result = shell.run_cell(cell.source, store_history=True)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                sys.stdout, sys.stderr = old_out, old_err
            cell.outputs = [_new_output(o) for o in _CAPTURE.outputs]
            cell.execution_count = result.execution_count
            cell.metadata.setdefault("papermill", {})["duration"] = round(
                time.monotonic() - cell_start, 3)
            if not result.success:
                err = next((o for o in cell.outputs if o.output_type == "error"), None)
                tb = "\n".join(err.traceback) if err is not None else repr(result.error_in_exec)
                failure = {
                    "kind": "timeout" if timed_out else "error", "cell_index": index,
                    "ename": err.ename if err is not None else "Error",
                    "evalue": err.evalue if err is not None else str(result.error_in_exec),
                    "traceback": _ANSI.sub("", tb),
                }
                break
    finally:
        signal.signal(signal.SIGALRM, old_handler)
        sys.stdout, sys.stderr = old_out, old_err
    return failure


def execute_kernel(
    nb: nbformat.NotebookNode, *, timeout: float, cwd: str, log_path: str | None = None
) -> dict[str, Any] | None:
    """Execute ``nb`` in place in a fresh Jupyter kernel (nbclient); same return as above."""
    import logging

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    logger = logging.getLogger("jinshui.kernel")
    logger.propagate = False
    if log_path and not logger.handlers:
        from jinshui_analysis.render.outputs import open_regular

        stream = os.fdopen(open_regular(log_path, os.O_WRONLY | os.O_APPEND), "a",
                           encoding="utf-8")  # never through a link planted at the log
        logger.addHandler(logging.StreamHandler(stream))
    env = {**os.environ, **THREAD_CAPS}
    client = NotebookClient(
        nb, timeout=int(timeout), kernel_name="python3", log=logger,
        resources={"metadata": {"path": cwd}},
    )
    client.km = client.create_kernel_manager()
    try:
        client.execute(env=env)
    except CellTimeoutError as exc:
        return {"kind": "timeout", "cell_index": _failed_cell(nb), "ename": "Timeout",
                "evalue": str(exc).splitlines()[0] if str(exc) else "timeout", "traceback": ""}
    except DeadKernelError as exc:
        return {"kind": "dead", "cell_index": _failed_cell(nb), "ename": "DeadKernel",
                "evalue": str(exc), "traceback": ""}
    except CellExecutionError as exc:
        return {"kind": "error", "cell_index": _failed_cell(nb), "ename": exc.ename,
                "evalue": exc.evalue, "traceback": _ANSI.sub("", exc.traceback)}
    return None


def _failed_cell(nb: nbformat.NotebookNode) -> int | None:
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    last = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            last = i
    return last

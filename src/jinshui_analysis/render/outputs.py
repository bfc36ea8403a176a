"""Writing outputs: atomic writes, temporary-file clean-up, the reports index and
:func:`collect` of the key figures of every rendered report.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import re
import stat
import time
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jinshui_analysis import __version__
from jinshui_analysis.exceptions import JinshuiError, ParameterError
from jinshui_analysis.render import webfont
from jinshui_analysis.render.export import esc
from jinshui_analysis.render.jobs import STATUS_DIR, Job

# =========================================================================== writing
#: Sub-folders of an output folder that a run writes into.
OUT_SUBDIRS = (STATUS_DIR, "logs", "notebooks")


def real_dir(path: str | os.PathLike[str]) -> Path:
    """``path`` as a real folder, never followed through a link.

    A symbolic link planted there (to a folder elsewhere, or dangling) is removed — its target
    is untouched — and a folder made in its place; any other non-folder (a file, a FIFO) is
    refused with :class:`JinshuiError` naming it.  Missing parents are created.
    """
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(path)
        except FileExistsError:  # made meanwhile: checked below
            return real_dir(path)
        return path
    if stat.S_ISLNK(st.st_mode):
        os.unlink(path)  # the link only; what it pointed at is left alone
        os.mkdir(path)
    elif not stat.S_ISDIR(st.st_mode):
        raise JinshuiError(f"{path} is not a folder (a run writes its files there): move it "
                           "away or use another output folder")
    return path


def prepare_out(out_dir: str | os.PathLike[str]) -> Path:
    """Make the output folder and its sub-folders (``.jinshui``, ``logs``, ``notebooks``) real
    folders (:func:`real_dir`), so that nothing a run writes goes through a planted link."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for sub in OUT_SUBDIRS:
        real_dir(out / sub)
    return out


def open_regular(path: str | os.PathLike[str], flags: int, mode: int = 0o644) -> int:
    """``os.open(path, flags | O_CREAT)`` that never follows a link nor opens a FIFO, socket or
    device: a link (or such a file) planted at ``path`` is removed first — its target is
    untouched — and a new regular file created.  Returns the descriptor (blocking mode)."""
    flags |= os.O_CREAT | os.O_NOFOLLOW
    try:
        fd = os.open(path, flags | os.O_NONBLOCK, mode)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
            raise
        fd = -1
    if fd >= 0:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.set_blocking(fd, True)
            return fd
        os.close(fd)
    if os.path.isdir(path) and not os.path.islink(path):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    os.unlink(path)
    return os.open(path, flags | os.O_EXCL, mode)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write to a temporary name in the same folder, then :func:`os.replace` it into place;
    returns ``path``.  The one atomic writer (reports, notebooks, JSON, Word, PDF, logs' index):
    :func:`clean_temporaries` knows its temporaries.

    The temporary is created exclusively and never through a link; the rename replaces a link
    planted at ``path`` by the file (the link's target is not written)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        try:
            os.unlink(tmp)  # a leftover (or a planted link) of this pid's name
        except FileNotFoundError:
            pass
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk, an interrupt: no temporary is left behind
        tmp.unlink(missing_ok=True)
        raise
    return path


_TMP_PID = re.compile(r"\.tmp-(\d+)$")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user
        return True
    try:  # a zombie (stopped, not yet reaped by its parent) writes nothing more
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def clean_temporaries(out_dir: str | os.PathLike[str]) -> int:
    """Remove leftovers ``.<name>.tmp-<pid>`` of interrupted runs; returns how many.

    Only temporaries whose writing process (the pid in the name) is gone are removed: a live
    process's file in progress is left alone.
    """
    n = 0
    out = Path(out_dir)
    for folder in (out, out / "notebooks", out / STATUS_DIR):
        if folder.is_dir() and not folder.is_symlink():  # never clean through a link
            for tmp in folder.glob(".*.tmp-*"):
                m = _TMP_PID.search(tmp.name)
                if m and _pid_alive(int(m.group(1))):
                    continue
                tmp.unlink(missing_ok=True)
                n += 1
    return n


class OutputLock:
    """One run at a time per output folder: an exclusive :func:`fcntl.flock` on
    ``<out>/.jinshui/lock`` (released by the system when the process ends, even on kill -9).

    ``wait`` seconds are allowed for another run to finish; then :class:`JinshuiError` says
    which process holds the folder.  Use as a context manager.
    """

    def __init__(self, out_dir: str | os.PathLike[str], wait: float = 0.0) -> None:
        self.path = Path(out_dir) / STATUS_DIR / "lock"
        self.wait = max(0.0, float(wait))
        self._fd: int | None = None

    def acquire(self) -> OutputLock:
        import fcntl

        real_dir(self.path.parent)
        fd = open_regular(self.path, os.O_RDWR)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = ""
                    try:
                        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                    except OSError:
                        pass
                    os.close(fd)
                    who = f" (pid {holder})" if holder.isdigit() else ""
                    waited = f" after waiting {self.wait:g} s" if self.wait else ""
                    raise JinshuiError(
                        f"another jinshui run{who} is writing to {self.path.parents[1]}"
                        f"{waited}: let it finish, or use another output folder") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            import fcntl

            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


#: First characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: Any) -> Any:
    """A copy of ``frame`` whose text cells (and labels) that begin with ``= + - @`` (or a tab
    or carriage return) get a leading ``'``, so Excel/WPS show them as text instead of running
    them as formulas.  Numbers are left alone (``-3.5`` stays a number)."""
    import pandas as pd

    def fix(value: Any) -> Any:
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(fix)
    out.columns = [fix(c) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(fix)
    return out


def write_csv(frame: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` as UTF-8 CSV with BOM (Excel opens it), formula cells neutralised
    (:func:`neutralise_formulas`), atomically."""
    text = neutralise_formulas(frame).to_csv()
    target = Path(path)
    atomic_write(target, "\ufeff" + text)
    return target


def now() -> str:
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")



def _read_json(path: Path) -> Any:
    """The JSON document at ``path``; None for a link, a non-regular file (a FIFO would block),
    an unreadable file or one that is not JSON."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _report_doc(doc: Any) -> dict[str, Any] | None:
    """``doc`` if it has the shape of a report's (or a failure record's) JSON, else None: a
    foreign JSON in the output folder is left out instead of crashing the index."""
    if not isinstance(doc, dict) or not isinstance(doc.get("report"), str):
        return None
    figures = doc.get("figures", [])
    params = doc.get("parameters", {})
    if not isinstance(figures, list) or not isinstance(params, dict):
        return None
    if not all(isinstance(f, dict) and isinstance(f.get("name"), str) and "value" in f
               for f in figures):
        return None
    if not isinstance(doc.get("provenance", {}), dict) or not isinstance(doc.get("error") or {},
                                                                         dict):
        return None
    return doc


def _report_docs(out_dir: Path) -> list[dict[str, Any]]:
    docs = []
    for path in sorted(out_dir.glob("*.json")):
        doc = _report_doc(_read_json(path))
        if doc is not None and "figures" in doc:
            docs.append(doc)
    return docs


def collect(out_dir: str | os.PathLike[str] = "reports") -> Any:
    """Key figures of every rendered report in ``out_dir``: one row per (report, figure).

    Parameters
    ----------
    out_dir : str or path-like, default "reports"
        Output folder of :func:`~jinshui_analysis.render.single.render` or ``jinshui render``
        (its ``<report>.json`` files are read).

    Returns
    -------
    pandas.DataFrame
        Columns ``report``, ``notebook``, one column per parameter, ``figure``, ``value``,
        ``unit``, ``label_zh``, ``label_en``, ``source``, ``synthetic``, ``rendered_at``.

    Raises
    ------
    ParameterError
        ``out_dir`` is not a folder.
    """
    import pandas as pd

    if not Path(out_dir).is_dir():
        raise ParameterError(f"no such folder: {out_dir}", parameter="out_dir")
    rows = []
    param_names: list[str] = []
    for doc in _report_docs(Path(out_dir)):
        for k in doc.get("parameters", {}):
            if k not in param_names:
                param_names.append(k)
        for fig in doc["figures"]:
            rows.append({
                "report": doc["report"], "notebook": doc.get("notebook"),
                **doc.get("parameters", {}),
                "figure": fig["name"], "value": fig["value"], "unit": fig.get("unit"),
                "label_zh": fig.get("label_zh"), "label_en": fig.get("label_en"),
                "source": fig.get("source"), "synthetic": bool(fig.get("synthetic")),
                "rendered_at": doc.get("provenance", {}).get("rendered_at"),
            })
    columns = ["report", "notebook", *param_names, "figure", "value", "unit", "label_zh",
               "label_en", "source", "synthetic", "rendered_at"]
    frame = pd.DataFrame(rows, columns=columns)
    frame.index.name = "row"
    return frame


_INDEX_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;
color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35em .6em;
text-align:left;vertical-align:top}th{background:#f3f3f3}
.ok{color:#1e7e34;font-weight:bold}.partial{color:#b26a00;font-weight:bold}.failed,.timeout,.dead,.invalid,.interrupted,.cancelled,.empty{color:#b00020;font-weight:bold}
.skipped{color:#666;font-weight:bold}.demo{background:#fdecea;color:#8e1b10;padding:0 .3em}
.real{background:#e8f5e9;color:#1e5e24;padding:0 .3em}
small{color:#666}
"""


def index(
    out_dir: str | os.PathLike[str] = "reports",
    statuses: Mapping[str, str] | None = None,
) -> Path:
    """Write ``<out_dir>/index.html`` listing every report with status and headline figures.

    ``statuses`` maps report stems to a status of the current run (e.g. ``"skipped"``);
    otherwise reports with outputs are ``ok`` and recorded failures ``failed``/``timeout``.
    The page uses inline CSS only and links to local files.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    statuses = dict(statuses or {})
    entries: dict[str, dict[str, Any]] = {}
    for doc in _report_docs(out):
        entries[doc["report"]] = {**doc, "status": "partial" if doc.get("status") == "partial"
                                  else "ok"}  # ok, or partial (a section or a format failed)
    fail_dir = out / STATUS_DIR
    for path in sorted(fail_dir.glob("*.failed.json")) if fail_dir.is_dir() else []:
        doc = _report_doc(_read_json(path))
        if doc is None:
            continue
        entries.setdefault(doc["report"], {**doc, "figures": []})
    rows = []
    for stem in sorted(entries):
        doc = entries[stem]
        status = statuses.get(stem, doc.get("status", "ok"))
        params = ", ".join(f"{k}={v}" for k, v in doc.get("parameters", {}).items()
                           if (k not in ("data",) or v != "bundled")
                           and v not in (None, ""))  # left out: the profile's or no value
        figs = [f for f in doc.get("figures", []) if f.get("headline", True)][:4]
        fig_html = "<br>".join(
            f"{esc(f.get('label_zh') or f.get('label_en') or f['name'])}: "
            f"<b>{esc(_fmt(f['value']))}</b> {esc(f.get('unit') or '')}"
            + (' <span class="demo">示例数据</span>' if f.get("synthetic") else "")
            for f in figs
        )
        if doc.get("error"):
            err = doc["error"]
            cell = f" (cell {err['cell_index']})" if err.get("cell_index") is not None else ""
            said = (f"<small>{esc(err.get('ename', ''))}{cell}: "
                    f"{esc(str(err.get('evalue', ''))[:300])}</small>")
            # a report written without some format keeps its figures, with what failed
            fig_html = f"{fig_html}<br>{said}" if fig_html and status == "partial" else said
        if status == "partial" and doc.get("sections_failed"):
            # written; the sections that could not be computed, and why
            failed = doc.get("sections_failed") or []
            fig_html = ("<small>未能计算的节 / sections not computed: "
                        + "；".join(f"{esc(f.get('title', ''))}（{esc(f.get('reason_zh', ''))}）"
                                   for f in failed)
                        + "</small>" + ("<br>" + "<br>".join(
                            f"{esc(f.get('label_zh') or f.get('label_en') or f['name'])}: "
                            f"<b>{esc(_fmt(f['value']))}</b> {esc(f.get('unit') or '')}"
                            for f in figs) if figs else ""))
        if status == "empty":
            fig_html = ("<small>没有一个数字来自数据 / no figure comes from the data</small>"
                        + ("<br>" + fig_html if fig_html else ""))
        link = (f'<a href="{esc(stem)}.html">{esc(stem)}</a>'
                if (out / f"{stem}.html").is_file() else esc(stem))
        others = [f'<a href="{esc(stem)}.{fmt}">{label}</a>'
                  for fmt, label in (("docx", "Word"), ("pdf", "PDF"))
                  if (out / f"{stem}.{fmt}").is_file()]  # what is there, not what was asked
        if others:
            link += f"<br><small>{' · '.join(others)}</small>"
        if doc.get("failed_notebook"):
            link += f'<br><small><a href="notebooks/{esc(stem)}.failed.ipynb">failed.ipynb</a></small>'
        # real or demo: a report with any demo figure says so; one without says whose data
        data = str(doc.get("parameters", {}).get("data", "bundled"))
        demo = (' <span class="demo">示例数据 · 含演示数据 / uses demo data</span>' if doc.get("synthetic")
                else "" if not doc.get("figures")
                else ' <span class="real">已公布数据 / published data</span>' if data == "bundled"
                else ' <span class="real">用户数据 / your data</span>')
        rows.append(f'<tr><td>{link}{demo}</td><td class="{esc(status)}">{esc(status)}</td>'
                    f"<td>{esc(params)}</td><td>{fig_html}</td></tr>")
    for stem, status in sorted(statuses.items()):
        if stem not in entries:
            rows.append(f'<tr><td>{esc(stem)}</td><td class="{esc(status)}">{esc(status)}</td>'
                        "<td></td><td></td></tr>")
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'; font-src data:\">"
        f"<title>报告索引 / Reports</title><style>{_INDEX_CSS}</style></head><body>"
        "<h1>报告索引 / Reports</h1>"
        f"<p><small>jinshui-analysis {esc(__version__)} — {esc(now())} — "
        f"{len(rows)} report(s)</small></p>"
        "<table><thead><tr><th>报告 Report</th><th>状态 Status</th><th>参数 Parameters</th>"
        f"<th>关键数字 Key figures</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>"
    )
    path = out / "index.html"
    atomic_write(path, webfont.embed(page))
    return path


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "—" if value is None else str(value)


def _asdict(job: Job) -> dict[str, Any]:
    return asdict(job)

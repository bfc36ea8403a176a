"""Render parameterised report notebooks to offline HTML, with key figures and provenance.

Kernel side (called inside a notebook)
--------------------------------------
- :func:`record` names a key figure; it is kept in a per-process registry and emitted as a display
  output of mime type ``application/vnd.jinshui.figure+json`` (hidden from the HTML), which the
  renderer collects from the executed notebook — so it works with any execution path (papermill,
  Jupyter, the warm fork engine).
- :func:`demo_banner` shows a 示例数据 / demo-data banner; :func:`watermark` marks a figure.

Renderer side
-------------
- :func:`render` validates the parameters (:func:`jinshui_analysis.params.validate`) before anything
  starts, executes the notebook, writes ``<out>/<stem>.html`` (no code, no injected-parameters
  cell, a parameters table on top, PNG charts as data URIs, no external resource, a provenance
  footer), ``<out>/<stem>.json`` (parameters, provenance, key figures) and the executed notebook
  ``<out>/notebooks/<stem>.ipynb``.  Files are written under temporary names and moved into place
  with :func:`os.replace`; the JSON is written last and carries the job key, so a report is
  complete exactly when its JSON exists.  On failure the executed notebook is saved as
  ``<out>/notebooks/<stem>.failed.ipynb`` first, then :class:`RenderError` is raised with the
  failing cell index and the traceback.
- :func:`collect` gathers the key figures of all rendered reports; :func:`index` writes
  ``<out>/index.html``.

Execution engines: ``"fork"`` (default on POSIX) runs the cells in an IPython shell inside a
process forked from a warm, pre-imported zygote (see :mod:`jinshui_analysis.batch`): every report
starts from the same clean state and no kernel start-up is paid; ``"kernel"`` runs a Jupyter
kernel through nbclient (the kernel's working directory is set by nbclient, never by ``chdir``).
"""

from __future__ import annotations

import base64
import copy
import datetime as _dt
import functools
import hashlib
import html as _html
import json
import math
import os
import re
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from jinshui_analysis import __version__, webfont
from jinshui_analysis import params as _params
from jinshui_analysis.exceptions import ParameterError, RenderError

FIGURE_MIME = "application/vnd.jinshui.figure+json"
BANNER_CLASS = "jinshui-demo-banner"
DEMO_TEXT = {"zh": "示例数据：本报告含合成的演示数据，不代表真实统计。",
             "en": "Demo data: this report contains synthetic figures, not official statistics."}
TEMPLATE_DIR = Path(__file__).with_name("templates")
TEMPLATE_NAME = "jinshui_report"
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell", "remove-cell", "hide"})
STATUS_DIR = ".jinshui"
THREAD_CAPS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1"}

__all__ = [
    "FIGURE_MIME", "RenderPaths", "clear_recorded", "collect", "demo_banner",
    "external_resources", "index", "record", "recorded", "render", "watermark",
]

# =========================================================================== kernel side
_RECORDED: list[dict[str, Any]] = []


def _plain(value: Any) -> Any:
    """numpy/pandas scalars → plain Python; NaN → None (JSON has no NaN)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    raise ParameterError(
        f"a key figure must be a number or text, got {type(value).__name__}", parameter="value"
    )


def record(
    name: str,
    value: Any,
    *,
    unit: str,
    label_zh: str | None = None,
    label_en: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    headline: bool = True,
) -> dict[str, Any]:
    """Record a named key figure of the report being rendered.

    Parameters
    ----------
    name : identifier of the figure (e.g. ``"gdp_growth"``); recording a name again replaces it.
    value : number (numpy scalars accepted; NaN becomes ``null``) or short text.
    unit : its unit, e.g. ``"亿元"``, ``"%"``, ``"百分点"`` — required, never guessed.
    label_zh, label_en : labels shown in the index page and the JSON.
    source : where the value comes from (table, URL or ``"示例数据"``).
    synthetic : True when computed from synthetic demo data (labelled 示例数据 everywhere).
    headline : show it in ``index.html``.

    Returns
    -------
    dict
        The entry as written to ``<stem>.json``.
    """
    if not isinstance(name, str) or not name.strip():
        raise ParameterError("a key figure needs a non-empty name", parameter="name")
    if not isinstance(unit, str):
        raise ParameterError("unit must be text such as '亿元' or '%'", parameter="unit")
    entry = {
        "name": name, "value": _plain(value), "unit": unit,
        "label_zh": label_zh, "label_en": label_en, "source": source,
        "synthetic": bool(synthetic), "headline": bool(headline),
    }
    _RECORDED[:] = [e for e in _RECORDED if e["name"] != name]
    _RECORDED.append(entry)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return entry
    if get_ipython() is not None:
        label = label_zh or label_en or name
        text = f"{label} = {entry['value']} {unit}" + (" [示例数据]" if synthetic else "")
        display({FIGURE_MIME: entry, "text/plain": text}, raw=True)
    return entry


def recorded() -> list[dict[str, Any]]:
    """Key figures recorded so far in this process (copies)."""
    return [dict(e) for e in _RECORDED]


def clear_recorded() -> None:
    """Forget the recorded key figures (the fork engine starts each report with none)."""
    _RECORDED.clear()


class Banner:
    """A 示例数据 / demo-data banner: HTML in reports and notebooks, plain text in consoles."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return (
            f'<div class="{BANNER_CLASS}" style="border:2px solid #c0392b;background:#fdecea;'
            'color:#8e1b10;padding:0.6em 1em;margin:0.5em 0;font-weight:bold;border-radius:4px">'
            f"{_html.escape(self.text)}</div>"
        )

    def __repr__(self) -> str:
        return f"*** {self.text} ***"


def demo_banner(language: str = "zh", what: str | None = None) -> Banner:
    """Banner labelling synthetic data (示例数据); display it as a cell's last expression.

    ``language`` is ``"zh"`` or ``"en"``; both labels are always shown, the chosen one first.
    """
    if language not in DEMO_TEXT:
        raise ParameterError("expected 'zh' or 'en'", parameter="language")
    other = "en" if language == "zh" else "zh"
    text = f"{DEMO_TEXT[language]} / {DEMO_TEXT[other]}"
    if what:
        text += f" ({what})"
    return Banner(text)


def watermark(fig: Any, text: str = "示例数据 / synthetic") -> Any:
    """Write a large diagonal watermark across a matplotlib figure; returns the figure."""
    fig.text(0.5, 0.5, text, fontsize=28, color="#c0392b", alpha=0.18, rotation=25,
             ha="center", va="center", transform=fig.transFigure, zorder=1000)
    return fig


# =========================================================================== jobs
@dataclass(frozen=True)
class RenderPaths:
    """Files written for one report."""

    html: Path
    json: Path
    notebook: Path
    log: Path | None = None


@dataclass
class Job:
    """One report to render: validated parameters plus everything that identifies the output."""

    notebook: str
    parameters: dict[str, Any]
    out_dir: str
    stem: str
    notebook_sha256: str
    data: list[dict[str, Any]]
    key: str
    timeout: float = 600.0
    log: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def paths(self) -> RenderPaths:
        out = Path(self.out_dir)
        return RenderPaths(
            html=out / f"{self.stem}.html", json=out / f"{self.stem}.json",
            notebook=out / "notebooks" / f"{self.stem}.ipynb",
            log=Path(self.log) if self.log else None,
        )

    @property
    def failed_notebook(self) -> Path:
        return Path(self.out_dir) / "notebooks" / f"{self.stem}.failed.ipynb"

    @property
    def failure_record(self) -> Path:
        return Path(self.out_dir) / STATUS_DIR / f"{self.stem}.failed.json"


_SAFE = re.compile(r"[\\/:*?\"<>|\s]+")


def _stem_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return Path(text).name if os.sep in text else text


def default_stem(notebook: str | os.PathLike[str], parameters: Mapping[str, Any]) -> str:
    """``<notebook>_<region>_<period>``, plus ``_<name>-<value>`` for every parameter declared
    with ``"in_stem": true`` in the notebook's schema whose value differs from its default (so an
    English version, another benchmark or the user's data never overwrite the default report).
    A data path contributes its file or folder name."""
    parts = [Path(notebook).stem]
    for key in ("region", "period", "year"):
        if key in parameters:
            parts.append(_stem_value(parameters[key]))
    try:
        schema = _params.load_schema(_params.resolve_notebook(notebook))
    except (ParameterError, OSError):
        schema = {}
    for key, value in parameters.items():
        if key in ("region", "period", "year") or key not in schema:
            continue
        if not schema[key].extra.get("in_stem"):
            continue
        if value != schema[key].default and str(value) != str(schema[key].default):
            parts.append(f"{key}-{_stem_value(value)}")
    return _SAFE.sub("-", "_".join(parts))


@functools.lru_cache(maxsize=256)
def _file_sha(path: str, mtime_ns: int, size: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _bundled_files() -> tuple[Path, list[Path]]:
    root = Path(__file__).with_name("data")
    files = sorted(
        p for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".py", ".pyc")
    )
    return root, files


def data_fingerprint(data: str = _params.BUNDLED) -> dict[str, Any]:
    """SHA-256 of the input data: the bundled data files, or the user's file / folder.

    The digest covers each file's relative path and content, in sorted order.
    """
    if data == _params.BUNDLED:
        root, files = _bundled_files()
        label = "bundled (jinshui_analysis/data)"
    else:
        path = Path(data)
        files = _params.data_files(path)
        root = path if path.is_dir() else path.parent
        label = str(path)
    h = hashlib.sha256()
    listing = []
    for f in files:
        st = f.stat()
        digest = _file_sha(str(f), st.st_mtime_ns, st.st_size)
        rel = f.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + digest.encode() + b"\n")
        listing.append({"path": rel, "sha256": digest})
    return {"data": label, "sha256": h.hexdigest(), "files": listing}


def prepare_job(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    *,
    stem: str | None = None,
    timeout: float = 600.0,
) -> Job:
    """Validate the parameters and build the :class:`Job` (nothing is written)."""
    path = _params.resolve_notebook(notebook)
    raw = path.read_bytes()
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    values = _params.validate(nb, parameters)
    schema = _params.load_schema(nb)
    data_values = [values[k] for k, s in schema.items() if s.type == "data"] or [_params.BUNDLED]
    data = [data_fingerprint(d) for d in data_values]
    nb_sha = hashlib.sha256(raw).hexdigest()
    key_src = json.dumps(
        {"notebook": nb_sha, "parameters": values, "data": [d["sha256"] for d in data],
         "version": __version__},
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return Job(
        notebook=str(path), parameters=values, out_dir=str(Path(out_dir).resolve()),
        stem=stem or default_stem(path, values), notebook_sha256=nb_sha, data=data,
        key=hashlib.sha256(key_src.encode()).hexdigest(), timeout=float(timeout),
    )


def is_current(job: Job) -> bool:
    """True when the job's outputs exist and were rendered with the same key."""
    paths = job.paths
    if not (paths.html.is_file() and paths.json.is_file() and paths.notebook.is_file()):
        return False
    try:
        meta = json.loads(paths.json.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("provenance", {}).get("job_key") == job.key


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
def _shell() -> Any:
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
    shell = _shell()
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
        logger.addHandler(logging.FileHandler(log_path, encoding="utf-8"))
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


# =========================================================================== export
def figures_of(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """Key figures recorded in an executed notebook (last value per name, in order)."""
    found: dict[str, dict[str, Any]] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}) if out.get("output_type") in (
                "display_data", "execute_result") else {}
            if FIGURE_MIME in data:
                entry = data[FIGURE_MIME]
                if isinstance(entry, str):
                    entry = json.loads(entry)
                entry = dict(entry)
                found.pop(entry["name"], None)
                found[entry["name"]] = entry
    return list(found.values())


def _strip_for_html(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            # key-figure records are for the JSON; warnings on stderr stay in the executed
            # notebook for the analyst, not in the report for its readers
            cell.outputs = [o for o in cell.outputs if FIGURE_MIME not in o.get("data", {})
                            and not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            if not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


@functools.lru_cache(maxsize=1)
def _exporter() -> Any:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = TEMPLATE_NAME
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    config.HTMLExporter.theme = "light"
    # Never point at a CDN, even if a block we did not override uses these.
    for trait in ("mathjax_url", "require_js_url", "mermaid_js_url", "jupyter_widgets_base_url",
                  "widget_renderer_url"):
        setattr(config.HTMLExporter, trait, "")
    return HTMLExporter(config=config)


_EXTERNAL = [
    re.compile(r"<(?:script|link|img|iframe|frame|source|video|audio|embed|object|track|input)"
               r"\b[^>]*?\b(?:src|href|data|srcset|poster)\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)",
               re.IGNORECASE),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*((?:https?:)?//[^\"')\s;]+)", re.IGNORECASE),
    re.compile(r"url\(\s*[\"']?\s*((?:https?:)?//[^\"')\s]+)", re.IGNORECASE),
    re.compile(r"require(?:js)?\.config\([^)]*?((?:https?:)?//[^\"'\s]+)", re.IGNORECASE | re.S),
]


def external_resources(html: str) -> list[str]:
    """URLs that the HTML would load from the network (empty for an offline-safe page).

    Links a reader may click (``<a href=…>``) are not loads and are not reported.
    """
    found: list[str] = []
    for pattern in _EXTERNAL:
        found.extend(m.group(1) for m in pattern.finditer(html))
    return sorted(set(found))


def _esc(value: Any) -> str:
    return _html.escape(str(value))


def _header_html(job: Job, nb: nbformat.NotebookNode, figures: list[dict[str, Any]],
                 title: str) -> str:
    schema = _params.load_schema(nb)
    language = job.parameters.get("language", "zh")
    rows = []
    for name, value in job.parameters.items():
        spec = schema.get(name)
        helptext = ""
        if spec is not None:
            helptext = (spec.help_en or spec.help_zh) if language == "en" else (
                spec.help_zh or spec.help_en)
        shown = value
        if spec is not None and spec.type == "data" and value != _params.BUNDLED:
            shown = Path(str(value)).name
        rows.append(f"<tr><th>{_esc(name)}</th><td>{_esc(shown)}</td><td>{_esc(helptext)}</td></tr>")
    banner = ""
    if any(f.get("synthetic") for f in figures):
        banner = demo_banner(language if language in DEMO_TEXT else "zh")._repr_html_()
    caption = "参数 / Parameters"
    return (
        f'<header class="jinshui-header"><h1 class="jinshui-title">{_esc(title)}</h1>{banner}'
        f'<table class="jinshui-params"><caption>{caption}</caption>'
        f"<tbody>{''.join(rows)}</tbody></table></header>"
    )


def _provenance(job: Job, figures: list[dict[str, Any]], rendered_at: str) -> dict[str, Any]:
    sources = sorted({str(f["source"]) for f in figures if f.get("source")})
    return {
        "notebook": Path(job.notebook).name,
        "notebook_sha256": job.notebook_sha256,
        "parameters": job.parameters,
        "data": job.data,
        "sources": sources,
        "package": "jinshui-analysis",
        "version": __version__,
        "python": sys.version.split()[0],
        "rendered_at": rendered_at,
        "job_key": job.key,
    }


def _footer_html(prov: dict[str, Any]) -> str:
    params = "; ".join(f"{k}={v}" for k, v in prov["parameters"].items())
    data = "<br>".join(f"{_esc(d['data'])} — SHA-256 <code>{d['sha256']}</code> "
                       f"({len(d['files'])} file(s))" for d in prov["data"])
    sources = "<br>".join(_esc(s) for s in prov["sources"]) or "—"
    items = [
        ("参数 Parameters", _esc(params)),
        ("数据 Data", data),
        ("来源 Sources", sources),
        ("笔记本 Notebook", f"{_esc(prov['notebook'])} (SHA-256 <code>"
                          f"{prov['notebook_sha256'][:16]}…</code>)"),
        ("版本 Version", f"jinshui-analysis {_esc(prov['version'])}, Python {prov['python']}"),
        ("生成时间 Rendered", _esc(prov["rendered_at"])),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in items)
    return (f'<footer class="jinshui-provenance"><h2>数据来源与可追溯信息 / Provenance</h2>'
            f"<table><tbody>{body}</tbody></table></footer>")


def export_html(job: Job, nb: nbformat.NotebookNode, figures: list[dict[str, Any]],
                prov: dict[str, Any]) -> str:
    """The offline HTML of an executed notebook (raises RenderError on any external load)."""
    meta = nb.metadata.get("jinshui", {})
    language = job.parameters.get("language", "zh")
    title = meta.get(f"title_{language}") or meta.get("title_zh") or meta.get("title") or job.stem
    resources = {
        "metadata": {"name": title},
        "jinshui_header": _header_html(job, nb, figures, title),
        "jinshui_footer": _footer_html(prov),
        "language_code": "en" if language == "en" else "zh-CN",
    }
    body, _ = _exporter().from_notebook_node(_strip_for_html(nb), resources=resources)
    body = webfont.embed(body)  # the page's Chinese characters as an embedded web font
    bad = external_resources(body)
    if bad:
        raise RenderError(f"the HTML would load external resources: {', '.join(bad[:5])}",
                          notebook=job.notebook)
    return body


# =========================================================================== writing
def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary name in the same folder, then :func:`os.replace` it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def clean_temporaries(out_dir: str | os.PathLike[str]) -> int:
    """Remove leftovers ``.<name>.tmp-<pid>`` of an interrupted run; returns how many."""
    n = 0
    out = Path(out_dir)
    for folder in (out, out / "notebooks", out / STATUS_DIR):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp-*"):
                tmp.unlink(missing_ok=True)
                n += 1
    return n


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


def parameterized_notebook(job: Job) -> nbformat.NotebookNode:
    """The job's notebook with papermill's ``injected-parameters`` cell after ``parameters``."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(job.notebook)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3",
                                          "language": "python"})
    return parameterize_notebook(nb, job.parameters, kernel_name="python3", language="python")


def run_job(job: Job, *, engine: str = "inprocess") -> dict[str, Any]:
    """Parameterise, execute, export and write one report; returns a result dict.

    ``engine="inprocess"`` executes in *this* process (use it in a fresh fork only);
    ``"kernel"`` uses a Jupyter kernel.  Never raises for notebook errors: the result's
    ``status`` is ``"ok"``, ``"failed"`` or ``"timeout"``.
    """
    started = time.monotonic()
    paths = job.paths
    nb = parameterized_notebook(job)
    cwd = str(Path(job.notebook).parent)
    if engine == "inprocess":
        os.chdir(cwd)  # only ever called in a forked child: the parent's cwd is untouched
        failure = execute_inprocess(nb, timeout=job.timeout)
    else:
        failure = execute_kernel(nb, timeout=job.timeout, cwd=cwd, log_path=job.log)
    figures = figures_of(nb)
    rendered_at = _now()
    prov = _provenance(job, figures, rendered_at)
    nb.metadata["jinshui_render"] = {"provenance": prov, "figures": figures}
    result: dict[str, Any] = {"stem": job.stem, "key": job.key, "figures": figures,
                              "parameters": job.parameters}
    if failure is None:
        try:
            html = export_html(job, nb, figures, prov)
        except RenderError as exc:
            failure = {"kind": "error", "cell_index": None, "ename": "RenderError",
                       "evalue": str(exc), "traceback": ""}
        except Exception as exc:  # noqa: BLE001 - reported in the result
            import traceback

            failure = {"kind": "error", "cell_index": None, "ename": type(exc).__name__,
                       "evalue": f"HTML export failed: {exc}",
                       "traceback": traceback.format_exc()}
    if failure is not None:
        atomic_write(job.failed_notebook, nbformat.writes(nb))
        record_failure(job, failure, time.monotonic() - started)
        result.update(status="timeout" if failure["kind"] == "timeout" else "failed",
                      error=failure, notebook=str(job.failed_notebook),
                      seconds=time.monotonic() - started)
        return result
    document = {
        "report": job.stem, "notebook": Path(job.notebook).name, "status": "ok",
        "parameters": job.parameters, "synthetic": any(f.get("synthetic") for f in figures),
        "figures": figures, "provenance": prov,
    }
    atomic_write(paths.notebook, nbformat.writes(nb))
    atomic_write(paths.html, html)
    job.failed_notebook.unlink(missing_ok=True)
    job.failure_record.unlink(missing_ok=True)
    # the JSON goes last: it carries the job key and marks the report complete
    atomic_write(paths.json, json.dumps(document, ensure_ascii=False, indent=1))
    result.update(status="ok", error=None, notebook=str(paths.notebook),
                  html=str(paths.html), json=str(paths.json),
                  seconds=time.monotonic() - started)
    return result


def record_failure(job: Job, failure: Mapping[str, Any], seconds: float | None = None,
                   status: str | None = None) -> None:
    """Write ``<out>/.jinshui/<stem>.failed.json`` and remove the job's stale outputs."""
    paths = job.paths
    for stale in (paths.json, paths.html, paths.notebook):
        stale.unlink(missing_ok=True)
    status = status or ("timeout" if failure.get("kind") == "timeout" else "failed")
    doc = {"report": job.stem, "notebook": Path(job.notebook).name, "status": status,
           "parameters": job.parameters, "error": dict(failure), "key": job.key,
           "seconds": seconds, "finished_at": _now(),
           "failed_notebook": str(job.failed_notebook) if job.failed_notebook.exists() else None}
    atomic_write(job.failure_record, json.dumps(doc, ensure_ascii=False, indent=1, default=str))


def error_from_result(result: Mapping[str, Any], notebook: str) -> RenderError:
    """The :class:`RenderError` describing a failed result dict."""
    err = result.get("error") or {}
    what = {"timeout": "timed out", "dead": "kernel died"}.get(err.get("kind"), "failed")
    msg = f"report {result.get('stem')!r} {what}: {err.get('ename', '')}: {err.get('evalue', '')}"
    return RenderError(msg.strip(), notebook=result.get("notebook"),
                       cell_index=err.get("cell_index"), traceback=err.get("traceback") or None)


# =========================================================================== public API
def render(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    *,
    stem: str | None = None,
    timeout: float = 600.0,
    engine: str = "fork",
) -> RenderPaths:
    """Validate, execute and export one report notebook.

    Parameters
    ----------
    notebook : path of the notebook, or its name in ``notebooks/`` (``"monthly_report"``).
    parameters : values overriding the declared defaults; checked before anything runs.
    out_dir : output folder (created).
    stem : base name of the outputs (default ``<notebook>_<region>_<period>``).
    timeout : seconds allowed for the whole notebook.
    engine : ``"fork"`` (warm zygote, default) or ``"kernel"`` (fresh Jupyter kernel).

    Returns
    -------
    RenderPaths
        ``.html``, ``.json`` and ``.notebook`` (executed notebook) paths.

    Raises
    ------
    ParameterError
        invalid parameters (nothing written).
    RenderError
        execution or export failed; the executed notebook is kept as ``….failed.ipynb``.
    """
    job = prepare_job(notebook, parameters, out_dir, stem=stem, timeout=timeout)
    Path(job.out_dir).mkdir(parents=True, exist_ok=True)
    if engine == "fork":
        from jinshui_analysis.batch import shared_zygote

        result = shared_zygote().run(job)
    elif engine == "kernel":
        result = run_job(job, engine="kernel")
    else:
        raise ParameterError("expected 'fork' or 'kernel'", parameter="engine")
    if result["status"] != "ok":
        raise error_from_result(result, job.notebook)
    return job.paths


def _report_docs(out_dir: Path) -> list[dict[str, Any]]:
    docs = []
    for path in sorted(out_dir.glob("*.json")):
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict) and "figures" in doc and "report" in doc:
            docs.append(doc)
    return docs


def collect(out_dir: str | os.PathLike[str] = "reports") -> Any:
    """Key figures of every rendered report in ``out_dir``: one row per (report, figure).

    Columns: ``report``, ``notebook``, one column per parameter, ``figure``, ``value``,
    ``unit``, ``label_zh``, ``label_en``, ``source``, ``synthetic``, ``rendered_at``.
    """
    import pandas as pd

    if not Path(out_dir).is_dir():
        raise ParameterError(f"no such folder: {out_dir}", parameter="out_dir")
    rows = []
    param_names: list[str] = []
    for doc in _report_docs(Path(out_dir)):
        for k in doc["parameters"]:
            if k not in param_names:
                param_names.append(k)
        for fig in doc["figures"]:
            rows.append({
                "report": doc["report"], "notebook": doc["notebook"], **doc["parameters"],
                "figure": fig["name"], "value": fig["value"], "unit": fig["unit"],
                "label_zh": fig.get("label_zh"), "label_en": fig.get("label_en"),
                "source": fig.get("source"), "synthetic": bool(fig.get("synthetic")),
                "rendered_at": doc["provenance"].get("rendered_at"),
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
.ok{color:#1e7e34;font-weight:bold}.failed,.timeout,.dead,.invalid{color:#b00020;font-weight:bold}
.skipped{color:#666;font-weight:bold}.demo{background:#fdecea;color:#8e1b10;padding:0 .3em}
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
        entries[doc["report"]] = {**doc, "status": "ok"}
    fail_dir = out / STATUS_DIR
    for path in sorted(fail_dir.glob("*.failed.json")) if fail_dir.is_dir() else []:
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        entries.setdefault(doc["report"], {**doc, "figures": []})
    rows = []
    for stem in sorted(entries):
        doc = entries[stem]
        status = statuses.get(stem, doc.get("status", "ok"))
        params = ", ".join(f"{k}={v}" for k, v in doc.get("parameters", {}).items()
                           if k not in ("data",) or v != "bundled")
        figs = [f for f in doc.get("figures", []) if f.get("headline", True)][:4]
        fig_html = "<br>".join(
            f"{_esc(f.get('label_zh') or f.get('label_en') or f['name'])}: "
            f"<b>{_esc(_fmt(f['value']))}</b> {_esc(f['unit'])}"
            + (' <span class="demo">示例数据</span>' if f.get("synthetic") else "")
            for f in figs
        )
        if doc.get("error"):
            err = doc["error"]
            cell = f" (cell {err['cell_index']})" if err.get("cell_index") is not None else ""
            fig_html = f"<small>{_esc(err.get('ename', ''))}{cell}: {_esc(err.get('evalue', ''))[:300]}</small>"
        link = (f'<a href="{_esc(stem)}.html">{_esc(stem)}</a>'
                if (out / f"{stem}.html").exists() else _esc(stem))
        if doc.get("failed_notebook"):
            link += f'<br><small><a href="notebooks/{_esc(stem)}.failed.ipynb">failed.ipynb</a></small>'
        demo = ' <span class="demo">示例数据</span>' if doc.get("synthetic") else ""
        rows.append(f'<tr><td>{link}{demo}</td><td class="{_esc(status)}">{_esc(status)}</td>'
                    f"<td>{_esc(params)}</td><td>{fig_html}</td></tr>")
    for stem, status in sorted(statuses.items()):
        if stem not in entries:
            rows.append(f'<tr><td>{_esc(stem)}</td><td class="{_esc(status)}">{_esc(status)}</td>'
                        "<td></td><td></td></tr>")
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'; font-src data:\">"
        f"<title>报告索引 / Reports</title><style>{_INDEX_CSS}</style></head><body>"
        "<h1>报告索引 / Reports</h1>"
        f"<p><small>jinshui-analysis {_esc(__version__)} — {_esc(_now())} — "
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


def result_summary(result: Mapping[str, Any]) -> dict[str, Any]:
    """Flat, printable view of a result dict (used by the batch summary)."""
    err = result.get("error") or {}
    return {"report": result.get("stem"), "status": result.get("status"),
            "seconds": result.get("seconds"), "cell": err.get("cell_index"),
            "error": f"{err.get('ename', '')}: {err.get('evalue', '')}"[:200] if err else "",
            "output": result.get("html") or result.get("notebook")}


def _asdict(job: Job) -> dict[str, Any]:
    return asdict(job)

"""Run one job from parameters to files (:func:`run_job`), and the public :func:`render`.

Render parameterised report notebooks to offline HTML, with key figures and provenance.

Kernel side (called inside a notebook)
--------------------------------------
- :func:`record` names a key figure; it is kept in a per-process registry and emitted as a display
  output of mime type ``application/vnd.jinshui.figure+json`` (hidden from the HTML), which the
  renderer collects from the executed notebook — so it works with any execution path (papermill,
  Jupyter, the warm fork engine).
- :func:`demo_banner` shows a 示例数据 / demo-data banner; :func:`watermark` marks a figure.

Renderer side
-------------
- :func:`render` validates the parameters (:func:`jinshui_analysis.render.params.validate`) before anything
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

:func:`run_job` executes the cells in this process (``"inprocess"``: in a fork of a warm zygote,
or by the in-process engine) or in a Jupyter kernel (``"kernel"``); which process runs it is the
engine's choice (:mod:`jinshui_analysis.render.engines`).

"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import nbformat

from jinshui_analysis.exceptions import RenderError
from jinshui_analysis.render.execute import execute_inprocess, execute_kernel
from jinshui_analysis.render.export import (
    document_of,
    export_html,
    failed_sections,
    figures_of,
    provenance,
)
from jinshui_analysis.render.jobs import Job
from jinshui_analysis.render.outputs import atomic_write, now
from jinshui_analysis.render.results import Failure, RenderResult


def parameterized_notebook(job: Job) -> nbformat.NotebookNode:
    """The job's notebook with papermill's ``injected-parameters`` cell after ``parameters``."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(job.notebook)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3",
                                          "language": "python"})
    return parameterize_notebook(nb, job.parameters, kernel_name="python3", language="python")


@contextlib.contextmanager
def user_profiles(profiles: tuple[str, ...]) -> Iterator[None]:
    """Hand the job's profile files (resolved in the user's working folder) to the notebook:
    ``$JINSHUI_PROFILES`` is set for the run (a kernel inherits it) and the caches of region
    names built from other profiles are dropped."""
    from jinshui_analysis.data.profiles import RESOLVED_ENV, profiles_changed

    before = os.environ.get(RESOLVED_ENV)
    os.environ[RESOLVED_ENV] = os.pathsep.join(profiles)
    profiles_changed()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(RESOLVED_ENV, None)
        else:
            os.environ[RESOLVED_ENV] = before
        profiles_changed()


def run_job(job: Job, *, engine: str = "inprocess") -> dict[str, Any]:
    """Parameterise, execute, export and write one report; returns the result as a dict — the
    wire form of :class:`~jinshui_analysis.render.results.RenderResult` (it crosses a fork's
    pipe; the engines read it with ``RenderResult.from_dict``).

    ``engine="inprocess"`` executes in *this* process (use it in a fresh fork only);
    ``"kernel"`` uses a Jupyter kernel.  Never raises for notebook errors: the result's
    ``status`` is ``"ok"``, ``"failed"``, ``"timeout"`` or ``"partial"`` (the HTML written, a
    Word or PDF file not: the result's error names the format and why).
    """
    started = time.monotonic()
    paths = job.paths
    nb = parameterized_notebook(job)
    cwd = str(Path(job.notebook).parent)
    with user_profiles(job.profiles):
        if engine == "inprocess":
            from jinshui_analysis.data.source import adopt

            for source in job.sources:  # the controller's reading: nothing is read again here
                adopt(source)
            os.chdir(cwd)  # in a forked child (or the inprocess engine, which puts it back)
            failure = execute_inprocess(nb, timeout=job.timeout)
        else:
            failure = execute_kernel(nb, timeout=job.timeout, cwd=cwd, log_path=job.log)
    figures = figures_of(nb)
    rendered_at = now()
    prov = provenance(job, figures, rendered_at)
    nb.metadata["jinshui_render"] = {"provenance": prov, "figures": figures}
    result = RenderResult(job.stem, "ok", parameters=job.parameters, figures=tuple(figures),
                          key=job.key)
    extra: dict[str, bytes] = {}
    format_errors: dict[str, str] = {}
    if failure is None:
        try:
            html = export_html(job, nb, figures, prov)
            # a Word or PDF failure never fails the HTML: it is written, the failure reported
            extra, format_errors = export_documents(job, nb, prov)
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
        return result.replace(status="timeout" if failure["kind"] == "timeout" else "failed",
                              error=Failure.from_dict(failure), notebook=job.failed_notebook,
                              seconds=time.monotonic() - started).to_dict()
    written = [f for f in job.formats if f not in format_errors]
    # "partial": sections that could not be computed (the report says why), or a Word/PDF
    # file not written (the HTML is complete)
    failed = failed_sections(nb)
    partial = None
    if failed:
        partial = partial_error(failed)
    if format_errors:
        fmt_text = ("; ".join(f"{FORMAT_NAMES.get(f, f)} file not written: {e}"
                              for f, e in format_errors.items()) + " (the HTML report is complete)")
        partial = {**(partial or {"kind": "format", "cell_index": None, "ename": "FormatError",
                                  "traceback": ""}),
                   "evalue": "; ".join(x for x in ((partial or {}).get("evalue", ""), fmt_text)
                                       if x),
                   "formats": sorted(format_errors)}
    status = "partial" if partial else "ok"
    document = {
        "report": job.stem, "notebook": Path(job.notebook).name, "status": status,
        "parameters": job.parameters, "synthetic": any(f.get("synthetic") for f in figures),
        "figures": figures, "provenance": prov,
        "formats": written,
        "files": {f: getattr(paths, f).name for f in written},
        **({"error": partial} if partial else {}),
        **({"sections_failed": failed} if failed else {}),
    }
    atomic_write(paths.notebook, nbformat.writes(nb))
    atomic_write(paths.html, html)
    for fmt, data in extra.items():
        atomic_write(getattr(paths, fmt), data)
    for fmt, stale in job.format_paths().items():  # formats of an earlier run not written now
        if fmt not in written:
            stale.unlink(missing_ok=True)
    job.failed_notebook.unlink(missing_ok=True)
    job.failure_record.unlink(missing_ok=True)
    # the JSON goes last: it carries the job key and marks the report complete
    atomic_write(paths.json, json.dumps(document, ensure_ascii=False, indent=1))
    return result.replace(status=status, error=Failure.from_dict(partial) if partial else None,
                          sections_failed=tuple(failed), notebook=paths.notebook,
                          html=paths.html, json=paths.json,
                          **{f: getattr(paths, f) for f in extra},
                          seconds=time.monotonic() - started).to_dict()


def partial_error(failed: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``error`` entry of a partial report: which sections were not computed and why."""
    what = "; ".join(f"{f.get('title') or f.get('section')}: {f.get('reason_en') or f.get('error')}"
                     for f in failed)
    return {"kind": "partial", "cell_index": None, "ename": "partial",
            "evalue": f"{len(failed)} section(s) not computed — {what}",
            "sections": [f.get("section") for f in failed]}


#: How the formats are named in messages.
FORMAT_NAMES = {"html": "HTML", "docx": "Word", "pdf": "PDF"}


def export_documents(job: Job, nb: nbformat.NotebookNode, prov: dict[str, Any]
                     ) -> tuple[dict[str, bytes], dict[str, str]]:
    """The Word and/or PDF files of the job's formats, from the same rendered content as the
    HTML (:func:`~jinshui_analysis.render.export.document_of`): ``({format: bytes}, {format:
    what went wrong})``.

    Built in memory before anything is written.  One format failing does not stop the others
    (nor the HTML): its error is returned, one line, naming the format.
    """
    wanted = [f for f in ("docx", "pdf") if f in job.formats]
    if not wanted:
        return {}, {}
    out: dict[str, bytes] = {}
    errors: dict[str, str] = {}
    try:
        doc = document_of(nb, prov, job)
    except Exception as exc:  # noqa: BLE001 - reported per format
        return {}, {f: f"{type(exc).__name__}: {exc}"[:300] for f in wanted}
    for fmt in wanted:
        try:
            if fmt == "docx":
                from jinshui_analysis.render.docx_writer import docx_bytes

                out["docx"] = docx_bytes(doc)
            else:
                from jinshui_analysis.render.pdf_writer import pdf_bytes

                out["pdf"] = pdf_bytes(doc)
        except Exception as exc:  # noqa: BLE001 - reported per format
            errors[fmt] = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return out, errors


def record_failure(job: Job, failure: Mapping[str, Any], seconds: float | None = None,
                   status: str | None = None) -> None:
    """Write ``<out>/.jinshui/<stem>.failed.json`` and remove the job's stale outputs."""
    paths = job.paths
    for stale in (paths.json, paths.notebook, *job.format_paths().values()):
        stale.unlink(missing_ok=True)
    status = status or ("timeout" if failure.get("kind") == "timeout" else "failed")
    doc = {"report": job.stem, "notebook": Path(job.notebook).name, "status": status,
           "parameters": job.parameters, "error": dict(failure), "key": job.key,
           "seconds": seconds, "finished_at": now(),
           "failed_notebook": str(job.failed_notebook) if job.failed_notebook.exists() else None}
    atomic_write(job.failure_record, json.dumps(doc, ensure_ascii=False, indent=1, default=str))


def error_from_result(result: RenderResult, failed_notebook: str | None = None) -> RenderError:
    """The :class:`RenderError` describing a failed result; it names the kept copy of the
    executed notebook (``….failed.ipynb``), never the source notebook."""
    err = result.error or Failure("error", "", "")
    what = {"timeout": "timed out", "dead": "kernel died", "interrupted": "was interrupted",
            "format": "was written as HTML only"}.get(err.kind, "failed")
    msg = f"report {result.stem!r} {what}: {err.ename}: {err.evalue}"
    kept = result.notebook or failed_notebook
    if kept is not None and not (str(kept).endswith(".failed.ipynb") and Path(kept).exists()):
        kept = None
    return RenderError(msg.strip(), notebook=str(kept) if kept is not None else None,
                       cell_index=err.cell_index, traceback=err.traceback or None)

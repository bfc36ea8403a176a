"""Typed render results: :class:`RenderResult` (one report) and :class:`BatchResult` (a grid).

A worker process sends a result across a pipe (or dask) as a plain dict — the *wire form* built
by :func:`jinshui_analysis.render.runner.run_job` — and every engine turns it into a
:class:`RenderResult` with :meth:`RenderResult.from_dict` in the controlling process;
:meth:`RenderResult.to_dict` gives the same dict back (same keys, same order, same values), so
whatever prints or stores it is unchanged.  Both classes are frozen, module-level dataclasses:
they pickle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

from jinshui_analysis.exceptions import ParameterError

__all__ = ["OK_STATUSES", "STATUSES", "WRITTEN_STATUSES", "BatchResult", "Failure",
           "RenderResult", "Status"]

#: What became of one report of a run.
Status = Literal[
    "ok",           # rendered and written
    "partial",      # written; a section could not be computed, or a Word/PDF file not written
    "empty",        # written (or up to date); no figure of it comes from the data
    "skipped",      # up to date: nothing to do
    "stale",        # not rerun (--retry-failed) although its inputs changed
    "failed",       # a cell raised, or the export failed
    "timeout",      # the time limit was reached
    "dead",         # the process running it died
    "invalid",      # its parameters were refused before anything ran
    "interrupted",  # stopped by Ctrl-C / SIGTERM while running
    "cancelled",    # never started: the run was interrupted
]
STATUSES: frozenset[str] = frozenset(get_args(Status))
#: A report that is there and up to date.
OK_STATUSES: frozenset[str] = frozenset({"ok", "skipped", "stale"})
#: A report that was written but is not whole (exit code 3).
WRITTEN_STATUSES: frozenset[str] = frozenset({"partial", "empty"})

_PATHS = ("notebook", "html", "json", "docx", "pdf")


@dataclass(frozen=True)
class Failure:
    """Why a report failed or is not whole (the ``error`` of a result).

    ``kind`` is ``error``, ``timeout``, ``dead``, ``interrupted``, ``cancelled``, ``invalid``,
    ``partial``, ``format`` or ``empty``; ``cell_index`` the failing cell (None when no cell is
    to blame); ``ename``/``evalue`` the exception's name and message.  ``sections`` (partial)
    and ``formats`` (a Word/PDF file not written) are set only where they apply.
    """

    kind: str
    ename: str
    evalue: str
    cell_index: int | None = None
    traceback: str | None = None
    sections: tuple[str | None, ...] | None = None
    formats: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The wire form: ``kind, cell_index, ename, evalue`` then the keys that are set."""
        out: dict[str, Any] = {"kind": self.kind, "cell_index": self.cell_index,
                               "ename": self.ename, "evalue": self.evalue}
        for name in ("traceback", "sections", "formats"):
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Failure:
        """Read the wire form (unknown keys are dropped)."""
        sections, formats = doc.get("sections"), doc.get("formats")
        return cls(kind=str(doc.get("kind") or "error"), ename=str(doc.get("ename") or ""),
                   evalue=str(doc.get("evalue") or ""), cell_index=doc.get("cell_index"),
                   traceback=doc.get("traceback"),
                   sections=tuple(sections) if sections is not None else None,
                   formats=tuple(formats) if formats is not None else None)


@dataclass(frozen=True)
class RenderResult:
    """What became of one report.

    Attributes
    ----------
    stem : the report's base name (``<notebook>_<region>_<period>…``), unique in a batch.
    status : one of :data:`STATUSES`.
    parameters : the validated parameters.
    figures : the key figures recorded by the notebook (dicts as in ``<stem>.json``).
    seconds : wall time of the job (0.0 when skipped; None when unknown).
    error : why it failed or is not whole (None when ok).
    key : the job key (SHA-256 of notebook, parameters, data, version and code), when known.
    notebook, html, json, docx, pdf : files written (the executed notebook, or the kept
        ``….failed.ipynb`` of a failure); None when not written.
    sections_failed : the sections that could not be computed (``partial``).
    """

    stem: str
    status: Status
    parameters: Mapping[str, Any] = field(default_factory=dict)
    figures: tuple[Mapping[str, Any], ...] = ()
    seconds: float | None = None
    error: Failure | None = None
    key: str | None = None
    notebook: Path | None = None
    html: Path | None = None
    json: Path | None = None
    docx: Path | None = None
    pdf: Path | None = None
    sections_failed: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ParameterError(f"expected one of {', '.join(sorted(STATUSES))}, got "
                                 f"{self.status!r}", parameter="status")

    @property
    def ok(self) -> bool:
        """Written and whole, or up to date (:data:`OK_STATUSES`)."""
        return self.status in OK_STATUSES

    @property
    def written(self) -> bool:
        """The report's files are there (ok, up to date, partial or empty)."""
        return self.status in OK_STATUSES | WRITTEN_STATUSES

    def replace(self, **changes: Any) -> RenderResult:
        """A copy with ``changes`` (the result is frozen)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The wire form: ``stem, key, status, parameters, figures, seconds, error,
        sections_failed``, then the paths that are set (as text)."""
        out: dict[str, Any] = {"stem": self.stem}
        if self.key is not None:
            out["key"] = self.key
        out.update(status=self.status, parameters=dict(self.parameters),
                   figures=[dict(f) for f in self.figures], seconds=self.seconds,
                   error=self.error.to_dict() if self.error is not None else None,
                   sections_failed=[dict(f) for f in self.sections_failed])
        for name in _PATHS:
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value)
        return out

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> RenderResult:
        """Read the wire form a worker sends (keys it lacks take their defaults)."""
        error = doc.get("error")
        if error is not None and not isinstance(error, Failure):
            error = Failure.from_dict(error)
        seconds = doc.get("seconds")
        return cls(stem=str(doc.get("stem")), status=doc.get("status"),  # type: ignore[arg-type]
                   parameters=dict(doc.get("parameters") or {}),
                   figures=tuple(doc.get("figures") or ()),
                   seconds=float(seconds) if seconds is not None else None,
                   error=error, key=doc.get("key"),
                   sections_failed=tuple(doc.get("sections_failed") or ()),
                   **{name: Path(doc[name]) for name in _PATHS if doc.get(name) is not None})

    def summary_row(self) -> dict[str, Any]:
        """Flat, printable view (one row of :attr:`BatchResult.summary`)."""
        err = self.error
        return {"report": self.stem, "status": self.status, "seconds": self.seconds,
                "cell": err.cell_index if err else None,
                "error": f"{err.ename}: {err.evalue}"[:200] if err else "",
                "output": str(self.html or self.notebook) if (self.html or self.notebook)
                else None}

    def __repr__(self) -> str:
        return f"RenderResult({self.stem!r}, {self.status!r})"


@dataclass(frozen=True)
class BatchResult:
    """Outcome of :func:`~jinshui_analysis.render.batch.render_grid`.

    ``results`` in the order of the grid; ``summary`` a DataFrame with one row per job
    (report, status, seconds, cell, error, output); ``interrupted`` when the run was stopped
    by Ctrl-C; ``index_error`` why ``index.html`` could not be written (full disk …).
    """

    results: tuple[RenderResult, ...]
    summary: Any  # pandas.DataFrame, one row per job
    index_html: Path
    out_dir: Path
    interrupted: bool = False
    index_error: str | None = None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and not self.index_error

    @property
    def exit_code(self) -> int:
        """0 all ok or up to date; 1 some job failed (or the index could not be written);
        3 every report was written but some are ``partial`` (a section could not be computed)
        or ``empty`` (no figure from the data); 130 interrupted."""
        if self.interrupted:
            return 130
        if self.ok:
            return 0
        if self.index_error or not all(r.written for r in self.results):
            return 1
        return 3

    def counts(self) -> dict[str, int]:
        """How many reports have each status."""
        out: dict[str, int] = {}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    @staticmethod
    def summary_of(results: Sequence[RenderResult]) -> Any:
        """The summary DataFrame of ``results`` (index: report)."""
        import pandas as pd

        frame = pd.DataFrame([r.summary_row() for r in results],
                             columns=["report", "status", "seconds", "cell", "error", "output"])
        return frame.set_index("report")

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts().items()))
        return f"BatchResult({len(self.results)} report(s) in {str(self.out_dir)!r}: {counts})"

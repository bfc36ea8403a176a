"""Render one report: :func:`render` validates, executes on an engine (by default a warm fork
worker; :mod:`jinshui_analysis.render.engines`) and exports."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from jinshui_analysis.exceptions import ParameterError, RenderError
from jinshui_analysis.render.engines import Engine, engines
from jinshui_analysis.render.jobs import prepare_job
from jinshui_analysis.render.outputs import OutputLock, prepare_out
from jinshui_analysis.render.results import RenderResult
from jinshui_analysis.render.runner import error_from_result


# =========================================================================== public API
def render(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    *,
    stem: str | None = None,
    timeout: float = 600.0,
    engine: str | Engine = "fork",
    formats: str | Sequence[str] | None = None,
) -> RenderResult:
    """Validate, execute and export one report notebook.

    Parameters
    ----------
    notebook : path of the notebook, or its name in ``notebooks/`` (``"monthly_report"``).
    parameters : values overriding the declared defaults; checked before anything runs.
    out_dir : output folder (created).
    stem : base name of the outputs (default ``<notebook>_<region>_<period>``).
    timeout : seconds allowed for the whole notebook.
    engine : a name of :data:`~jinshui_analysis.render.engines.engines` — ``"fork"`` (warm
        zygote, default), ``"kernel"`` (fresh Jupyter kernel), ``"inprocess"``, ``"dask"`` or
        one a user registered — or an engine object.
    formats : output formats, ``"html,docx,pdf"`` or a list (default HTML only); the HTML is
        always written, ``.docx``/``.pdf`` beside it from the same rendered content.

    Returns
    -------
    RenderResult
        status ``ok`` or ``partial`` (written; a section could not be computed and says why),
        the key figures, and the paths ``.html``, ``.json`` and ``.notebook`` (executed
        notebook); ``.docx`` and ``.pdf`` when asked for (else None).

    Raises
    ------
    ParameterError
        invalid parameters (nothing written).
    RenderError
        execution or export failed; the executed notebook is kept as ``….failed.ipynb``.
    """
    chosen = engines.get(engine)
    job = prepare_job(notebook, parameters, out_dir, stem=stem, timeout=timeout, formats=formats)
    try:
        prepare_out(job.out_dir)  # real folders: a planted link is replaced, not followed
        lock = OutputLock(job.out_dir)
        lock.acquire()  # one run at a time per output folder
    except OSError as exc:
        raise ParameterError(f"cannot write to the output folder {job.out_dir!r}: "
                             f"{exc.strerror or exc}", parameter="out_dir") from None
    try:
        result = next(iter(chosen.run([job], workers=1)), None)
    finally:
        lock.release()
    if result is None:
        raise RenderError(f"engine {chosen.name!r} returned no result for {job.stem!r}")
    if result.status not in ("ok", "partial"):  # partial: written, a section says why
        raise error_from_result(result, str(job.failed_notebook))
    return result

"""Render one report: :func:`render` validates, executes (warm fork worker or a Jupyter kernel)
and exports."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.render.jobs import RenderPaths, prepare_job
from jinshui_analysis.render.outputs import OutputLock, prepare_out
from jinshui_analysis.render.runner import error_from_result, run_job
from jinshui_analysis.render.workers import shared_zygote


# =========================================================================== public API
def render(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    *,
    stem: str | None = None,
    timeout: float = 600.0,
    engine: str = "fork",
    formats: str | Sequence[str] | None = None,
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
    formats : output formats, ``"html,docx,pdf"`` or a list (default HTML only); the HTML is
        always written, ``.docx``/``.pdf`` beside it from the same rendered content.

    Returns
    -------
    RenderPaths
        ``.html``, ``.json`` and ``.notebook`` (executed notebook) paths; ``.docx`` and
        ``.pdf`` when asked for (else None).

    Raises
    ------
    ParameterError
        invalid parameters (nothing written).
    RenderError
        execution or export failed; the executed notebook is kept as ``….failed.ipynb``.
    """
    if engine not in ("fork", "kernel"):
        raise ParameterError("expected 'fork' or 'kernel'", parameter="engine")
    job = prepare_job(notebook, parameters, out_dir, stem=stem, timeout=timeout, formats=formats)
    try:
        prepare_out(job.out_dir)  # real folders: a planted link is replaced, not followed
        lock = OutputLock(job.out_dir)
        lock.acquire()  # one run at a time per output folder
    except OSError as exc:
        raise ParameterError(f"cannot write to the output folder {job.out_dir!r}: "
                             f"{exc.strerror or exc}", parameter="out_dir") from None
    try:
        if engine == "fork":
            result = shared_zygote().run(job)
        else:
            result = run_job(job, engine="kernel")
    finally:
        lock.release()
    if result["status"] not in ("ok", "partial"):  # partial: written, a section says why
        raise error_from_result(result, str(job.failed_notebook))
    return job.paths

"""Render one report: :func:`render` validates, executes (warm fork worker or a Jupyter kernel)
and exports."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.render.jobs import RenderPaths, prepare_job
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
        result = shared_zygote().run(job)
    elif engine == "kernel":
        result = run_job(job, engine="kernel")
    else:
        raise ParameterError("expected 'fork' or 'kernel'", parameter="engine")
    if result["status"] != "ok":
        raise error_from_result(result, job.notebook)
    return job.paths

"""Render jobs: what one report is (notebook, parameters, output paths, the key that decides
whether it is up to date), its safe output name and the fingerprint of its input data.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from jinshui_analysis import __version__
from jinshui_analysis.data.files import data_fingerprint
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.render import params as _params

STATUS_DIR = ".jinshui"



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

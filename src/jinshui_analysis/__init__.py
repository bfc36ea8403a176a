"""jinshui-analysis: regional-economics models and report notebooks for Chinese districts.

This module is the curated public API.  Every name below is a real attribute, imported on first
use (so ``import jinshui_analysis`` stays fast)::

    from jinshui_analysis import data, periods, growth, benchmark, forecast, DataError
    import jinshui_analysis as ja
    ja.render_report("monthly_report", {"period": "2023-06"}, "reports")   # a RenderResult
    ja.render_grid("monthly_report", periods=["2023-05", "2023-06"], engine="fork")
    ja.collect("reports")

Modules (the name here, then the real import path):

- ``periods`` — the one parser of period labels (:mod:`jinshui_analysis.periods`);
- ``data`` — reading bulletin tables, the bundled published figures, demo data
  (:mod:`jinshui_analysis.data`);
- ``growth`` — contributions to growth (贡献率/拉动), implied growth, share paths
  (:mod:`jinshui_analysis.models.growth`);
- ``targets`` — required growth, threshold crossing, year-to-date target arithmetic
  (:mod:`jinshui_analysis.models.targets`);
- ``prices`` — real ↔ nominal growth, deflators (:mod:`jinshui_analysis.models.prices`);
- ``benchmark`` — catch-up scenarios and gap tables (:mod:`jinshui_analysis.models.catchup`);
- ``forecast`` — backtested forecasts and the year-end projection
  (:mod:`jinshui_analysis.models.forecast`);
- ``nowcast``, ``seasonal``, ``estimate``, ``scenarios``, ``structure``, ``accounting``,
  ``projects`` — the other models, ``jinshui_analysis.models.<name>``
  (:mod:`jinshui_analysis.models`);
- ``sections`` — the report sections a notebook cell calls
  (:mod:`jinshui_analysis.reports.sections`).

Functions: ``read_table``, ``read_folder``, ``load_bundled`` (:mod:`jinshui_analysis.data`),
``render_report`` (:func:`jinshui_analysis.render.single.render`), ``render_grid``
(:func:`jinshui_analysis.render.batch.render_grid`) and ``collect``
(:func:`jinshui_analysis.render.outputs.collect`); their typed results ``RenderResult`` and
``BatchResult`` (:mod:`jinshui_analysis.render.results`); ``engines``, the registry of execution
engines (:data:`jinshui_analysis.render.engines.engines`: fork, kernel, inprocess, dask, and
yours); errors: :class:`DataError`,
:class:`ParameterError`, :class:`ModelError`, :class:`RenderError`, all
:class:`JinshuiError`.

The alias modules of the first build (``jinshui_analysis.growth`` as an import *path*,
``jinshui_analysis.report``) are gone: ``import jinshui_analysis.growth`` fails, while
``from jinshui_analysis import growth`` gives :mod:`jinshui_analysis.models.growth`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jinshui_analysis.exceptions import (
    DataError,
    JinshuiError,
    ModelError,
    ParameterError,
    RenderError,
)

if TYPE_CHECKING:  # the names resolved lazily below, for type checkers and the layer test
    from jinshui_analysis import periods
    from jinshui_analysis.data import load_bundled, read_folder, read_table
    from jinshui_analysis.models import (
        accounting,
        estimate,
        forecast,
        growth,
        nowcast,
        prices,
        projects,
        scenarios,
        seasonal,
        structure,
        targets,
    )
    from jinshui_analysis.models import catchup as benchmark
    from jinshui_analysis.render.batch import render_grid
    from jinshui_analysis.render.engines import engines
    from jinshui_analysis.render.outputs import collect
    from jinshui_analysis.render.results import BatchResult, RenderResult
    from jinshui_analysis.render.single import render as render_report
    from jinshui_analysis.reports import sections

__version__ = "0.1.0"

#: public name → (module imported on first use, attribute of it or None for the module itself)
_LAZY: dict[str, tuple[str, str | None]] = {
    "periods": ("jinshui_analysis.periods", None),
    "data": ("jinshui_analysis.data", None),
    "growth": ("jinshui_analysis.models.growth", None),
    "targets": ("jinshui_analysis.models.targets", None),
    "prices": ("jinshui_analysis.models.prices", None),
    "benchmark": ("jinshui_analysis.models.catchup", None),
    "forecast": ("jinshui_analysis.models.forecast", None),
    "nowcast": ("jinshui_analysis.models.nowcast", None),
    "seasonal": ("jinshui_analysis.models.seasonal", None),
    "estimate": ("jinshui_analysis.models.estimate", None),
    "scenarios": ("jinshui_analysis.models.scenarios", None),
    "structure": ("jinshui_analysis.models.structure", None),
    "accounting": ("jinshui_analysis.models.accounting", None),
    "projects": ("jinshui_analysis.models.projects", None),
    "sections": ("jinshui_analysis.reports.sections", None),
    "read_table": ("jinshui_analysis.data", "read_table"),
    "read_folder": ("jinshui_analysis.data", "read_folder"),
    "load_bundled": ("jinshui_analysis.data", "load_bundled"),
    "render_report": ("jinshui_analysis.render.single", "render"),
    "render_grid": ("jinshui_analysis.render.batch", "render_grid"),
    "collect": ("jinshui_analysis.render.outputs", "collect"),
    "RenderResult": ("jinshui_analysis.render.results", "RenderResult"),
    "BatchResult": ("jinshui_analysis.render.results", "BatchResult"),
    "engines": ("jinshui_analysis.render.engines", "engines"),
}

__all__ = [  # the facade's names (tests/test_api.py checks each has a numpydoc docstring)
    "DataError",
    "JinshuiError",
    "ModelError",
    "ParameterError",
    "RenderError",
    "__version__",
    "periods",
    "data",
    "growth",
    "targets",
    "prices",
    "benchmark",
    "forecast",
    "nowcast",
    "seasonal",
    "estimate",
    "scenarios",
    "structure",
    "accounting",
    "projects",
    "sections",
    "read_table",
    "read_folder",
    "load_bundled",
    "render_report",
    "render_grid",
    "collect",
    "RenderResult",
    "BatchResult",
    "engines",
]


def __getattr__(name: str) -> Any:
    """Import a public name of :data:`__all__` on first use and keep it as a real attribute."""
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'jinshui_analysis' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

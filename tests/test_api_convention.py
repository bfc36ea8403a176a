"""One API convention across the models (README, "API convention"): results classes are named
``*Results``, are immutable and have a short repr; growth arguments are in percent with ``_pct``
names; the projection horizon is called ``horizon`` everywhere (old names warn)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import warnings

import numpy as np
import pandas as pd
import pytest

import jinshui_analysis.models as models_pkg
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models import accounting, catchup, forecast, growth, scenarios, targets
from jinshui_analysis.results import Results

#: every model module, those inside model packages (targets/, seasonal/ …) included
MODULES = [importlib.import_module(m.name)
           for m in pkgutil.walk_packages(models_pkg.__path__, prefix="jinshui_analysis.models.")]


def _results_classes() -> list[type]:
    out = []
    for mod in MODULES:
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, Results) and obj is not Results and obj.__module__ == mod.__name__:
                out.append(obj)
    return out


def test_results_classes_are_named_results_and_frozen():
    classes = _results_classes()
    assert len(classes) >= 12
    for cls in classes:
        assert cls.__name__.endswith("Results"), cls
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls


def _instances() -> list[Results]:
    """A small instance of (nearly) every results class, from its public function."""
    years = [str(y) for y in range(2012, 2024)]
    gdp = pd.Series(np.linspace(100, 200, len(years)) * (1 + 0.01 * np.sin(range(len(years)))),
                    index=pd.Index(years, name="period"))
    levels = pd.DataFrame({"A": [10.0, 11, 12], "B": [20.0, 21, 23]}, index=["2020", "2021", "2022"])
    levels["GDP"] = levels.sum(axis=1)
    growth_real = pd.DataFrame({"A": [np.nan, 5.0, 4.0], "B": [np.nan, 3.0, 6.0],
                                "GDP": [np.nan, 3.7, 5.3]}, index=["2020", "2021", "2022"])
    return [
        catchup.catch_up(8035.88, 1932, 6.0, 8.0, start_period=2022),
        targets.crossing(1932, 8, 2000, 2022),
        growth.contributions(levels, real_growth=growth_real, total="GDP"),
        accounting.solow_decomposition(
            pd.Series([100.0, 105, 111, 118], index=["2019", "2020", "2021", "2022"]),
            pd.Series([300.0, 320, 345, 370], index=["2019", "2020", "2021", "2022"]),
            pd.Series([50.0, 50.5, 51, 51.4], index=["2019", "2020", "2021", "2022"])),
        forecast.forecast(gdp, 2),
        scenarios.gdp_scenarios(1932.0, "2022", horizon=3),
    ]


def test_reprs_are_short():
    for res in _instances():
        text = repr(res)
        assert len(text) <= 200, (type(res).__name__, len(text), text)
        assert text.startswith(type(res).__name__ + "(")


def test_horizon_is_the_one_name_and_old_names_are_gone():
    """One name per idea: the projection length is ``horizon`` and the year-to-date weight
    ``done_share``; the first build's names (max_years, max_periods, periods, done_weight) are
    refused like any unknown keyword."""
    for fn in (catchup.catch_up, targets.crossing, growth.share_path, scenarios.gdp_scenarios):
        assert "horizon" in inspect.signature(fn).parameters, fn.__name__
    with pytest.raises(TypeError, match="max_years"):
        catchup.catch_up(200, 100, 0, 10, max_years=5)
    with pytest.raises(TypeError, match="max_periods"):
        targets.crossing(100, 1, 1000, 2022, max_periods=3)
    with pytest.raises(TypeError, match="periods"):
        scenarios.gdp_scenarios(100.0, "2022", periods=2)
    with pytest.raises(TypeError, match="done_weight"):
        targets.required_remaining_growth(6, 8, done_weight=0.5)
    assert not hasattr(targets, "done_weight") and not hasattr(targets, "CrossingResult")
    assert "done_share" in {f.name for f in dataclasses.fields(forecast.ProjectionResults)}


def test_growth_arguments_are_percent():
    """Growth, depreciation and shares are given in percent, with _pct names."""
    for fn in (catchup.catch_up, targets.crossing, targets.required_remaining_growth,
               accounting.capital_stock):
        params = inspect.signature(fn).parameters
        for name in params:
            if any(w in name for w in ("growth", "depreciation")):
                assert name.endswith("_pct") or name in ("growth_basis", "growth_years"), \
                    (fn.__name__, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ParameterError):
            catchup.catch_up(100, 50, -100, 5)  # growth ≤ −100 % is a bad argument

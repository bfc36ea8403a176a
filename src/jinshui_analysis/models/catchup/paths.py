r"""Catch-up time of a lagging level growing faster than a leading one (:func:`catch_up`) and a
grid of it over growth rates (:func:`scenario_grid`).

.. math:: t = \frac{\ln(\text{lead}/\text{lag})}{\ln\big((1+g_l)/(1+g_L)\big)}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models.targets.threshold import REL_TOL
from jinshui_analysis.periods import year_of
from jinshui_analysis.results import Results, Summary

__all__ = ["CatchUpResults", "catch_up", "scenario_grid"]

@dataclass(frozen=True)
class CatchUpResults(Results):
    """Time for a lagging region to catch up with a leading one.

    Attributes
    ----------
    years : float
        Exact (continuous) solution ``ln(lead/lag) / ln((1+g_lag)/(1+g_lead))``; 0 when the lag
        already leads; ``inf`` when it never catches up.
    periods_needed : int or None
        First whole number of periods after the start with lag ≥ lead (None if never or beyond
        ``horizon``).
    period : int or None
        ``start_period + periods_needed`` when ``start_period`` was given, else
        ``periods_needed``.
    path : DataFrame
        Index ``period``; columns ``lead``, ``lag``, ``gap`` (lead − lag) and ``ratio``
        (lag / lead), up to the catch-up period (or ``horizon``).
    lead_growth_pct, lag_growth_pct : float
    price_basis : str
    """

    years: float
    periods_needed: int | None
    period: int | None
    path: pd.DataFrame
    lead_growth_pct: float
    lag_growth_pct: float
    price_basis: str

    def to_frame(self) -> pd.DataFrame:
        """The path table."""
        return self.path

    def __repr__(self) -> str:
        years = "inf" if math.isinf(self.years) else f"{self.years:.2f}"
        return (f"CatchUpResults(years={years}, period={self.period}, "
                f"lead_growth_pct={self.lead_growth_pct:g}, lag_growth_pct={self.lag_growth_pct:g})")

    def summary(self) -> Summary:
        verdict = (
            "never catches up (lag growth ≤ lead growth)"
            if math.isinf(self.years)
            else f"years to catch up: {self.years:.2f}; first whole period: {self.period}"
        )
        return Summary(
            title="Catch-up",
            tables=[("Path", self.path.round(3))],
            notes=[
                verdict,
                f"growth: lead {self.lead_growth_pct:g} %, lag {self.lag_growth_pct:g} %",
                "t = ln(lead/lag) / ln((1+g_lag)/(1+g_lead))",
                f"price basis: {self.price_basis}",
            ],
        )


def catch_up(
    lead_value: float,
    lag_value: float,
    lead_growth_pct: float,
    lag_growth_pct: float,
    *,
    start_period: int | None = None,
    horizon: int = 200,
) -> CatchUpResults:
    r"""Years for ``lag_value`` growing at ``lag_growth_pct`` to reach ``lead_value``.

    .. math:: t = \frac{\ln(\text{lead}/\text{lag})}{\ln\big((1+g_l/100)/(1+g_L/100)\big)}

    Parameters
    ----------
    lead_value, lag_value : float
        Levels (> 0) in the same units and start year, e.g. 亿元 of 2022.
    lead_growth_pct, lag_growth_pct : float
        Constant growth rates, % per period, on the same basis (both real → the path is at the
        constant prices of the start year; both nominal → current prices).
    start_period : int, optional
        Year of the levels; the path index then counts years.
    horizon : int
        Horizon of the path and of the whole-period search (default 200).  ``years`` is the
        exact formula whatever the horizon (nearly equal rates give thousands of years; the
        whole-period search is done in logarithms, so it never overflows).

    Returns
    -------
    CatchUpResults

    Examples
    --------
    Nanshan 8035.88亿, Jinshui 1932亿 (2022); Jinshui 8 %, Nanshan 6 %:

    >>> r = catch_up(8035.88, 1932, 6, 8, start_period=2022)
    >>> round(r.years, 2), r.period
    (76.25, 2099)
    """
    lead = checks.positive(lead_value, "lead_value")
    lag = checks.positive(lag_value, "lag_value")
    g_lead = checks.growth_pct(lead_growth_pct, "lead_growth_pct")
    g_lag = checks.growth_pct(lag_growth_pct, "lag_growth_pct")
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}", parameter="horizon")
    t0 = 0 if start_period is None else year_of(start_period, "start_period")
    ratio_growth = math.log((1 + g_lag / 100) / (1 + g_lead / 100))
    if lag >= lead:
        years = 0.0
    elif ratio_growth <= 0:
        years = math.inf
    else:
        years = math.log(lead / lag) / ratio_growth
    needed: int | None = None
    # whole periods searched in logs (no overflow for nearly equal rates, where t is huge):
    # lag has caught up after k periods when ln lag + k·ln(1+g_l) ≥ ln lead + k·ln(1+g_L)
    ln_lag, ln_lead = math.log(lag), math.log(lead)
    ln_gl, ln_gL = math.log1p(g_lag / 100), math.log1p(g_lead / 100)
    tol = math.log1p(-REL_TOL)

    def caught_up(k: int) -> bool:
        return ln_lag + k * ln_gl >= ln_lead + k * ln_gL + tol

    if math.isfinite(years) and years <= horizon + 1:
        k = max(0, math.ceil(years - 1e-9))
        # guard against floating-point rounding at an exact integer
        while k > 0 and caught_up(k - 1):
            k -= 1
        while not caught_up(k) and k <= horizon:
            k += 1
        needed = k if k <= horizon and caught_up(k) else None
    last = needed if needed is not None else int(horizon)
    steps = np.arange(last + 1)
    with np.errstate(over="ignore"):  # an absurd horizon gives inf, not an error
        lead_path = lead * (1 + g_lead / 100) ** steps
        lag_path = lag * (1 + g_lag / 100) ** steps
    path = pd.DataFrame(
        {
            "lead": lead_path,
            "lag": lag_path,
            "gap": lead_path - lag_path,
            "ratio": lag_path / lead_path,
        },
        index=pd.Index(t0 + steps, name="period"),
    )
    return CatchUpResults(
        years=years,
        periods_needed=needed,
        period=None if needed is None else t0 + needed,
        path=path,
        lead_growth_pct=g_lead,
        lag_growth_pct=g_lag,
        price_basis=(
            "units and prices of the start-period levels grown at the given rates "
            "(real rates → constant start-year prices)"
        ),
    )


def scenario_grid(
    lead_value: float,
    lag_value: float,
    lag_growths: Sequence[float],
    lead_growths: Sequence[float],
) -> pd.DataFrame:
    """Years to catch up for every pair of growth rates.

    Each cell is :attr:`CatchUpResults.years` of
    ``catch_up(lead_value, lag_value, lead_growth, lag_growth)`` (``inf`` when never).

    Parameters
    ----------
    lead_value, lag_value : float
        Start levels (> 0), same units.
    lag_growths, lead_growths : sequence of float
        Growth rates to tabulate, % per year.

    Returns
    -------
    DataFrame
        Rows ``lag_growth_pct``, columns ``lead_growth_pct``, values years (float, ``inf`` = never).

    Examples
    --------
    >>> scenario_grid(200, 100, [10], [0, 10]).round(3).iloc[0].tolist()
    [7.273, inf]
    """
    lag_g = [float(checks.growth_pct(g, "lag_growths")) for g in lag_growths]
    lead_g = [float(checks.growth_pct(g, "lead_growths")) for g in lead_growths]
    if not lag_g or not lead_g:
        raise ParameterError("growth sequences must not be empty", parameter="lag_growths")
    data = [
        [catch_up(lead_value, lag_value, gL, gl, horizon=1).years for gL in lead_g]
        for gl in lag_g
    ]
    return pd.DataFrame(
        data,
        index=pd.Index(lag_g, name="lag_growth_pct"),
        columns=pd.Index(lead_g, name="lead_growth_pct"),
    )

"""Catch-up years under stated scenarios from levels on one 口径 (observed trend, ± a band,
the target path): :func:`catch_up_scenarios`, with the trend growth it measures
(:func:`trend_growth`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.models.catchup.paths import catch_up
from jinshui_analysis.periods import Period, year_of
from jinshui_analysis.results import Results, Summary

__all__ = ["CatchUpScenarioResults", "catch_up_scenarios", "trend_growth"]

def trend_growth(levels: pd.Series, *, start: str | int, end: str | int) -> float:
    r"""Observed trend growth of a level series, % a year: the CAGR between two years.

    .. math:: g = \left(\frac{x_{end}}{x_{start}}\right)^{1/(end-start)} - 1

    Both levels must be on one 口径 (the same indicator); current-price levels give nominal
    growth.
    """
    a, b = year_of(start, "start"), year_of(end, "end")
    if b <= a:
        raise ParameterError(f"end {end} must be after start {start}", parameter="end")
    idx = {year_of(k): float(v) for k, v in levels.items()}
    if a not in idx or b not in idx:
        raise DataError(f"no level for {a if a not in idx else b}", column="period")
    return ((idx[b] / idx[a]) ** (1 / (b - a)) - 1) * 100


@dataclass(frozen=True)
class CatchUpScenarioResults(Results):
    """Years for a lagging region to catch up under stated scenarios (one answer per question).

    Attributes
    ----------
    start_period : int
        Year of the start levels (latest common year up to the as-of date).
    lead_value, lag_value : float
        Start levels (亿元, current prices, one 口径).
    scenarios : DataFrame
        Index ``scenario`` (``trend``, ``target``, ``band_low``, ``band_high``); columns
        ``lead_growth_pct``, ``lag_growth_pct``, ``basis`` (real/nominal), ``years`` (inf =
        never), ``period`` (first whole year, or None).
    window : dict
        ``{"lead": (start, end), "lag": (start, end)}`` years the trends were measured over.
    band_pp : float
        Half-width of the band on the growth differential, percentage points.
    """

    start_period: int
    lead_value: float
    lag_value: float
    scenarios: pd.DataFrame
    window: dict
    band_pp: float

    @property
    def years(self) -> float:
        """Years under the trend scenario."""
        return float(self.scenarios.loc["trend", "years"])

    def to_frame(self) -> pd.DataFrame:
        return self.scenarios

    def summary(self) -> Summary:
        return Summary(title="Catch-up scenarios", tables=[("", self.scenarios)],
                       notes=[f"start {self.start_period}: lead {self.lead_value:g}, lag "
                              f"{self.lag_value:g}; trend windows {self.window}; band ±"
                              f"{self.band_pp:g} pp on the growth differential"])

    def __repr__(self) -> str:
        y = self.scenarios["years"]
        return (f"CatchUpScenarioResults(start={self.start_period}, trend_years={y['trend']:.1f}, "
                f"band=({y['band_low']:.1f}, {y['band_high']:.1f}), "
                f"target_years={y.get('target', float('nan')):.1f})")


def catch_up_scenarios(
    lead_levels: pd.Series,
    lag_levels: pd.Series,
    *,
    as_of: int | str | pd.Period | Period,
    target_growth_pct: float | None = None,
    target_basis: str = "real",
    lead_real_growth_pct: float | None = None,
    deflator_pct: float | None = None,
    band_pp: float = 1.0,
    horizon: int = 200,
    breaks: Sequence[int] = (),
) -> CatchUpScenarioResults:
    r"""Catch-up years under stated scenarios, from levels on one 口径 up to ``as_of``.

    Scenarios (each a call of :func:`catch_up` from the latest common year's levels):

    * ``trend`` — both grow at their observed nominal trend (:func:`trend_growth`) over the
      longest window: the first to the last year both have a level (≤ ``as_of``); with a single
      common year, each region's own longest window ending there.  A window never spans a
      declared series break (``breaks``: years whose levels are on a new basis, e.g. the 2019
      census revision): it starts at the latest break at or before the common year.  A region
      with fewer than two levels in that window gets no trend (and no band) scenario;
    * ``band_low`` / ``band_high`` — the trend with the lag's growth −/+ ``band_pp`` percentage
      points (how sensitive the answer is: catch-up time depends on a small difference of two
      growth rates);
    * ``target`` — the lag grows at ``target_growth_pct`` (real).  With ``deflator_pct`` it is
      turned nominal, :math:`(1+r)(1+p)-1`, against the lead's nominal trend; without, both are
      real: the lead at ``lead_real_growth_pct`` (its latest published real growth); without
      either, no target scenario.

    Levels are indexed by years: ``2022``, ``"2022"``, an annual ``pd.PeriodIndex`` or
    :class:`~jinshui_analysis.periods.Period` objects; ``as_of`` likewise (each read once with
    :func:`~jinshui_analysis.periods.year_of`).

    Raises
    ------
    DataError
        No common year up to ``as_of``, or neither a trend nor a target scenario can be given.
    """
    from jinshui_analysis.models.prices import to_nominal

    as_of = year_of(as_of, "as_of")

    def upto(s: pd.Series) -> pd.Series:
        s = s.dropna()
        s.index = [year_of(k) for k in s.index]
        return s[s.index <= as_of].sort_index()

    lead, lag = upto(lead_levels), upto(lag_levels)
    common = sorted(set(lead.index) & set(lag.index))
    if not common:
        raise DataError(f"no year up to {as_of} with levels of both regions", column="period")
    t0 = common[-1]
    # the consistent segment ending at t0: no declared break inside the window
    start = max([int(b) for b in breaks if int(b) <= t0], default=None)
    seg_lead = lead[lead.index >= start] if start is not None else lead
    seg_lag = lag[lag.index >= start] if start is not None else lag
    seg_common = sorted(set(seg_lead.index) & set(seg_lag.index))
    if len(seg_common) >= 2:
        window = {"lead": (seg_common[0], t0), "lag": (seg_common[0], t0)}
    else:
        window = {"lead": (int(seg_lead.index[0]), t0), "lag": (int(seg_lag.index[0]), t0)}
    trend_ok = all(a < b for a, b in window.values())
    rows = {}

    def add(name: str, gl: float, gg: float, basis: str) -> None:
        r = catch_up(float(lead[t0]), float(lag[t0]), gl, gg, start_period=t0, horizon=horizon)
        rows[name] = {"lead_growth_pct": gl, "lag_growth_pct": gg, "basis": basis,
                      "years": r.years, "period": r.period}

    g_lead = trend_growth(lead, start=window["lead"][0], end=t0) if window["lead"][0] < t0 \
        else None
    if trend_ok:
        g_lag = trend_growth(lag, start=window["lag"][0], end=t0)
        add("trend", g_lead, g_lag, "nominal")
        add("band_low", g_lead, g_lag - band_pp, "nominal")
        add("band_high", g_lead, g_lag + band_pp, "nominal")
    if target_growth_pct is not None:
        if deflator_pct is not None and g_lead is not None:
            add("target", g_lead, to_nominal(target_growth_pct, deflator_pct), "nominal")
        elif lead_real_growth_pct is not None:
            add("target", float(lead_real_growth_pct), float(target_growth_pct), "real")
    if not rows:
        raise DataError(f"no trend up to {t0} within one consistent window (breaks "
                        f"{sorted(int(b) for b in breaks)}) and no target scenario",
                        column="period")
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "scenario"
    return CatchUpScenarioResults(start_period=t0, lead_value=float(lead[t0]),
                                  lag_value=float(lag[t0]), scenarios=frame, window=window,
                                  band_pp=float(band_pp))

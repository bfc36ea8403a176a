r"""Threshold arithmetic: the growth needed to reach a level, and the year a growing level
first reaches it (:func:`required_growth`, :func:`crossing`, :func:`cagr`).

Units: levels in 亿元, growth in % (``_pct``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models.prices import to_nominal
from jinshui_analysis.periods import Period, year_of
from jinshui_analysis.results import Results, Summary

__all__ = ["REL_TOL", "CrossingResults", "cagr", "crossing", "required_growth"]

#: Relative tolerance used when comparing a compounded value with a threshold, so that
#: ``c * (1 + required_growth(c, t, n) / 100) ** n`` counts as reaching ``t``.
REL_TOL = 1e-12


def cagr(start: float, end: float, years: float) -> float:
    r"""Compound annual growth rate, %: :math:`((\text{end}/\text{start})^{1/\text{years}}-1)\times100`.

    Parameters
    ----------
    start, end : float
        Positive levels in the same units and price basis (the result is real if both are at
        constant prices, nominal if both are at current prices).
    years : float
        Number of years (periods) between them, > 0.

    Examples
    --------
    >>> round(cagr(100, 121, 2), 6)
    10.0
    """
    a = checks.positive(start, "start")
    b = checks.positive(end, "end")
    n = checks.positive(years, "years")
    return ((b / a) ** (1 / n) - 1) * 100

def required_growth(current: float, target: float, periods: float = 1) -> float:
    r"""Growth per period needed to go from ``current`` to ``target``, %.

    .. math:: g = \left((\text{target}/\text{current})^{1/n} - 1\right)\times 100

    The result is in the basis of the two values: nominal if ``target`` is a current-price
    figure (e.g. "两千亿"), to be converted with :func:`to_real` before comparing it with an
    official real growth target.

    Examples
    --------
    Jinshui 2022 GDP 1932亿 to 2000亿 in one year:

    >>> round(required_growth(1932, 2000), 4)  # (2000/1932 − 1) × 100
    3.5197
    """
    c = checks.positive(current, "current")
    t = checks.positive(target, "target")
    n = checks.positive(periods, "periods")
    return ((t / c) ** (1 / n) - 1) * 100


@dataclass(frozen=True, repr=False)
class CrossingResults(Results):
    """When a growing value first reaches a threshold.

    Attributes
    ----------
    period : int or None
        First period whose value ≥ threshold (``start_period`` itself if already there);
        ``None`` when not reached within the horizon.
    periods_needed : int or None
        Number of periods after ``start_period`` (``None`` when not reached).
    crossed : bool
    path : Series
        Values from ``start_period`` up to the crossing period (or the horizon), index ``period``.
    threshold : float
    horizon : int
        Number of periods examined.
    price_basis : str
        Prices of ``path`` (see :func:`crossing`).
    """

    period: int | None
    periods_needed: int | None
    crossed: bool
    path: pd.Series
    threshold: float
    horizon: int
    price_basis: str

    @property
    def message(self) -> str:
        """One-line verdict (technical English; the reports layer words it)."""
        if self.crossed:
            return f"reaches {self.threshold:g} in {self.period}"
        return f"not within horizon ({self.horizon} periods): {self.threshold:g} not reached"

    def to_frame(self) -> pd.DataFrame:
        """Path with a ``reached`` flag."""
        frame = self.path.to_frame("value")
        frame["reached"] = frame["value"] >= self.threshold * (1 - REL_TOL)
        return frame

    def summary(self) -> Summary:
        return Summary(
            title="Threshold crossing",
            tables=[("Path", self.to_frame())],
            notes=[self.message, f"price basis: {self.price_basis}"],
        )


def crossing(
    start_value: float,
    growth_pct: float | Sequence[float],
    threshold: float,
    start_period: int | str | pd.Period | Period,
    *,
    horizon: int = 100,
    growth_basis: Literal["real", "nominal"] = "real",
    deflator_pct: float | Sequence[float] | None = None,
) -> CrossingResults:
    r"""First period in which ``start_value`` compounded at ``growth_pct`` reaches ``threshold``.

    .. math:: x_{t_0+k} = x_{t_0}\prod_{j=1}^{k}(1+g_j/100),\qquad
              \text{period} = t_0 + \min\{k : x_{t_0+k} \ge \text{threshold}\}

    (compared with a relative tolerance of ``REL_TOL`` = 1e-12 so that floating-point rounding
    does not delay a crossing that is exact by construction).

    Parameters
    ----------
    start_value : float
        Level in ``start_period`` (> 0), e.g. 1932 (亿元, 2022 current prices).
    growth_pct : float or sequence of float
        Growth per period, %; a sequence gives period-by-period rates (entry *j* is the growth
        of period ``start_period + j + 1``); when it runs out before the crossing, the result is
        "not within horizon".
    threshold : float
        Level to reach (> 0), in the same units.
    start_period : int, str, pd.Period or Period
        Year (or period number) of ``start_value``: ``2022``, ``"2022"``, an annual
        ``pd.Period("2022", "Y")`` or :class:`~jinshui_analysis.periods.Period` (read once with
        :func:`~jinshui_analysis.periods.year_of`).
    horizon : int
        Horizon when ``growth_pct`` is a scalar (default 100).
    growth_basis : {"real", "nominal"}
        What ``growth_pct`` is.  Real growth applied to a current-price level gives a path at
        the constant prices of ``start_period`` — compared with a nominal threshold this is the
        conservative (no-inflation) answer; pass ``deflator_pct`` to grow at nominal rates
        :math:`(1+r)(1+p)-1`.
    deflator_pct : float or sequence, optional
        Price (deflator) growth, %, only with ``growth_basis="real"``.

    Returns
    -------
    CrossingResults

    Examples
    --------
    >>> r = crossing(1932, 8, 2000, 2022)
    >>> r.period, round(float(r.path[2023]), 2)
    (2023, 2086.56)
    """
    x0 = checks.positive(start_value, "start_value")
    thr = checks.positive(threshold, "threshold")
    t0 = year_of(start_period, "start_period")
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}",
                             parameter="horizon")
    if growth_basis not in ("real", "nominal"):
        raise ParameterError("must be 'real' or 'nominal'", parameter="growth_basis")
    if growth_basis == "nominal" and deflator_pct is not None:
        raise ParameterError(
            "growth is already nominal: do not also pass a deflator", parameter="deflator_pct"
        )
    if np.ndim(growth_pct) == 0:
        horizon = int(horizon)
        rates = [checks.growth_pct(growth_pct, "growth_pct")] * horizon  # type: ignore[arg-type]
    else:
        rates = [checks.growth_pct(g, "growth_pct") for g in growth_pct]  # type: ignore[union-attr]
        horizon = min(len(rates), int(horizon))
        rates = rates[:horizon]
    if deflator_pct is not None:
        if np.ndim(deflator_pct) == 0:
            defl = [checks.growth_pct(deflator_pct, "deflator_pct")] * horizon  # type: ignore[arg-type]
        else:
            defl = [checks.growth_pct(p, "deflator_pct") for p in deflator_pct]  # type: ignore[union-attr]
            if len(defl) < horizon:
                horizon = len(defl)
                rates = rates[:horizon]
        rates = [to_nominal(r, p) for r, p in zip(rates, defl)]
        basis = "current prices (real growth + deflator)"
    elif growth_basis == "real":
        basis = f"constant prices of {t0} (real growth, no price change)"
    else:
        basis = "current prices (nominal growth)"
    values = [x0]
    hit: int | None = 0 if x0 >= thr * (1 - REL_TOL) else None
    k = 0
    while hit is None and k < horizon:
        values.append(values[-1] * (1 + rates[k] / 100))
        k += 1
        if values[-1] >= thr * (1 - REL_TOL):
            hit = k
    path = pd.Series(values, index=pd.Index(range(t0, t0 + len(values)), name="period"),
                     name="value")
    return CrossingResults(
        period=None if hit is None else t0 + hit,
        periods_needed=hit,
        crossed=hit is not None,
        path=path,
        threshold=thr,
        horizon=horizon,
        price_basis=basis,
    )

"""Shares of a component in a total: the growth implied by a share and a contribution rate
(:func:`implied_growth`) and the share path if growth rates persist (:func:`share_path`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.periods import year_of

__all__ = ["implied_growth", "share_path"]

def implied_growth(share_pct: float, contribution_pct: float, total_growth_pct: float) -> float:
    r"""Growth of a component implied by its share and its contribution to growth, %.

    Since the contribution rate is :math:`c = \Delta_i/\Delta = s\,g_i/g` (with *s* the
    component's previous-period share of the total, at constant prices),

    .. math:: g_i = g\,\frac{c}{s}.

    Parameters
    ----------
    share_pct : float
        Previous-period share of the component in the total, % (0 < s ≤ 100 not required to be
        ≤ 100, but must be > 0).
    contribution_pct : float
        Contribution rate 贡献率, %.
    total_growth_pct : float
        Growth of the total, % (non-zero: with zero growth a contribution rate is undefined).

    Returns
    -------
    float
        Component growth, % — in the same price basis as ``total_growth_pct`` and the
        contribution (mixing a nominal contribution with real GDP growth is meaningless).

    Examples
    --------
    Digital economy 42 % of GDP contributing 46.5 % of growth with GDP growth 8 %:

    >>> round(implied_growth(42, 46.5, 8), 4)  # 8 × 46.5 / 42
    8.8571
    """
    s = checks.positive(share_pct, "share_pct")
    c = checks.finite(contribution_pct, "contribution_pct")
    g = checks.finite(total_growth_pct, "total_growth_pct")
    if g == 0:
        raise ParameterError(
            "total growth is 0: a contribution rate is undefined", parameter="total_growth_pct"
        )
    return g * c / s


def _as_path(value: float | Sequence[float], n: int, name: str) -> list[float]:
    if np.ndim(value) == 0:
        return [checks.growth_pct(value, name)] * n  # type: ignore[arg-type]
    seq = [checks.growth_pct(v, name) for v in value]  # type: ignore[union-attr]
    if len(seq) != n:
        raise ParameterError(f"sequence has {len(seq)} entries, need {n}", parameter=name)
    return seq


def share_path(
    share_pct: float,
    component_growth_pct: float | Sequence[float],
    total_growth_pct: float | Sequence[float],
    horizon: int,
    start_period: int | None = None,
) -> pd.DataFrame:
    r"""Share of a component in a total if the growth rates persist.

    .. math:: s_{t+1} = s_t\,\frac{1+g_{i,t+1}}{1+g_{t+1}}

    Parameters
    ----------
    share_pct : float
        Share at the start period, %.
    component_growth_pct, total_growth_pct : float or sequence of float
        Growth per period, % (scalar = constant; a sequence needs ``horizon`` entries).  Both in
        the same price basis (a share at current prices needs nominal rates).
    horizon : int
        Number of periods to project (≥ 1).
    start_period : int, optional
        Label of the start period; the index then runs ``start_period … start_period+horizon``,
        otherwise ``0 … horizon``.

    Returns
    -------
    DataFrame
        Index ``period``; columns ``share_pct``, ``component_growth_pct``, ``total_growth_pct``
        (growth of the period ending at the row; NaN at the start).

    Examples
    --------
    >>> share_path(42, 8.857142857, 8, 1)["share_pct"].round(3).tolist()
    [42.0, 42.333]
    """
    s = checks.positive(share_pct, "share_pct")
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}", parameter="horizon")
    n = int(horizon)
    gi = _as_path(component_growth_pct, n, "component_growth_pct")
    g = _as_path(total_growth_pct, n, "total_growth_pct")
    shares = [s]
    for a, b in zip(gi, g):
        shares.append(shares[-1] * (1 + a / 100) / (1 + b / 100))
    start = 0 if start_period is None else year_of(start_period, "start_period")
    index = pd.Index(range(start, start + n + 1), name="period")
    return pd.DataFrame(
        {
            "share_pct": shares,
            "component_growth_pct": [np.nan, *gi],
            "total_growth_pct": [np.nan, *g],
        },
        index=index,
    )

r"""The full year's real growth projected from published real year-to-date growth, with an
interval and the probability of meeting the target (:func:`year_end_growth`), and the change of
pace after a year-to-date period (:func:`pace_change`).

Units: growth in % (``_pct``), changes of pace in percentage points, shares as fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models.targets.progress import required_remaining_growth
from jinshui_analysis.results import Results, Summary

__all__ = ["YearEndGrowthResults", "pace_change", "year_end_growth"]

@dataclass(frozen=True)
class YearEndGrowthResults(Results):
    """Full-year real growth projected from published real year-to-date growth.

    Attributes
    ----------
    ytd_growth_pct : float
        Published real year-to-date growth, %.
    share : float
        *w*: last year's year-to-date level ÷ last year's annual level (fraction).
    growth_pct : float
        Projected full-year real growth, % (the rest of the year at the year-to-date pace).
    target_growth_pct : float or None
    required_rest_growth_pct : float or None
        Real growth the rest of the year needs for the target, %.
    past_changes : Series
        Past changes of pace *e* = g_rest − g_ytd (百分点), one per past year and period.
    scale : float
        Root mean square of :attr:`past_changes` (NaN with fewer than two).
    lower_80, upper_80 : float
        80% interval of the full-year growth, % (NaN with fewer than two past changes).
    prob_meet_target : float or None
        P(full-year growth ≥ target) (NaN with fewer than two past changes; None without target).
    """

    ytd_growth_pct: float
    share: float
    growth_pct: float
    target_growth_pct: float | None
    required_rest_growth_pct: float | None
    past_changes: pd.Series
    scale: float
    lower_80: float
    upper_80: float
    prob_meet_target: float | None

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity (value, unit)."""
        rows = {
            "ytd_growth_pct": (self.ytd_growth_pct, "%"),
            "share": (self.share, "fraction"),
            "growth_pct": (self.growth_pct, "%"),
            "lower_80": (self.lower_80, "%"),
            "upper_80": (self.upper_80, "%"),
            "target_growth_pct": (self.target_growth_pct, "%"),
            "required_rest_growth_pct": (self.required_rest_growth_pct, "%"),
            "prob_meet_target": (self.prob_meet_target, "fraction"),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["value", "unit"])

    def summary(self) -> Summary:
        notes = ["G = w·g_ytd + (1−w)·g_rest, g_rest = g_ytd + e; point: e = 0 (the rest of the "
                 "year at the year-to-date pace); e ~ s·t(n), s = RMS of past e (n values)",
                 "all rates real (comparable prices, 按可比价)"]
        return Summary(title="Full-year real growth",
                       tables=[("", self.to_frame()),
                               ("Past changes of pace (percentage points, 百分点)",
                                self.past_changes.to_frame("e"))],
                       notes=notes)

    def __repr__(self) -> str:
        return (f"YearEndGrowthResults(ytd={self.ytd_growth_pct:.2f}%, w={self.share:.3f}, "
                f"growth={self.growth_pct:.2f}%, n={len(self.past_changes)})")


def year_end_growth(
    ytd_growth_pct: float,
    share: float,
    *,
    target_growth_pct: float | None = None,
    past_changes: pd.Series | Sequence[float] | None = None,
) -> YearEndGrowthResults:
    r"""Project the full year's real growth from published real year-to-date growth.

    With last year's levels as weights (:func:`target_progress`):

    .. math::

        G = w\,g_{ytd} + (1-w)\,g_{rest},\qquad g_{rest} = g_{ytd} + e .

    The point projection takes :math:`e = 0` (the rest of the year grows at the year-to-date
    pace).  The uncertainty is that of the change of pace *e*: past values
    :math:`e_i = (G_i - g_{ytd,i})/(1 - w_i)` (published annual minus year-to-date real growth,
    scaled to the rest of the year) give :math:`s = \sqrt{\overline{e^2}}`, and
    :math:`e \sim s\,t_n` (no systematic change of pace assumed), so

    .. math::

        P(G \ge G^*) = 1 - F_{t_n}\!\left(\frac{g^*_{rest} - g_{ytd}}{s}\right),

    with :math:`g^*_{rest}` from :func:`required_remaining_growth`.  Fewer than two past changes:
    no interval and no probability (NaN).

    Parameters
    ----------
    ytd_growth_pct : float
        Published real year-to-date growth, %.
    share : float
        *w* in (0, 1): last year's level through the same period ÷ last year's total.
    target_growth_pct : float, optional
        Annual real target, %.
    past_changes : Series or sequence of float, optional
        Past changes of pace *e* (百分点), e.g. from :func:`pace_change`.

    Examples
    --------
    Real growth 5.4% in the first three quarters, w = 10702.7/14532.1, target 7%:

    >>> r = year_end_growth(5.4, 10702.7 / 14532.1, target_growth_pct=7)
    >>> round(r.growth_pct, 2), round(r.required_rest_growth_pct, 2)
    (5.4, 11.47)
    """
    g = checks.growth_pct(ytd_growth_pct, "ytd_growth_pct")
    w = float(share)
    if not (0 < w < 1):
        raise ParameterError(f"must be in (0, 1), got {share!r}", parameter="share")
    e = pd.Series(dtype=float) if past_changes is None else pd.Series(past_changes, dtype=float)
    e = e[np.isfinite(e.to_numpy())]
    n = len(e)
    scale = float(np.sqrt(np.mean(e.to_numpy() ** 2))) if n >= 2 else float("nan")
    lo = hi = float("nan")
    if n >= 2:
        from scipy import stats

        q = float(stats.t.ppf(0.9, n))
        lo, hi = g - (1 - w) * q * scale, g + (1 - w) * q * scale
    rest = prob = None
    if target_growth_pct is not None:
        target = checks.growth_pct(target_growth_pct, "target_growth_pct")
        rest = required_remaining_growth(g, target, w)
        if n >= 2 and scale > 0:
            from scipy import stats

            prob = float(stats.t.sf((rest - g) / scale, n))
        elif n >= 2:
            prob = float(g >= target)
        else:
            prob = float("nan")
    return YearEndGrowthResults(ytd_growth_pct=g, share=w, growth_pct=g,
                                target_growth_pct=None if target_growth_pct is None
                                else float(target_growth_pct),
                                required_rest_growth_pct=rest, past_changes=e, scale=scale,
                                lower_80=lo, upper_80=hi, prob_meet_target=prob)


def pace_change(annual_growth_pct: float, ytd_growth_pct: float, share: float) -> float:
    r"""The change of pace after a year-to-date period, 百分点:
    :math:`e = (G - g_{ytd})/(1-w) = g_{rest} - g_{ytd}` (published annual and year-to-date
    real growth, *w* the weight of the year-to-date period).

    >>> round(pace_change(5.7, 5.5, 0.7365), 2)
    0.76
    """
    w = float(share)
    if not (0 < w < 1):
        raise ParameterError(f"must be in (0, 1), got {share!r}", parameter="share")
    return (float(annual_growth_pct) - float(ytd_growth_pct)) / (1 - w)

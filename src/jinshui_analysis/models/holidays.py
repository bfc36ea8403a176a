r"""Chinese moving holidays as monthly regressors: 春节 (Spring Festival), 端午, 中秋.

The festival dates come from the Chinese lunisolar calendar (:mod:`lunardate`): 春节 is the
first day of the first lunar month, 端午 the 5th of the 5th, 中秋 the 15th of the 8th.  春节
falls between 21 January and 20 February, so it moves activity between January, February and
March from year to year.

Regressor (as X-13ARIMA-SEATS' ``genhol`` builds it).  For a holiday window of ``before`` days
before the festival day and ``after`` days from the festival day on (the festival day counts in
the *after* part), the raw value of month *m* in year *y* is the share of the window's days
that fall in that month:

.. math:: p_{y,m} = \frac{\#\{d \in W_y : d \in m\}}{\text{before} + \text{after}},

and the regressor is centred by calendar month (``center=calendar`` in genhol): the mean of
:math:`p_{\cdot,m}` over the years of the centring span is subtracted, so that the holiday
component has no level of its own and is not confused with the seasonal component,

.. math:: h_{y,m} = p_{y,m} - \overline{p}_{\cdot,m}.

Default windows: NBS's spokesman 毛盛勇 (国新办 press conference, 2019-03-14, reported by
《每日经济新闻》 https://m.nbd.com.cn/articles/2019-03-14/1310004.html): "春节前大概4至5天，
春节后大概15至20天都会对人们的生产生活行为带来一定影响" — so 春节 defaults to 5 days before
and 15 after (:data:`WINDOWS`); NBS's NBS-SA also models 端午 and 中秋 (same source family:
国家统计局, 季度GDP核算说明, "包括春节、端午、中秋等移动假日因素"), whose short windows here
(3 days before, 1 after) are this module's assumption.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ParameterError

__all__ = [
    "HOLIDAYS",
    "WINDOWS",
    "Window",
    "festival_date",
    "holiday_regressor",
    "window_shares",
]

#: holiday code → (lunar month, lunar day): 春节, 端午, 中秋 (named in the reports layer,
#: :func:`jinshui_analysis.reports.phrases.holiday_name`)
HOLIDAYS: dict[str, tuple[int, int]] = {
    "spring_festival": (1, 1),
    "dragon_boat": (5, 5),
    "mid_autumn": (8, 15),
}

#: lunardate covers these Gregorian years
_FIRST_YEAR, _LAST_YEAR = 1901, 2099


@dataclass(frozen=True)
class Window:
    """A holiday's window: ``before`` days before the festival day, ``after`` days from it on."""

    holiday: str
    before: int
    after: int

    def __post_init__(self) -> None:
        if self.holiday not in HOLIDAYS:
            raise ParameterError(f"unknown holiday {self.holiday!r}; known: {sorted(HOLIDAYS)}",
                                 parameter="holidays")
        for name in ("before", "after"):
            v = getattr(self, name)
            if not isinstance(v, int | np.integer) or isinstance(v, bool) or not 0 <= v <= 40:
                raise ParameterError(f"{name} must be a whole number of days 0–40, got {v!r}",
                                     parameter="holidays")
        if self.before + self.after == 0:
            raise ParameterError("a holiday window needs at least one day", parameter="holidays")

    @property
    def code(self) -> str:
        """Short regressor name for X-13 specs (letters and digits only), e.g. ``sf5_15``."""
        short = {"spring_festival": "sf", "dragon_boat": "db", "mid_autumn": "ma"}[self.holiday]
        return f"{short}{self.before}_{self.after}"


#: Default windows (see the module docstring for the NBS wording behind the 春节 window).
WINDOWS: dict[str, Window] = {
    "spring_festival": Window("spring_festival", 5, 15),
    "dragon_boat": Window("dragon_boat", 3, 1),
    "mid_autumn": Window("mid_autumn", 3, 1),
}


@lru_cache(maxsize=512)
def festival_date(holiday: str, year: int) -> _dt.date:
    """Gregorian date of ``holiday`` in Gregorian ``year`` (春节 2024 → 2024-02-10).

    >>> festival_date("spring_festival", 2023), festival_date("spring_festival", 2025)
    (datetime.date(2023, 1, 22), datetime.date(2025, 1, 29))
    """
    from lunardate import LunarDate

    if holiday not in HOLIDAYS:
        raise ParameterError(f"unknown holiday {holiday!r}; known: {sorted(HOLIDAYS)}",
                             parameter="holidays")
    if not _FIRST_YEAR <= int(year) <= _LAST_YEAR - 1:
        raise ParameterError(f"festival dates are known for {_FIRST_YEAR}–{_LAST_YEAR - 1}, "
                             f"got {year}", parameter="series")
    lm, ld = HOLIDAYS[holiday]
    lunar = LunarDate(int(year), lm, ld)
    convert = getattr(lunar, "to_solar_date", None) or lunar.toSolarDate
    return convert()


def window_shares(window: Window, years: range | list[int]) -> pd.DataFrame:
    """Uncentred shares :math:`p_{y,m}` of the window's days in each month (rows: years,
    columns: months 1–12; each row sums to 1)."""
    n = window.before + window.after
    out = pd.DataFrame(0.0, index=pd.Index(list(years), name="year"),
                       columns=pd.Index(range(1, 13), name="month"))
    for y in out.index:
        day0 = festival_date(window.holiday, y)
        for k in range(-window.before, window.after):
            d = day0 + _dt.timedelta(days=k)
            if d.year == y:  # a window spilling into the previous/next year stays there
                out.loc[y, d.month] += 1.0 / n
    return out


def holiday_regressor(window: Window, index: pd.PeriodIndex,
                      center_years: range | list[int] | None = None) -> pd.Series:
    r"""The centred regressor :math:`h_{y,m}` on a monthly ``index``.

    Parameters
    ----------
    window : Window
    index : pd.PeriodIndex (freq "M")
        Months to return (may extend beyond the data, for forecasts).
    center_years : years over which the calendar-month means are taken (default: the years of
        ``index``).  Centring over a fixed span keeps the regressor of a given month unchanged
        when the series grows.
    """
    years = sorted({p.year for p in index})
    cy = sorted(center_years) if center_years is not None else years
    allyears = sorted(set(years) | set(cy))
    shares = window_shares(window, allyears)
    means = shares.loc[cy].mean(axis=0)
    vals = [shares.loc[p.year, p.month] - means[p.month] for p in index]
    return pd.Series(vals, index=index, name=window.code, dtype=float)

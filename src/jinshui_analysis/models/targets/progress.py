r"""Year-to-date progress against an annual target: the share of the year elapsed
(:func:`done_share`), the growth still needed in the rest of the year
(:func:`required_remaining_growth`) and both on the real basis of the target
(:func:`target_progress`).

Units: levels in 亿元, growth in % (``_pct``), shares as fractions (``share``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ModelError, ParameterError, PeriodError
from jinshui_analysis.models.prices import Deflator, deflator_from, to_real
from jinshui_analysis.periods import Period, is_explicit_single, pandas_freq, parse_period
from jinshui_analysis.results import Results, Summary

__all__ = ["QUALIFIERS", "TargetProgressResults", "done_share", "required_remaining_growth",
           "target_progress"]

#: The qualifiers a published growth target carries (a 口径 value, kept as data): none, "以上"
#: (a floor: the arithmetic uses the bound itself), "左右" (about), "力争" (striven for).  The
#: reports layer words them (:func:`jinshui_analysis.reports.phrases.target_phrase`).
QUALIFIERS = ("", "以上", "左右", "力争")


def required_remaining_growth(
    ytd_growth_pct: float, target_growth_pct: float, done_share: float | None = None,
) -> float:
    r"""Growth needed in the rest of the year to meet an annual target, %.

    With *w* the share of the elapsed part of the year in last year's total (last year's
    year-to-date value ÷ last year's annual total, see :func:`done_share`):

    .. math:: 1+G = w(1+g_{ytd}) + (1-w)(1+g_{rest})
              \;\Rightarrow\; g_{rest} = \frac{(1+G) - w(1+g_{ytd})}{1-w} - 1.

    All three rates must be on the same basis (all real, as official targets are).

    Parameters
    ----------
    ytd_growth_pct : float
        Year-to-date growth (累计增速), %.
    target_growth_pct : float
        Annual target, %.
    done_share : float
        *w*, a fraction strictly between 0 and 1.

    Examples
    --------
    Half the year done (w = 0.5) at 6 %, target 8 %: 1.08 = 0.5·1.06 + 0.5·(1+g) → g = 10 %.

    >>> round(required_remaining_growth(6, 8, 0.5), 10)
    10.0
    """
    g_ytd = checks.growth_pct(ytd_growth_pct, "ytd_growth_pct")
    target = checks.growth_pct(target_growth_pct, "target_growth_pct")
    if done_share is None:
        raise ParameterError("is required (share of last year's total already elapsed)",
                             parameter="done_share")
    w = checks.finite(done_share, "done_share")
    if not 0 < w < 1:
        raise ParameterError(
            f"must lie strictly between 0 and 1, got {done_share!r}", parameter="done_share"
        )
    return (((1 + target / 100) - w * (1 + g_ytd / 100)) / (1 - w) - 1) * 100


_BARE_QUARTER = re.compile(r"(?:Q[1-4]|H1|Q1-Q[1-4])", re.IGNORECASE)
_BARE_MONTH = re.compile(r"\d{1,2}")
_NO_YEAR = 2000  # dummy year for labels without one (only the month is used)


def _ytd_month(label: object, what: str, *, strict: bool) -> tuple[int | None, int]:
    """(year or None, last month) of a year-to-date period label, via :func:`parse_period`.

    A year (``"2022"``, ``"2022年"``) is the whole year (month 12).  Year-to-date labels
    (``"2022年上半年"``, ``"2022Q1-Q3"``, ``"2022年1-5月"``, ``"2022-01~2022-05"``) and canonical
    codes (``"2022Q2"``, ``"2022-05"``, read as year-to-date through that quarter/month) are
    accepted; a range not starting in January is rejected, and with ``strict`` so are Chinese
    labels that explicitly name one quarter or month (``"2022年二季度"``, ``"2022年5月"``).
    Labels without a year (``"Q2"``, ``"H1"``, ``"06"``, ``"上半年"``) give ``year=None``.
    A ``pd.Period`` is read as its code is: year-to-date through its last month.
    """
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool) and 1 <= label <= 12:
        return None, int(label)
    if isinstance(label, pd.Period):
        pandas_freq(label)  # a year, quarter or month
        return label.year, label.end_time.month
    text = label.strip() if isinstance(label, str) else label
    has_year = True
    if isinstance(text, str) and _BARE_QUARTER.fullmatch(text):
        text, has_year = f"{_NO_YEAR}{text.upper()}", False
    elif isinstance(text, str) and _BARE_MONTH.fullmatch(text):
        text, has_year = f"{_NO_YEAR}-{text}", False
    try:
        p = parse_period(text)
    except PeriodError:
        try:  # a label without a year ("上半年", "1-6月")?
            p = parse_period(text, year=_NO_YEAR)
            has_year = False
        except PeriodError as exc:
            raise PeriodError(
                f"{what}: {exc.args[0] if exc.args else exc} (year-to-date labels such as "
                "'2022Q2', '2022年上半年', '2022年1-6月', '2022-01~2022-06', '2022')",
                text=label,
            ) from None
    year = p.year if has_year else None
    if p.freq == "Y":
        return year, 12
    single_code = not p.cumulative and p.n_months == (3 if p.freq == "Q" else 1)
    if p.first_month != 1 and not single_code:
        raise PeriodError(
            f"{what}: {label!r} covers months {p.first_month}–{p.last_month}; year-to-date "
            "(累计) values start in January",
            text=label,
        )
    if strict and is_explicit_single(p):
        raise PeriodError(
            f"{what}: {label!r} names a single quarter/month (当季/当月 value); cumulative values "
            "are labelled 上半年 / 前三季度 / 1-5月 or by codes such as '2022Q2', '2022-05'",
            text=label,
        )
    return year, p.last_month


def done_share(last_year_cumulative: pd.Series, through: str | int | pd.Period | Period) -> float:
    r"""Weight of the elapsed part of the year, from last year's cumulative values.

    .. math:: w = \frac{Y^{\,last}_{ytd}(\text{through})}{Y^{\,last}_{annual}}

    Parameters
    ----------
    last_year_cumulative : Series
        Last year's cumulative (累计, year-to-date) levels, indexed by any label
        :func:`jinshui_analysis.periods.parse_period` reads: quarterly ``"2022Q1"…"2022Q4"``,
        ``"2022H1"``, ``"2022Q1-Q3"``, ``"2022年上半年"``, ``"2022年前三季度"``; monthly
        ``"2022-02"…"2022-12"``, ``"2022-01~2022-06"``, ``"2022年1-6月"``; the annual total as
        ``"2022"`` / ``"2022年"`` (= cumulative through month 12).  Canonical codes
        (``"2022Q2"``, ``"2022-05"``) are read as year-to-date through that quarter/month; a
        range not starting in January (``"2022-04~2022-06"``) and Chinese labels naming a single
        quarter or month (``"2022年二季度"``, ``"2022年5月"``) raise :class:`PeriodError`.
        Must contain the full year (Q4, month 12 or the year).  A ``pd.PeriodIndex`` is read
        like the codes (``Period("2022Q2")`` = year-to-date through June).
    through : str, int, pd.Period or Period
        End of the elapsed part: a label of last year (``"2022Q2"``), of this year
        (``"2023Q2"``, ``"2023年上半年"``, ``pd.Period("2023Q2")``; only the quarter/month is
        used) or just ``"Q2"`` / ``"H1"`` / ``"06"`` / ``6`` (month number).

    Returns
    -------
    float
        *w* (a fraction, not a percentage).

    Raises
    ------
    PeriodError
        Unreadable labels, ranges not starting in January, single-quarter/month labels, two
        different values for the same month.
    ModelError
        Several years, no annual total, values decreasing over the year, no value through
        ``through``.

    Examples
    --------
    >>> s = pd.Series([20.0, 45, 70, 100], index=["2022Q1", "2022Q2", "2022Q3", "2022Q4"])
    >>> done_share(s, "2023Q2")
    0.45
    """
    if not isinstance(last_year_cumulative, pd.Series):
        raise ParameterError("must be a pandas Series of cumulative levels",
                             parameter="last_year_cumulative")
    try:
        values = last_year_cumulative.astype(float)
    except (TypeError, ValueError):
        raise ParameterError("must hold numbers", parameter="last_year_cumulative") from None
    by_month: dict[int, float] = {}
    years: set[int] = set()
    for label, value in values.items():
        year, month = _ytd_month(label, "last_year_cumulative", strict=True)
        if year is not None:
            years.add(year)
        if month in by_month and not (
            by_month[month] == value
            or math.isclose(by_month[month], value, rel_tol=1e-9)
        ):
            raise PeriodError(
                f"last_year_cumulative: two different values ({by_month[month]:g}, {value:g}) "
                f"for the year-to-date through month {month}",
                text=label,
            )
        by_month[month] = float(value)
    if len(years) > 1:
        raise ModelError(f"last_year_cumulative spans several years {sorted(years)}; pass one year")
    if 12 not in by_month or pd.isna(by_month[12]):
        raise ModelError(
            "last_year_cumulative lacks the annual total (year / Q4 / month 12 cumulative value)"
        )
    months = sorted(by_month)
    seq = [by_month[m] for m in months]
    if any(b < a for a, b in zip(seq, seq[1:])):
        raise ModelError(
            "last_year_cumulative decreases over the year: it must hold cumulative (累计) values, "
            "not single-quarter (当季) or single-month values"
        )
    _, month = _ytd_month(through, "through", strict=False)
    if month not in by_month or pd.isna(by_month[month]):
        raise ModelError(
            f"last_year_cumulative has no cumulative value through month {month} "
            f"(periods available end in months {months})"
        )
    annual = by_month[12]
    if annual <= 0:
        raise ModelError("last year's annual total must be > 0")
    return by_month[month] / annual


@dataclass(frozen=True)
class TargetProgressResults(Results):
    """Year-to-date progress against an annual (real) growth target.

    Attributes
    ----------
    target_growth_pct : float
        Annual target, % (real, 按可比价).
    share : float
        *w*: last year's year-to-date level ÷ last year's annual level (fraction).
    ytd_growth_pct : float
        Real year-to-date growth used, %.
    ytd_origin : {"published", "deflated"}
        ``published`` real growth, or nominal growth of the levels turned real with
        :attr:`deflator`.
    ytd_nominal_growth_pct : float or None
        Nominal growth of the year-to-date levels, % (None without this year's level).
    deflator : Deflator or None
        Deflator used (``deflated``) or implied by the published real and nominal growth
        (``published`` with levels).
    required_rest_growth_pct : float
        Real growth needed in the rest of the year, %.
    """

    target_growth_pct: float
    share: float
    ytd_growth_pct: float
    ytd_origin: str
    ytd_nominal_growth_pct: float | None
    deflator: Deflator | None
    required_rest_growth_pct: float

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity (value, unit)."""
        rows = {
            "target_growth_pct": (self.target_growth_pct, "%"),
            "share": (self.share, "fraction"),
            "ytd_growth_pct": (self.ytd_growth_pct, "%"),
            "ytd_nominal_growth_pct": (self.ytd_nominal_growth_pct, "%"),
            "deflator_pct": (None if self.deflator is None else self.deflator.pct, "%"),
            "required_rest_growth_pct": (self.required_rest_growth_pct, "%"),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["value", "unit"])

    def summary(self) -> Summary:
        notes = ["1+G = w(1+g_ytd) + (1−w)(1+g_rest); all rates real (comparable prices, 按可比价)",
                 f"year-to-date (累计) growth: {self.ytd_origin}"]
        if self.deflator is not None:
            d = self.deflator
            notes.append(f"deflator growth {d.pct:.2f}% ({d.origin}"
                         + (f", {d.region} {d.period}" if d.period else "") + ")")
        return Summary(title="Progress against the target",
                       tables=[("", self.to_frame())], notes=notes)

    def __repr__(self) -> str:
        return (f"TargetProgressResults(target={self.target_growth_pct:g}%, share={self.share:.3f}, "
                f"ytd={self.ytd_growth_pct:.2f}% ({self.ytd_origin}), "
                f"rest={self.required_rest_growth_pct:.2f}%)")


def target_progress(
    last_year_ytd: float,
    last_year_annual: float,
    *,
    target_growth_pct: float,
    ytd_level: float | None = None,
    ytd_real_growth_pct: float | None = None,
    deflator: Deflator | float | None = None,
) -> TargetProgressResults:
    r"""Real year-to-date growth and the real growth still needed to meet an annual target.

    .. math::

        w = \frac{Y^{last}_{ytd}}{Y^{last}_{annual}},\qquad
        1+G = w(1+g_{ytd}) + (1-w)(1+g_{rest})
        \;\Rightarrow\; g_{rest} = \frac{(1+G) - w(1+g_{ytd})}{1-w} - 1,

    with :math:`g_{ytd}` the **published real** year-to-date growth where available, else
    :math:`g_{ytd} = (1+n)/(1+p) - 1` from the nominal growth of the levels
    :math:`n = Y_{ytd}/Y^{last}_{ytd} - 1` and an explicit deflator *p*.  Weights are last year's
    current-price levels (the official aggregation of growth over sub-periods weights by the
    previous year's values).

    Parameters
    ----------
    last_year_ytd, last_year_annual : float
        Last year's year-to-date level (same months) and annual level, 亿元 (> 0).
    target_growth_pct : float
        Annual target, % (real).
    ytd_level : float, optional
        This year's year-to-date level (current prices).
    ytd_real_growth_pct : float, optional
        Published real year-to-date growth, % (preferred).
    deflator : Deflator or float, optional
        Deflator growth (%), used only when no published real growth is given; a float is an
        assumption (``Deflator(pct, "assumed")``).

    Raises
    ------
    ParameterError
        Neither a published real growth nor (a level and) a deflator: the real growth cannot be
        known, and 0 is not assumed silently.

    Examples
    --------
    2022H1 480, 2022 1000, 2023H1 528, published real H1 growth 5.0 %, target 8 %:

    >>> r = target_progress(480, 1000, target_growth_pct=8, ytd_level=528, ytd_real_growth_pct=5)
    >>> round(r.required_rest_growth_pct, 2)  # ((1.08 − 0.48×1.05)/0.52 − 1) × 100
    10.77
    """
    a = checks.positive(last_year_ytd, "last_year_ytd")
    b = checks.positive(last_year_annual, "last_year_annual")
    if a >= b:
        raise ParameterError(f"last year's year-to-date level {a:g} is not below its annual "
                             f"level {b:g}", parameter="last_year_ytd")
    target = checks.growth_pct(target_growth_pct, "target_growth_pct")
    w = a / b
    nominal = None
    if ytd_level is not None:
        nominal = (checks.positive(ytd_level, "ytd_level") / a - 1) * 100
    defl: Deflator | None
    if ytd_real_growth_pct is not None:
        g = checks.growth_pct(ytd_real_growth_pct, "ytd_real_growth_pct")
        origin = "published"
        defl = None if nominal is None else Deflator(deflator_from(nominal, g), "derived")
    else:
        if deflator is None:
            raise ParameterError(
                "no published real year-to-date growth and no deflator: real growth cannot be "
                "computed from current-price levels (pass deflator_pct)", parameter="deflator")
        if nominal is None:
            raise ParameterError("needs this year's year-to-date level to deflate",
                                 parameter="ytd_level")
        defl = deflator if isinstance(deflator, Deflator) else Deflator(float(deflator), "assumed")
        g = to_real(nominal, defl.pct)
        origin = "deflated"
    rest = required_remaining_growth(g, target, w)
    return TargetProgressResults(target_growth_pct=target, share=w, ytd_growth_pct=g,
                                 ytd_origin=origin, ytd_nominal_growth_pct=nominal,
                                 deflator=defl, required_rest_growth_pct=rest)

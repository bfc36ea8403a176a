"""季节调整后环比: seasonally adjusted month-on-month growth of the monthly level indicators.

For each monthly indicator published as a level (亿元), the single-month (当月) levels are taken
from the region's data — published 当月 rows, else derived from 累计 rows within a year (1-2月 as
one total held in February) — and, where at least three years of months are held, adjusted by
:func:`jinshui_analysis.models.seasonal.adjust` (X-13ARIMA-SEATS with the 春节 regressor).  Where
fewer are held the section says so in one sentence instead of showing a number it cannot back.
"""

from __future__ import annotations

import math
import warnings

import pandas as pd

from jinshui_analysis.models.seasonal import SeasonalFallbackWarning, SeasonalResults, adjust
from jinshui_analysis.periods import codes_info
from jinshui_analysis.reports import phrases, plots
from jinshui_analysis.reports.inputs import DEMO, MONTHLY_INDICATORS, ReportData
from jinshui_analysis.reports.section import Section, indexed
from jinshui_analysis.reports.text import msg, pick
from jinshui_analysis.reports.values import month_values, monthly_with_years, ytd_values

__all__ = ["monthly_levels", "seasonal_adjustment"]

_MIN_MONTHS = 36


def monthly_levels(rd: ReportData, indicator: str) -> tuple[pd.Series, bool, bool]:
    """当月 levels of ``indicator`` up to the report month on a monthly PeriodIndex.

    Returns ``(levels, combined, synthetic)``: ``combined`` when Januaries are missing and
    Februaries hold the 1-2月 total (the ``jan_feb="combined"`` input of
    :func:`~jinshui_analysis.models.seasonal.adjust`); ``synthetic`` when any value is demo
    data.  Gaps are left as NaN; the caller keeps the last run of consecutive months.
    """
    own = monthly_with_years(rd, [indicator])
    single = month_values(own, rd.region, indicator, "level")
    ytd = ytd_values(own, rd.region, indicator, "level")
    vals: dict[pd.Period, float] = {}
    syn = False
    if len(ytd):
        info = codes_info(ytd.index)
        ytd = ytd[(info["freq"] == "M").to_numpy()]
        by = {pd.Period(m, freq="M"): (float(v), bool(sy))
              for m, v, sy in zip(ytd.index, ytd["value"], ytd["synthetic"])}
        for p, (v, sy) in by.items():
            if p.month == 1:
                continue
            prev = p - 1
            if p.month == 2:
                jan = by.get(prev)
                if jan is not None:
                    vals[p], vals[prev] = v - jan[0], jan[0]
                else:
                    vals[p] = v  # the 1-2月 total, held in February
            elif prev in by:
                vals[p] = v - by[prev][0]
            else:
                continue
            syn = syn or sy
    for m, v, sy in zip(single.index, single["value"], single["synthetic"]):
        p = pd.Period(m, freq="M")
        vals[p] = float(v)  # a published 当月 figure wins over a derived one
        syn = syn or bool(sy)
    end = pd.Period(rd.period.period, freq="M")
    vals = {p: v for p, v in vals.items() if p <= end}
    if not vals:
        return pd.Series(dtype=float), False, False
    idx = pd.period_range(min(vals), max(vals), freq="M")
    s = pd.Series([vals.get(p, math.nan) for p in idx], index=idx, dtype=float, name=indicator)
    # the last run in which only Januaries may be missing
    bad = [p for p in idx if pd.isna(s[p]) and p.month != 1]
    if bad:
        s = s[s.index > max(bad)]
    while len(s) and pd.isna(s.iloc[0]):
        s = s.iloc[1:]
    jans = s.index[s.index.month == 1]
    combined = bool(len(jans)) and bool(s[jans].isna().all())
    if not combined and s.isna().any():  # some Januaries held, some not: start after the last gap
        last_gap = s.index[s.isna()].max()
        s = s[s.index > last_gap]
    return s, combined, syn


def seasonal_adjustment(rd: ReportData, language: str = "zh") -> Section:
    """季节调整后环比: for each monthly level indicator with at least 36 months of 当月 levels,
    the latest seasonally adjusted month-on-month growth (%) and a chart of adjusted against
    raw levels; otherwise one sentence saying why it is not shown."""
    sec = Section(msg("seasonal.title", language), language)
    rows = []
    short: list[str] = []
    figures = []
    results: list[tuple[str, SeasonalResults, bool, bool]] = []
    for ind, (en, measure) in MONTHLY_INDICATORS.items():
        if measure != "level":
            continue
        name = pick(language, zh=ind, en=en)
        s, combined, syn = monthly_levels(rd, ind)
        held = int(s.notna().sum() + (s.isna().sum() if combined else 0))
        if held < _MIN_MONTHS:
            short.append(name)
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SeasonalFallbackWarning)
            res = adjust(s, jan_feb="combined" if combined else None)
        if caught:
            sec.notes.append(msg("seasonal.x13_failed", language, name=name,
                                 reason=res.fallback_reason))
        results.append((name, res, combined, syn))
    for name, res, combined, syn in results:
        last = res.adjusted.index[-1]
        mom = float(res.mom_pct.iloc[-1])
        d = res.diagnostics
        rows.append((name, float(res.series.iloc[-1]), float(res.adjusted.iloc[-1]), mom,
                     res.method, d.get("M7", math.nan), d.get("Q", math.nan)))
        sec.record(f"seasonal_mom_pct_{name}", round(mom, 2), "%",
                   msg("seasonal.record_mom", language, name=name, month=last),
                   synthetic=syn, headline=False)
        window = phrases.holiday_window(res.windows[0], language) if res.windows else ""
        recent = pd.DataFrame({
            msg("seasonal.raw", language): res.series,
            msg("seasonal.adjusted", language): res.adjusted,
        }).tail(24)
        fig = plots.line(recent, title=msg("seasonal.chart_title", language, region=rd.region,
                                           name=name),
                         ylabel=msg("seasonal.unit", language), synthetic=syn, marker="")
        ax = fig.axes[0]
        for text in list(ax.texts):  # 24 months: no value labels on every point
            text.remove()
        labels = [str(p) for p in recent.index]
        ax.set_xticks(range(0, len(labels), 6), labels[::6])  # every sixth month labelled
        figures.append(fig)
        sec.synthetic = sec.synthetic or syn
        cond = msg("seasonal.by_x13" if res.method == "x13" else "seasonal.by_stl", language,
                   window=window)
        sec.notes.append(msg("seasonal.result", language, name=name, cond=cond, month=last,
                             mom=mom, m7=d.get("M7", math.nan), q=d.get("Q", math.nan)))
        if combined:
            sec.notes.append(msg("seasonal.jan_feb", language, name=name,
                                 rule=phrases.jan_feb_rule(language)))
    if rows:
        columns = [msg("seasonal.col_indicator", language), msg("seasonal.col_raw", language),
                   msg("seasonal.col_adjusted", language), msg("seasonal.col_mom", language),
                   msg("seasonal.col_method", language), "M7", "Q"]
        sec.tables.append(("", indexed(pd.DataFrame(rows, columns=columns))))
        sec.figures.extend(figures)
        sec.notes.append(msg("seasonal.what_mom", language))
    if short:
        sep = pick(language, zh="、", en=", ")
        if rows:
            sec.notes.append(msg("seasonal.too_short_some", language, names=sep.join(short)))
        else:  # one sentence under the monthly indicators, without a heading of its own
            sec.title = ""
            sec.notes.append(msg("seasonal.too_short_all", language, region=rd.region))
    if sec.synthetic:
        sec.notes.append(msg("seasonal.demo", language) + f" — {DEMO}")
    return sec

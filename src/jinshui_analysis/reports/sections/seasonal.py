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
from jinshui_analysis.reports.section import Section, indexed, tr
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
    sec = Section(tr("季节调整后环比", "Seasonally adjusted month-on-month growth", language),
                  language)
    rows = []
    short: list[str] = []
    figures = []
    results: list[tuple[str, SeasonalResults, bool, bool]] = []
    for ind, (en, measure) in MONTHLY_INDICATORS.items():
        if measure != "level":
            continue
        name = ind if language == "zh" else en
        s, combined, syn = monthly_levels(rd, ind)
        held = int(s.notna().sum() + (s.isna().sum() if combined else 0))
        if held < _MIN_MONTHS:
            short.append(name)
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SeasonalFallbackWarning)
            res = adjust(s, jan_feb="combined" if combined else None)
        if caught:
            sec.notes.append(tr(f"{name}：X-13ARIMA-SEATS未能运行（{res.fallback_reason}），改用"
                                "STL分解加春节回归（stl+ols）。",
                                f"{name}: X-13ARIMA-SEATS could not run ({res.fallback_reason}); "
                                "STL with an OLS Spring Festival regression (stl+ols) was used.",
                                language))
        results.append((name, res, combined, syn))
    for name, res, combined, syn in results:
        last = res.adjusted.index[-1]
        mom = float(res.mom_pct.iloc[-1])
        d = res.diagnostics
        rows.append((name, float(res.series.iloc[-1]), float(res.adjusted.iloc[-1]), mom,
                     res.method, d.get("M7", math.nan), d.get("Q", math.nan)))
        sec.record(f"seasonal_mom_pct_{name}", round(mom, 2), "%",
                   tr(f"{name}{last.month}月环比（季节调整后）",
                      f"{name}, m/m growth {last} (seasonally adjusted)", language),
                   synthetic=syn, headline=False)
        window = phrases.holiday_window(res.windows[0], language) if res.windows else ""
        recent = pd.DataFrame({
            tr("当月值", "raw", language): res.series,
            tr("季节调整后", "seasonally adjusted", language): res.adjusted,
        }).tail(24)
        fig = plots.line(recent, title=tr(f"{rd.region} {name}：季节调整后与原值（亿元）",
                                          f"{rd.region}: {name}, adjusted vs raw (100 mn yuan)",
                                          language),
                         ylabel=tr("亿元", "100 mn yuan", language), synthetic=syn, marker="")
        ax = fig.axes[0]
        for text in list(ax.texts):  # 24 months: no value labels on every point
            text.remove()
        labels = [str(p) for p in recent.index]
        ax.set_xticks(range(0, len(labels), 6), labels[::6])  # every sixth month labelled
        figures.append(fig)
        sec.synthetic = sec.synthetic or syn
        cond = tr(f"按X-13ARIMA-SEATS模型（对数、自动ARIMA），春节效应窗口为{window}",
                  f"under the X-13ARIMA-SEATS model (log, automatic ARIMA) with the Spring "
                  f"Festival window {window}", language) if res.method == "x13" else \
            tr(f"按STL分解加春节回归（X-13未能运行），春节效应窗口为{window}",
               f"under STL with a Spring Festival regression (X-13 could not run), window "
               f"{window}", language)
        sec.notes.append(tr(
            f"{name}：{cond}，{last.year}年{last.month}月季节调整后环比为{mom:.2f}%；"
            f"诊断统计量M7为{d.get('M7', math.nan):.2f}、Q为{d.get('Q', math.nan):.2f}"
            "（均小于1为可接受）。",
            f"{name}: {cond}, seasonally adjusted m/m growth in {last} is {mom:.2f}%; "
            f"M7 {d.get('M7', math.nan):.2f}, Q {d.get('Q', math.nan):.2f} (below 1 is "
            "acceptable).", language))
        if combined:
            rule = phrases.jan_feb_rule(language)
            sec.notes.append(tr(f"{name}的1月、2月合并发布：{rule}。",
                                f"{name} publishes January and February together: {rule}.",
                                language))
    if rows:
        columns = [tr("指标", "indicator", language), tr("当月值（亿元）", "raw (100 mn yuan)", language),
                   tr("季节调整后（亿元）", "adjusted (100 mn yuan)", language),
                   tr("环比（季节调整后，%）", "m/m, seasonally adjusted (%)", language),
                   tr("方法", "method", language), "M7", "Q"]
        sec.tables.append(("", indexed(pd.DataFrame(rows, columns=columns))))
        sec.figures.extend(figures)
        sec.notes.append(tr("环比为季节调整后当月水平比上月的增长（名义，现价），已剔除季节因素和"
                            "春节移动假日效应；当月值为已公布的当月数或由累计数相减得到。",
                            "Month-on-month growth of the seasonally adjusted level (nominal, "
                            "current prices), with seasonal and Spring Festival effects removed; "
                            "monthly values are published single-month figures or differences "
                            "of year-to-date figures.", language))
    if short:
        sep = "、" if language == "zh" else ", "
        if rows:
            sec.notes.append(tr(f"{sep.join(short)}的当月数据不足三年，不作季节调整。",
                                f"{sep.join(short)}: fewer than three years of monthly "
                                "figures, so no seasonal adjustment.", language))
        else:  # one sentence under the monthly indicators, without a heading of its own
            sec.title = ""
            sec.notes.append(tr(
                f"{rd.region}当月数据不足三年（36个月），不列示季节调整后的环比。",
                f"The data for {rd.region} hold fewer than three years of monthly figures "
                "(seasonal adjustment needs at least 36 months), so this report shows no "
                "seasonally adjusted month-on-month growth.", language))
    if sec.synthetic:
        sec.notes.append(tr("季节调整所用当月数含示例数据。",
                            "The monthly figures adjusted include synthetic data.", language)
                         + f" — {DEMO}")
    return sec

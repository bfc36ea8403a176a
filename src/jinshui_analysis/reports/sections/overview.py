"""The annual review's GDP overview and trend forecast."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.models import targets
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    GDP,
    ReportData,
    source_of,
)
from jinshui_analysis.reports.section import Section
from jinshui_analysis.reports.sections.common import (
    MIN_GROWTH_OBS,
    UNOFFICIAL_MARK,
    gdp_outlook,
    grade_of,
    marked,
    target_goal,
    unofficial_footnote,
)
from jinshui_analysis.reports.sections.target import (
    report_deflator,
    threshold_crossing,
)
from jinshui_analysis.reports.text import msg


def annual_overview(rd: ReportData, language: str = "zh", target_growth: float = 8.0,
                    threshold: float | None = 2000.0, *, deflator_pct: float | None = None) -> Section:
    """Published annual GDP levels and real growth of the region, with the threshold year.

    The threshold year is the target section's answer
    (:func:`~jinshui_analysis.reports.sections.target.threshold_crossing`): the current-price
    path from the last published level at the real target plus a deflator (derived from
    published real and nominal growth, else ``deflator_pct``), or at constant prices when there
    is none — the basis is said in the note.
    """
    sec = Section(msg("overview.title", language), language)
    lv = bundled.series(rd.region, GDP, data=rd.real)
    lv = lv[lv.index.astype(int) <= rd.year]
    gr = bundled.series(rd.region, GDP, measure="yoy_pct", data=rd.real)
    if lv.empty:
        sec.notes.append(msg("overview.no_gdp", language))
        return sec
    srcs = [source_of(rd, rd.region, y) for y in lv.index]
    g_srcs = [source_of(rd, rd.region, y, measure="yoy_pct") for y in lv.index]
    col_lv = msg("overview.col_gdp", language)
    col_g = msg("overview.col_real_growth", language)
    table = pd.DataFrame({  # "1378.80*": resting only on a secondary source
        col_lv: [marked(v, grade_of(rd, s), col_lv, language) for v, s in zip(lv, srcs)],
        col_g: [marked(v, grade_of(rd, s), col_g, language)
                for v, s in zip(gr.reindex(lv.index), g_srcs)],
        msg("overview.col_source", language): srcs}, index=lv.index)
    sec.tables.append(("", table))
    if any(str(v).endswith(UNOFFICIAL_MARK) for v in table.iloc[:, :2].to_numpy().ravel()):
        sec.notes.append(unofficial_footnote(language))
    sec.figures.append(plots.line(lv, title=msg("overview.chart_gdp", language, region=rd.region),
                                  ylabel="亿元",
                                  source=msg("overview.chart_source", language)))
    last = lv.index[-1]
    sec.record("gdp_latest", float(lv.iloc[-1]), "亿元", msg("overview.gdp_of_year", language,
                                                           year=last),
               source_of(rd, rd.region, last))
    # the average growth is measured within one consistent window: from the latest declared
    # break (data/breaks.csv: census revisions, basis changes) at or before the last year
    brk = [b for b in bundled.breaks(rd.region, GDP) if b <= int(last)]
    seg = lv[lv.index.astype(int) >= brk[-1]] if brk else lv
    if len(seg) >= 2:
        first = seg.index[0]
        c = targets.cagr(float(seg.iloc[0]), float(seg.iloc[-1]), int(last) - int(first))
        sec.record("gdp_cagr_nominal", c, "%", msg("overview.cagr_label", language, first=first,
                                                   last=last))
        sec.notes.append(msg("overview.cagr", language, first=first, last=last, c=c))
    elif len(lv) >= 2:
        sec.notes.append(msg("overview.no_cagr_across_break", language, break_year=brk[-1],
                             n=len(seg)))
    if threshold is None:
        return sec
    if float(lv.iloc[-1]) < threshold and target_growth is None:
        return sec  # no target: no path to the threshold
    if float(lv.iloc[-1]) >= threshold:
        sec.notes.append(msg("overview.above_threshold", language, year=last, threshold=threshold))
        return sec
    defl = report_deflator(rd, deflator_pct)
    goal = target_goal(rd, target_growth, language, year=int(last) + 1)[0]
    cross, assume = threshold_crossing(float(lv.iloc[-1]), int(last), target_growth, threshold,
                                       defl, language)
    basis = (msg("overview.basis_nominal", language) if defl is not None
             else msg("overview.basis_constant", language, year=last))
    if cross.period is None:
        sec.notes.append(msg("overview.threshold_not_reached", language,
                             target_growth=target_growth, goal=goal, assume=assume,
                             horizon=cross.horizon, threshold=threshold))
        return sec
    sec.record("threshold_year", cross.period, "年",
               msg("overview.threshold_year_label", language, target_growth=target_growth,
                   threshold=threshold), source_of(rd, rd.region, last))
    lvl = float(cross.path.iloc[-1])
    sec.notes.append(msg("overview.threshold_reached", language, target_growth=target_growth,
                         goal=goal, assume=assume, year=cross.period, level=lvl, basis=basis,
                         threshold=threshold))
    return sec


def forecast_section(rd: ReportData, language: str = "zh", horizon: int = 3,
                     region: str | None = None) -> Section:
    """Forecast of annual GDP on growth (:func:`forecast.growth_forecast` via
    :func:`~jinshui_analysis.reports.sections.common.gdp_outlook`, the one forecast every report
    uses), with the backtest coverage of its intervals."""
    region = region or rd.region
    sec = Section(msg("overview.forecast_title", language), language)
    res, lv = gdp_outlook(rd, region, horizon)
    if res is None:
        sec.notes.append(msg("overview.too_few_growth_obs", language, region=region,
                             min_obs=MIN_GROWTH_OBS))
        return sec
    fc = res.forecast
    nxt = fc.index[0]
    sec.record("forecast_next", float(fc["median"].iloc[0]), "亿元",
               msg("overview.forecast_label", language, year=nxt))
    first, last = lv.index[0], lv.index[-1]
    if res.no_change:
        how = msg("overview.forecast_no_change", language, first=first, last=last)
    else:
        how = msg("overview.forecast_trend", language, first=first, last=last,
                  growth_pct=res.growth_pct, n_growth=res.n_growth)
    sec.notes.append(how + msg("overview.forecast_value", language, year=nxt,
                               median=float(fc['median'].iloc[0])))
    if len(res.backtest):
        sec.notes.append(msg("overview.backtest", language, n=len(res.backtest),
                             cover80=res.coverage_80 * 100, cover95=res.coverage_95 * 100))
    else:
        sec.notes.append(msg("overview.no_backtest", language))
    table = fc.round(1).rename(columns={"median": msg("overview.col_median", language),
                                        "lower_80": msg("overview.col_lower_80", language),
                                        "upper_80": msg("overview.col_upper_80", language),
                                        "lower_95": msg("overview.col_lower_95", language),
                                        "upper_95": msg("overview.col_upper_95", language)})
    sec.tables.append((msg("overview.forecast_table", language), table))
    fan = fc.rename(columns={"median": "mean"})
    sec.figures.append(plots.fan_chart(
        fan, history=lv, title=msg("overview.forecast_chart", language, region=region)))
    return sec

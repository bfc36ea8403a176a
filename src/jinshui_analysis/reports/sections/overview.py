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
from jinshui_analysis.reports.section import Section, tr
from jinshui_analysis.reports.sections.common import (
    MIN_GROWTH_OBS,
    UNOFFICIAL_FOOTNOTE,
    UNOFFICIAL_MARK,
    gdp_outlook,
    grade_of,
    marked,
    target_goal,
)
from jinshui_analysis.reports.sections.target import (
    report_deflator,
    threshold_crossing,
)


def annual_overview(rd: ReportData, language: str = "zh", target_growth: float = 8.0,
                    threshold: float | None = 2000.0, *, deflator_pct: float | None = None) -> Section:
    """Published annual GDP levels and real growth of the region, with the threshold year.

    The threshold year is the target section's answer
    (:func:`~jinshui_analysis.reports.sections.target.threshold_crossing`): the current-price
    path from the last published level at the real target plus a deflator (derived from
    published real and nominal growth, else ``deflator_pct``), or at constant prices when there
    is none — the basis is said in the note.
    """
    sec = Section(tr("地区生产总值", "Gross domestic product", language), language)
    lv = bundled.series(rd.region, GDP, data=rd.real)
    lv = lv[lv.index.astype(int) <= rd.year]
    gr = bundled.series(rd.region, GDP, measure="yoy_pct", data=rd.real)
    if lv.empty:
        sec.notes.append(tr("没有年度地区生产总值数据。", "No annual GDP in the data.", language))
        return sec
    srcs = [source_of(rd, rd.region, y) for y in lv.index]
    g_srcs = [source_of(rd, rd.region, y, measure="yoy_pct") for y in lv.index]
    col_lv, col_g = tr("地区生产总值（亿元）", "GDP (亿元)", language), tr("实际增速（%）", "real growth (%)", language)
    table = pd.DataFrame({  # "1378.80*": resting only on a secondary source
        col_lv: [marked(v, grade_of(rd, s), col_lv, language) for v, s in zip(lv, srcs)],
        col_g: [marked(v, grade_of(rd, s), col_g, language)
                for v, s in zip(gr.reindex(lv.index), g_srcs)],
        tr("来源", "source", language): srcs}, index=lv.index)
    sec.tables.append(("", table))
    if any(str(v).endswith(UNOFFICIAL_MARK) for v in table.iloc[:, :2].to_numpy().ravel()):
        sec.notes.append(tr(*UNOFFICIAL_FOOTNOTE, language))
    sec.figures.append(plots.line(lv, title=tr(f"{rd.region} 地区生产总值（亿元）", f"{rd.region}: GDP (亿元)", language),
                                  ylabel="亿元",
                                  source=tr("已公布数据，来源见上表", "published figures; sources in the table above", language)))
    last = lv.index[-1]
    sec.record("gdp_latest", float(lv.iloc[-1]), "亿元", tr(f"{last}年地区生产总值", f"GDP {last}", language),
               source_of(rd, rd.region, last))
    # the average growth is measured within one consistent window: from the latest declared
    # break (data/breaks.csv: census revisions, basis changes) at or before the last year
    brk = [b for b in bundled.breaks(rd.region, GDP) if b <= int(last)]
    seg = lv[lv.index.astype(int) >= brk[-1]] if brk else lv
    if len(seg) >= 2:
        first = seg.index[0]
        c = targets.cagr(float(seg.iloc[0]), float(seg.iloc[-1]), int(last) - int(first))
        sec.record("gdp_cagr_nominal", c, "%", tr(f"{first}—{last}年名义年均增速", f"nominal CAGR {first}–{last}", language))
        sec.notes.append(tr(f"{first}—{last}年名义年均增长{c:.2f}%（现价，窗口内无口径断点）。",
                            f"Nominal CAGR {first}–{last}: {c:.2f}% (current prices; no series break "
                            "within the window).", language))
    elif len(lv) >= 2:
        sec.notes.append(tr(f"{brk[-1]}年口径断点（经济普查修订等）之后只有{len(seg)}个年度总量，"
                            "不跨断点计算名义年均增速。",
                            f"Only {len(seg)} annual level(s) since the {brk[-1]} series break "
                            "(census revision or basis change): no average growth is measured "
                            "across it.", language))
    if threshold is None:
        return sec
    if float(lv.iloc[-1]) < threshold and target_growth is None:
        return sec  # no target: no path to the threshold
    if float(lv.iloc[-1]) >= threshold:
        sec.notes.append(tr(f"{last}年地区生产总值已超过{threshold:g}亿元（现价）。",
                            f"GDP {last} is already above {threshold:g}亿元 (current prices).",
                            language))
        return sec
    defl = report_deflator(rd, deflator_pct)
    goal = target_goal(rd, target_growth, language, year=int(last) + 1)[0]
    cross, assume = threshold_crossing(float(lv.iloc[-1]), int(last), target_growth, threshold,
                                       defl, language)
    basis = tr("名义，现价" if defl is not None else f"按{last}年价格",
               "nominal" if defl is not None else f"at {last} prices", language)
    if cross.period is None:
        sec.notes.append(tr(
            f"若实际增长{target_growth:g}%（目标为实际增速，即{goal}）、{assume}，{cross.horizon}年内达不到"
            f"{threshold:g}亿元（现价门槛）。",
            f"At {target_growth:g}% real growth (target: {goal}) and {assume}, GDP does not "
            f"reach {threshold:g}亿元 (current prices) within {cross.horizon} years.", language))
        return sec
    sec.record("threshold_year", cross.period, "年",
               tr(f"按实际增长{target_growth:g}%突破{threshold:g}亿元（现价）的年份",
                  f"year GDP passes {threshold:g}亿元 (current prices) at {target_growth:g}% "
                  "real growth", language), source_of(rd, rd.region, last))
    lvl = float(cross.path.iloc[-1])
    sec.notes.append(tr(
        f"若实际增长{target_growth:g}%（目标为实际增速，即{goal}）、{assume}，{cross.period}年地区生产"
        f"总值约{lvl:,.2f}亿元（{basis}），突破{threshold:g}亿元（现价门槛）。",
        f"At {target_growth:g}% real growth (target: {goal}) and {assume}, GDP is about "
        f"{lvl:,.2f}亿元 in {cross.period} ({basis}), passing {threshold:g}亿元 (current prices).",
        language))
    return sec


def forecast_section(rd: ReportData, language: str = "zh", horizon: int = 3,
                     region: str | None = None) -> Section:
    """Forecast of annual GDP on growth (:func:`forecast.growth_forecast` via
    :func:`~jinshui_analysis.reports.sections.common.gdp_outlook`, the one forecast every report
    uses), with the backtest coverage of its intervals."""
    region = region or rd.region
    sec = Section(tr("趋势预测", "Forecast", language), language)
    res, lv = gdp_outlook(rd, region, horizon)
    if res is None:
        sec.notes.append(tr(
            f"{region}同一口径下可比的年度增长观测不足{MIN_GROWTH_OBS}个（不跨越普查修订等口径断点），"
            "不作趋势预测。",
            f"{region} has fewer than {MIN_GROWTH_OBS} annual growth observations on one consistent "
            "basis (none across census revisions or other breaks): no trend forecast.", language))
        return sec
    fc = res.forecast
    nxt = fc.index[0]
    sec.record("forecast_next", float(fc["median"].iloc[0]), "亿元",
               tr(f"{nxt}年地区生产总值预测（中位数，现价）", f"GDP forecast {nxt} (median, current prices)",
                  language))
    first, last = lv.index[0], lv.index[-1]
    if res.no_change:
        how = tr(f"{first}—{last}年名义增速与0无显著差异，按不变（沿用{last}年水平）预测",
                 f"nominal growth {first}–{last} is not distinguishable from 0: no change assumed",
                 language)
    else:
        how = tr(f"按{first}—{last}年名义年均增长{res.growth_pct:.2f}%（对数增长率平均，{res.n_growth}个观测，"
                 "现价，未声明口径断点）外推",
                 f"extrapolating the {first}–{last} mean nominal growth of {res.growth_pct:.2f}% "
                 f"(log differences, {res.n_growth} observations, current prices, no declared break)",
                 language)
    sec.notes.append(how + tr(f"：{nxt}年约{float(fc['median'].iloc[0]):,.1f}亿元（现价）。",
                              f": {nxt} about {float(fc['median'].iloc[0]):,.1f}亿元 (current prices).",
                              language))
    if len(res.backtest):
        sec.notes.append(tr(f"回测（{len(res.backtest)}个滚动起点）：80%区间覆盖率{res.coverage_80 * 100:.0f}%，"
                            f"95%区间覆盖率{res.coverage_95 * 100:.0f}%。",
                            f"Backtest ({len(res.backtest)} rolling origins): 80% band coverage "
                            f"{res.coverage_80 * 100:.0f}%, 95% {res.coverage_95 * 100:.0f}%.", language))
    else:
        sec.notes.append(tr("增长率观测太少，无法回测区间覆盖率，区间仅供参考。",
                            "Too few growth observations to backtest the bands: indicative only.",
                            language))
    table = fc.round(1).rename(columns={"median": tr("中位数", "median", language),
                                        "lower_80": tr("80%下限", "lower 80%", language),
                                        "upper_80": tr("80%上限", "upper 80%", language),
                                        "lower_95": tr("95%下限", "lower 95%", language),
                                        "upper_95": tr("95%上限", "upper 95%", language)})
    sec.tables.append((tr("地区生产总值预测（亿元，现价）", "GDP forecast (亿元, current prices)", language), table))
    fan = fc.rename(columns={"median": "mean"})
    sec.figures.append(plots.fan_chart(fan, history=lv, title=tr(f"{region} 地区生产总值预测（亿元，现价）",
                                                                 f"{region}: GDP forecast (亿元, current prices)",
                                                                 language)))
    return sec

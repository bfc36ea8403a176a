"""The annual review's GDP overview and trend forecast."""

from __future__ import annotations

import warnings

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.exceptions import JinshuiWarning
from jinshui_analysis.models import forecast as forecast_model
from jinshui_analysis.models import growth
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    GDP,
    ReportData,
    source_of,
)
from jinshui_analysis.reports.section import Section, tr


def annual_overview(rd: ReportData, language: str = "zh", target_growth: float = 8.0,
                    threshold: float = 2000.0) -> Section:
    """Published annual GDP levels and real growth of the region, with the threshold year."""
    sec = Section(tr("地区生产总值", "Gross domestic product", language), language)
    lv = bundled.series(rd.region, GDP, data=rd.real)
    lv = lv[lv.index.astype(int) <= rd.year]
    gr = bundled.series(rd.region, GDP, measure="yoy_pct", data=rd.real)
    if lv.empty:
        sec.notes.append(tr("没有年度地区生产总值数据。", "No annual GDP in the data.", language))
        return sec
    table = pd.DataFrame({tr("地区生产总值（亿元）", "GDP (亿元)", language): lv,
                          tr("实际增速（%）", "real growth (%)", language): gr.reindex(lv.index),
                          tr("来源", "source", language): [source_of(rd, rd.region, y) for y in lv.index]})
    sec.tables.append(("", table))
    sec.figures.append(plots.line(lv, title=tr(f"{rd.region} 地区生产总值（亿元）", f"{rd.region}: GDP (亿元)", language),
                                  ylabel="亿元", source="bundled data (see table)"))
    last = lv.index[-1]
    sec.record("gdp_latest", float(lv.iloc[-1]), "亿元", tr(f"{last}年地区生产总值", f"GDP {last}", language),
               source_of(rd, rd.region, last))
    if len(lv) >= 2:
        first = lv.index[0]
        c = growth.cagr(float(lv.iloc[0]), float(lv.iloc[-1]), int(last) - int(first))
        sec.record("gdp_cagr_nominal", c, "%", tr(f"{first}—{last}年名义年均增速", f"nominal CAGR {first}–{last}", language))
        sec.notes.append(tr(f"{first}—{last}年名义年均增长{c:.2f}%（现价，可能跨统计口径，见来源）。",
                            f"Nominal CAGR {first}–{last}: {c:.2f}% (current prices; bases may differ, see sources).",
                            language))
    cross = growth.crossing(float(lv.iloc[-1]), target_growth, threshold, int(last))
    sec.record("threshold_year", cross.period, "年",
               tr(f"按{target_growth}%增长突破{threshold:g}亿元的年份", f"year GDP passes {threshold:g}", language))
    return sec


def forecast_section(rd: ReportData, language: str = "zh", horizon: int = 3,
                     region: str | None = None) -> Section:
    """Backtested forecasts of the annual GDP series (:func:`forecast.forecast`)."""
    region = region or rd.region
    sec = Section(tr("趋势预测", "Forecast", language), language)
    lv = bundled.series(region, GDP, data=rd.real)
    lv = lv[lv.index.astype(int) <= rd.year]
    if len(lv) < 3:
        sec.notes.append(tr(f"{region}年度数据不足3个，无法预测。", f"Fewer than 3 annual points for {region}.", language))
        return sec
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JinshuiWarning)
        res = forecast_model.forecast(lv, horizon)
    fallbacks = sorted({str(w.message) for w in caught if issubclass(w.category, JinshuiWarning)})
    if fallbacks:
        sec.notes.append(tr("数据较短，部分模型回退：", "Short series, model fall-backs: ", language)
                         + "; ".join(fallbacks))
    sec.tables.append((tr("回测精度（滚动起点）", "Backtest accuracy (rolling origin)", language), res.accuracy.round(3)))
    sec.tables.append((tr(f"预测（{res.chosen}）", f"Forecast ({res.chosen})", language), res.forecast.round(1)))
    sec.figures.append(plots.fan_chart(res, title=tr(f"{region} 地区生产总值预测（亿元）",
                                                     f"{region}: GDP forecast (亿元)", language)))
    nxt = res.forecast.index[0]
    sec.record("forecast_next", float(res.forecast["median"].iloc[0]), "亿元",
               tr(f"{nxt}年预测值（中位数）", f"forecast {nxt} (median)", language))
    if int(res.accuracy["n_forecasts"].max()) == 0:
        sec.notes.append(tr("数据太少、无法回测：采用朴素模型（沿用最近值），区间仅供参考。",
                            "Too few points to backtest: the naive model (last value) is used; "
                            "intervals are indicative only.", language))
    else:
        sec.notes.append(tr(f"选定模型：{res.chosen}（回测MASE最低；不优于朴素模型时选朴素模型）。",
                            f"Chosen model: {res.chosen} (lowest backtest MASE; naive unless beaten).",
                            language))
    return sec

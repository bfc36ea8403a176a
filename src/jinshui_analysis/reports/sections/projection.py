"""全年预测: year-end projection and the probability of meeting the target."""

from __future__ import annotations

import warnings

import pandas as pd

from jinshui_analysis.exceptions import JinshuiWarning
from jinshui_analysis.models import forecast as forecast_model
from jinshui_analysis.models.prices import to_nominal
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr
from jinshui_analysis.reports.sections.target import report_deflator, ytd_figures


def projection(rd: ReportData, target_growth: float = 8.0, language: str = "zh", *,
               deflator_pct: float | None = None) -> Section:
    """Year-end projection and the probability of meeting the (real) target.

    :func:`forecast.year_end_projection` on the current-price YTD levels; projected growth is
    made real with the report's deflator (:func:`~jinshui_analysis.reports.sections.target.
    report_deflator`: derived from published real and nominal YTD growth where the data have
    both, else the parameter ``deflator_pct``), so the probability compares real with real.
    Without a deflator, or with a single past year (no spread), the probability is not
    estimated and the report says so.
    """
    sec = Section(tr("全年预测与目标达成概率", "Year-end projection", language), language)
    q = rd.quarterly[rd.quarterly["measure"] == "level"]
    cur = q[q["period"].str.startswith(str(rd.year))]
    hist = q[~q["period"].str.startswith(str(rd.year))]
    if cur.empty or hist.empty:
        sec.notes.append(tr("缺少本年或往年季度数据，无法预测。",
                            "No quarterly data for this or past years: no projection.", language))
        return sec
    syn = "quarterly" in rd.synthetic
    sec.synthetic = syn
    if cur["period"].str.endswith("Q4").any():
        level = float(cur.loc[cur["period"].str.endswith("Q4"), "value"].iloc[0])
        sec.notes.append(tr(f"全年数据已有：{level:,.2f}亿元（现价），无需预测。",
                            f"The full year is already in the data: {level:,.2f}亿元 (current "
                            "prices); nothing to project.", language)
                         + (f" — {DEMO}" if syn else ""))
        return sec
    defl = report_deflator(rd, deflator_pct)
    figs = ytd_figures(rd, target_growth, defl)
    published_real = None
    if figs is not None and figs["published"] is not None:
        published_real = float(figs["published"]["value"])
    ytd = pd.Series(cur["value"].to_numpy(float), index=pd.Index(cur["period"].to_list(), name="period"))
    history = pd.Series(hist["value"].to_numpy(float), index=pd.Index(hist["period"].to_list(), name="period"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JinshuiWarning)  # stated in the notes below
        res = forecast_model.year_end_projection(
            ytd, history, target_growth_pct=target_growth,
            deflator_pct=None if defl is None else defl.pct, ytd_growth_pct=published_real)
    proj = res.projection
    level = float(proj.loc["level", "point"])
    g = float(proj.loc["growth_pct", "point"])
    real = res.growth_basis == "comparable"
    glabel = tr("实际增速" if real else "名义增速", "real growth" if real else "nominal growth",
                language)
    sec.record("projected_gdp", level, "亿元",
               tr("全年地区生产总值预测（现价）", "projected annual GDP (current prices)", language),
               synthetic=syn)
    sec.record("projected_growth" if real else "projected_growth_nominal", g, "%",
               tr(f"全年{glabel}预测", f"projected {glabel}", language), synthetic=syn)
    n_years = len(res.shares)
    text = tr(f"按往年（{n_years}年）同期累计占全年比重推算，全年地区生产总值约{level:,.1f}亿元（现价），"
              f"{glabel}{g:.2f}%",
              f"From past years' ({n_years}) YTD shares of the annual total: about {level:,.1f}亿元 "
              f"(current prices), {glabel} {g:.2f}%", language)
    if defl is not None:
        text += tr(f"（{defl.describe(language)}）", f" ({defl.describe(language)})", language)
    prob = res.prob_meet_target
    if prob is not None and prob == prob:
        sec.record("target_probability", float(prob) * 100, "%",
                   tr(f"完成实际增长{target_growth:g}%目标的概率", "probability of meeting the "
                      f"{target_growth:g}% real target", language), synthetic=syn)
        text += tr(f"；完成实际增长{target_growth:g}%目标的概率约{float(prob) * 100:.0f}%。",
                   f"; probability of meeting the {target_growth:g}% real target: about "
                   f"{float(prob) * 100:.0f}%.", language)
    elif not real:
        text += tr(f"。未给出平减指数，名义增速不能与实际增长{target_growth:g}%的目标比较，"
                   "不估计达标概率。",
                   f". No deflator: nominal growth cannot be compared with the "
                   f"{target_growth:g}% real target, so no probability is estimated.", language)
    else:
        text += tr("。往年同期数据只有一年，无法估计波动，达标概率无法估计。",
                   ". Only one past year with the same-period share: the spread, and so the "
                   "probability of meeting the target, cannot be estimated.", language)
    sec.notes.append(text)
    sec.tables.append((tr("全年预测（点估计与区间；增速为" + glabel + "）",
                          f"Year-end projection (point and intervals; growth is {glabel})", language),
                       proj.rename(index={"level": tr("地区生产总值（亿元，现价）", "GDP (亿元, current prices)", language),
                                          "growth_pct": tr(f"{glabel}（%）", f"{glabel} (%)", language)},
                                   columns={"point": tr("点估计", "point", language),
                                            "median": tr("中位数", "median", language),
                                            "lower_95": tr("95%下限", "lower 95%", language),
                                            "lower_80": tr("80%下限", "lower 80%", language),
                                            "upper_80": tr("80%上限", "upper 80%", language),
                                            "upper_95": tr("95%上限", "upper 95%", language)})
                       .rename_axis(index=None, columns=None).round(2)))
    annual = history[history.index.str.endswith("Q4")]
    annual.index = annual.index.str[:4]
    fan = pd.DataFrame({"mean": [level]} | {c: [float(proj.loc["level", c])] for c in
                                            ["lower_80", "upper_80", "lower_95", "upper_95"]},
                       index=pd.Index([str(rd.year)], name="period"))
    target_level = None
    if len(annual) and defl is not None:
        target_level = float(annual.iloc[-1]) * (1 + to_nominal(target_growth, defl.pct) / 100)
    sec.figures.append(plots.fan_chart(fan, history=annual, target=target_level, synthetic=syn,
                                       title=tr(f"{rd.region} 全年地区生产总值预测（亿元，现价）",
                                                f"{rd.region}: projected annual GDP (亿元, current prices)",
                                                language)))
    if syn:
        sec.notes.append(tr("季度数据除已公布的季度外为示例数据",
                            "Quarterly data are synthetic except the published quarters",
                            language) + f" — {DEMO}")
    return sec

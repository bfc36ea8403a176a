"""全年预测: year-end projection and the probability of meeting the target."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.models import forecast as forecast_model
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr


def projection(rd: ReportData, target_growth: float = 8.0, language: str = "zh", *,
               deflator_pct: float = 0.0) -> Section:
    """Year-end projection and the probability of meeting the target (forecast module).

    :func:`forecast.year_end_projection` on current-price YTD levels; the real target is compared
    with nominal growth through ``deflator_pct`` (an explicit assumption, printed).
    """
    sec = Section(tr("全年预测与目标达成概率", "Year-end projection", language), language)
    q = rd.quarterly[rd.quarterly["measure"] == "level"]
    cur = q[q["period"].str.startswith(str(rd.year))]
    hist = q[~q["period"].str.startswith(str(rd.year))]
    if cur.empty or hist.empty:
        sec.notes.append(tr("缺少本年或往年季度数据，无法预测。",
                            "No quarterly data for this or past years: no projection.", language))
        return sec
    if cur["period"].str.endswith("Q4").any():
        level = float(cur.loc[cur["period"].str.endswith("Q4"), "value"].iloc[0])
        sec.notes.append(tr(f"全年数据已有：{level:,.2f}亿元，无需预测。",
                            f"The full year is already in the data: {level:,.2f}亿元; nothing to project.",
                            language) + (f" — {DEMO}" if "quarterly" in rd.synthetic else ""))
        sec.synthetic = "quarterly" in rd.synthetic
        return sec
    ytd = pd.Series(cur["value"].to_numpy(float), index=pd.Index(cur["period"].to_list(), name="period"))
    history = pd.Series(hist["value"].to_numpy(float), index=pd.Index(hist["period"].to_list(), name="period"))
    res = forecast_model.year_end_projection(ytd, history, target_growth_pct=target_growth,
                                       deflator_pct=deflator_pct)
    syn = "quarterly" in rd.synthetic
    sec.synthetic = syn
    proj = res.projection
    level = float(proj.loc["level", "point"])
    g = float(proj.loc["growth_pct", "point"])
    sec.record("projected_gdp", level, "亿元", tr("全年地区生产总值预测", "projected annual GDP", language),
               synthetic=syn)
    sec.record("projected_growth", g, "%", tr("全年增速预测", "projected growth", language), synthetic=syn)
    if res.prob_meet_target is not None:
        sec.record("target_probability", float(res.prob_meet_target) * 100, "%",
                   tr("完成目标的概率", "probability of meeting the target", language), synthetic=syn)
        sec.notes.append(tr(
            f"按往年同期累计占全年比重推算，全年约{level:,.1f}亿元（增长{g:.2f}%），"
            f"完成{target_growth}%目标的概率约{float(res.prob_meet_target) * 100:.0f}%。",
            f"From past years' YTD shares of the annual total: about {level:,.1f}亿元 ({g:.2f}%); "
            f"probability of meeting {target_growth}%: about {float(res.prob_meet_target) * 100:.0f}%.",
            language))
    sec.notes.extend(str(n) for n in res.notes)
    sec.tables.append((tr("全年预测（点估计与区间）", "Year-end projection (point and intervals)", language),
                       proj.rename(index={"level": tr("地区生产总值（亿元）", "GDP (亿元)", language),
                                          "growth_pct": tr("增速（%）", "growth (%)", language)},
                                   columns={"point": tr("点估计", "point", language),
                                            "median": tr("中位数", "median", language)})
                       .rename_axis(index=None, columns=None).round(2)))
    annual = history[history.index.str.endswith("Q4")]
    annual.index = annual.index.str[:4]
    fan = pd.DataFrame({"mean": [level]} | {c: [float(proj.loc["level", c])] for c in
                                            ["lower_80", "upper_80", "lower_95", "upper_95"]},
                       index=pd.Index([str(rd.year)], name="period"))
    target_level = float(annual.iloc[-1]) * (1 + target_growth / 100) if len(annual) else None
    sec.figures.append(plots.fan_chart(fan, history=annual, target=target_level, synthetic=syn,
                                       title=tr(f"{rd.region} 全年地区生产总值预测（亿元）",
                                                f"{rd.region}: projected annual GDP (亿元)", language)))
    if syn:
        sec.notes.append(DEMO)
    return sec

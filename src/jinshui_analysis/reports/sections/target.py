"""年度目标进度: YTD GDP against the target path and the growth still needed."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.models import growth
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
    source_of,
)
from jinshui_analysis.reports.section import Section, fmt, tr
from jinshui_analysis.reports.sections.common import annual_before


def target(rd: ReportData, target_growth: float = 8.0, threshold: float = 2000.0,
           language: str = "zh", *, deflator_pct: float = 0.0) -> Section:
    """YTD GDP against the target path and the growth still required this year.

    Uses :func:`growth.done_weight` and :func:`growth.required_remaining_growth`
    ((1+G) = w(1+g_ytd) + (1−w)(1+g_rest)); the threshold year from :func:`growth.crossing` and
    the one-year growth needed from :func:`growth.required_growth`.  YTD growth is computed from
    current-price levels (nominal) and turned real with ``deflator_pct`` (assumption, printed).
    """
    sec = Section(tr("年度目标进度", "Progress against the annual target", language), language)
    found = annual_before(rd, sec)
    if found is None:
        return sec
    last_year, last_value = found
    src = source_of(rd, rd.region, last_year)
    if last_value >= threshold:
        sec.notes.append(tr(
            f"{last_year}年地区生产总值{fmt(last_value, 2)}亿元，已超过{threshold:g}亿元。",
            f"GDP {last_year}: {fmt(last_value, 2)}亿元, already above {threshold:g}亿元.", language))
    else:
        cross = growth.crossing(last_value, target_growth, threshold, int(last_year))
        need = growth.required_growth(last_value, threshold, rd.year - int(last_year))
        sec.record("growth_to_threshold", need, "%",
                   tr(f"{rd.year}年达到{threshold:g}亿元所需年均增速",
                      f"growth a year needed to reach {threshold:g} by {rd.year}", language), src)
        if cross.period is None:
            sec.notes.append(tr(
                f"{last_year}年地区生产总值{fmt(last_value, 2)}亿元；按{target_growth}%增长，"
                f"{cross.horizon}年内达不到{threshold:g}亿元。",
                f"GDP {last_year}: {fmt(last_value, 2)}亿元; at {target_growth}% it does not reach "
                f"{threshold:g}亿元 within {cross.horizon} years.", language))
        else:
            sec.record("threshold_year", cross.period, "年",
                       tr(f"按{target_growth}%增长突破{threshold:g}亿元的年份",
                          f"year GDP passes {threshold:g} at {target_growth}%", language), src)
            sec.notes.append(tr(
                f"{last_year}年地区生产总值{fmt(last_value, 2)}亿元；按{target_growth}%增长，"
                f"{cross.period}年达到{fmt(float(cross.path.iloc[-1]), 2)}亿元，突破{threshold:g}亿元；"
                f"从{last_year}年到{rd.year}年达到{threshold:g}亿元需年均增长{need:.2f}%。",
                f"GDP {last_year}: {fmt(last_value, 2)}亿元; at {target_growth}% it reaches "
                f"{fmt(float(cross.path.iloc[-1]), 2)}亿元 in {cross.period}, passing {threshold:g}亿元; "
                f"reaching {threshold:g}亿元 by {rd.year} needs {need:.2f}% a year.", language))
    q = rd.quarterly.copy()
    q = q[q["measure"] == "level"]
    cur = q[q["period"].str.startswith(str(rd.year))]
    prev = q[q["period"].str.startswith(str(rd.year - 1))]
    if cur.empty or prev.empty:
        sec.notes.append(tr("本年季度地区生产总值尚未发布（一季度数据于4月发布）。",
                            "No quarterly GDP for this year yet (Q1 is published in April).", language))
        return sec
    cur_s = pd.Series(cur["value"].to_numpy(float), index=cur["period"].to_list())
    prev_s = pd.Series(prev["value"].to_numpy(float), index=prev["period"].to_list())
    through = cur_s.index[-1]
    last_q = f"{rd.year - 1}Q{through[-1]}"
    ytd_nominal = (cur_s.iloc[-1] / prev_s[last_q] - 1) * 100
    ytd_real = growth.to_real(ytd_nominal, deflator_pct)
    w = growth.done_weight(prev_s, last_q)
    syn = "quarterly" in rd.synthetic
    sec.synthetic = syn
    sec.record("gdp_ytd", float(cur_s.iloc[-1]), "亿元", tr(f"{through}累计地区生产总值", f"GDP YTD {through}", language),
               synthetic=syn)
    sec.record("gdp_ytd_growth", ytd_real, "%", tr("累计增速", "YTD growth", language), synthetic=syn)
    if w < 1:
        rest = growth.required_remaining_growth(ytd_real, target_growth, w)
        sec.record("required_rest_growth", rest, "%",
                   tr("完成全年目标剩余时段所需增速", "growth needed in the rest of the year", language),
                   synthetic=syn)
        sec.notes.append(tr(
            f"截至{through}累计增长{ytd_real:.2f}%（占上年全年比重 w={w:.3f}），"
            f"完成全年{target_growth}%目标，其余时段需增长{rest:.2f}%。",
            f"YTD to {through}: {ytd_real:.2f}% (weight w={w:.3f} of last year's total); meeting "
            f"{target_growth}% needs {rest:.2f}% in the rest of the year.", language))
    sec.notes.append(tr(f"假设GDP平减指数增长{deflator_pct}%（名义增速换算为实际增速）。",
                        f"Assumes GDP deflator growth of {deflator_pct}% (nominal → real).", language))
    path = pd.DataFrame({
        tr("上年累计", "last year YTD", language): prev_s.to_numpy(),
        tr("目标路径", "target path", language): prev_s.to_numpy() * (1 + target_growth / 100),
        tr("本年累计", "this year YTD", language): cur_s.reindex(
            [f"{rd.year}Q{k}" for k in range(1, 5)]).to_numpy(),
    }, index=pd.Index([f"Q{k}" for k in range(1, 5)], name="period"))
    sec.tables.append((tr("累计地区生产总值（亿元）", "GDP year to date (亿元)", language), path.round(2)))
    fig = plots.target_path(path.iloc[:, 2], path.iloc[:, 1], threshold=threshold, synthetic=syn,
                            title=tr(f"{rd.region} 累计地区生产总值与目标路径（亿元）",
                                     f"{rd.region}: GDP YTD against the target path (亿元)", language))
    sec.figures.append(fig)
    if syn:
        sec.notes.append(tr("季度数据为示例数据", "Quarterly data are synthetic", language) + f" — {DEMO}")
    return sec

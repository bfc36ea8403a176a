"""全年预测: year-end projection and the probability of meeting the target."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import JinshuiWarning, ParameterError
from jinshui_analysis.models import forecast as forecast_model
from jinshui_analysis.models import targets
from jinshui_analysis.models.prices import to_nominal
from jinshui_analysis.periods import (
    describe,
    month_code,
    month_of_code,
    quarter_code_of,
    year_of_code,
)
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import DEMO, GDP, ReportData
from jinshui_analysis.reports.price_words import deflator_words
from jinshui_analysis.reports.section import Section, memoised, tr
from jinshui_analysis.reports.sections.common import target_goal, unofficial
from jinshui_analysis.reports.sections.target import (
    published_real_ytd,
    report_deflator,
    ytd_figures,
)
from jinshui_analysis.reports.values import ytd_values

#: Years whose change of pace after a year-to-date period says nothing about a normal year:
#: 2020 (the first COVID half-year: 郑州市 上半年 −0.2 %, year +3.0 %) and 2021 (growth on the
#: 2020 low base: 一季度 +18.4 %, year +4.7 %).  Their pace changes (5.9 and −17.9 points) would
#: dominate the spread; they are left out and the report says so.
DISTORTED_YEARS = (2020, 2021)

#: Past years of same-period shares the share-based projection needs for an interval (below,
#: it gives the point only and says why: three shares gave 郑州市 2024 a 95 % range of
#: 10245.7–22773.4亿元, no information).
MIN_SHARE_YEARS = 4

#: Past changes of pace a band needs; with fewer the projection says so and gives no interval
#: or probability.
MIN_PACE_CHANGES = 3


def past_pace_changes(rd: ReportData, *, keep_distorted: bool = False) -> pd.Series:
    """Past changes of pace e = (G − g_ytd)/(1 − w) (百分点) of the region, from its published
    real YTD growth at a quarter end (一季度, 上半年, 前三季度) and its published real growth of
    the same year (:func:`targets.pace_change`), for years before the report year.  *w* is the
    previous year's level share for that quarter where published, else the same year's; pairs
    without a published level share are left out.  Index: quarter code (``2024Q3``)."""
    g = ytd_values(rd.real, rd.region, GDP, "yoy_pct")
    g = g[~g["synthetic"].astype(bool) & g["price_basis"].isin(["comparable", ""])]
    lv = ytd_values(rd.real, rd.region, GDP, "level")
    lv = lv[~lv["synthetic"].astype(bool)]
    out = {}
    for month, row in g.iterrows():
        y, m = year_of_code(month), month_of_code(month)
        if y >= rd.year or m not in (3, 6, 9) or month_code(y, 12) not in g.index:
            continue
        if y in DISTORTED_YEARS and not keep_distorted:
            continue
        share = None
        for yy in (y - 1, y):
            a, b = month_code(yy, m), month_code(yy, 12)
            if a in lv.index and b in lv.index and 0 < lv.loc[a, "value"] < lv.loc[b, "value"]:
                share = float(lv.loc[a, "value"]) / float(lv.loc[b, "value"])
                break
        if share is not None:
            out[quarter_code_of(y, m // 3)] = targets.pace_change(float(g.loc[month_code(y, 12), "value"]),
                                                       float(row["value"]), share)
    return pd.Series(out, dtype=float, name="pace_change_pp")


@memoised
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
    if target_growth is None:
        sec.notes.append(tr("未设定年度增长目标，不测算目标达成概率。",
                            "No annual growth target is set: no probability of meeting it.",
                            language))
        return sec
    goal = target_goal(rd, target_growth, language)[0]
    q = rd.quarterly[rd.quarterly["measure"] == "level"]
    cur = q[q["period"].str.startswith(str(rd.year))]
    hist = q[~q["period"].str.startswith(str(rd.year))]
    if cur.empty or hist.empty:
        sec.notes.append(tr("缺少本年或往年季度数据，无法预测。",
                            "No quarterly data for this or past years: no projection.", language))
        return sec
    syn = "quarterly" in rd.synthetic
    sec.synthetic = syn
    defl = report_deflator(rd, deflator_pct)
    figs = ytd_figures(rd, target_growth, defl)
    if figs is not None and figs["full_year"] and figs["published"] is not None:
        pub = figs["published"]
        when = describe(figs["through"], True, language)
        lvl = figs["level"]
        lvl_txt = "" if lvl is None else tr(f"地区生产总值{lvl:,.2f}亿元（现价），",
                                            f"GDP {lvl:,.2f}亿元 (current prices), ", language)
        sec.notes.append(tr(f"全年数据已公布：{when}{lvl_txt}实际增长{pub['value']:g}%"
                            f"{unofficial(pub['grade'], language)}，无需预测。",
                            f"The full year is published: {when}, {lvl_txt}real growth "
                            f"{pub['value']:g}%{unofficial(pub['grade'], language)}; nothing to "
                            "project.", language))
        return sec
    if figs is not None and figs["published"] is not None and figs["progress"] is not None:
        return _from_published_growth(rd, sec, figs, target_growth, defl, language)
    latest = _latest_published_growth(rd, figs, target_growth)
    if latest is not None:  # a later level without growth (or on another basis) is not used
        return _from_published_growth(rd, sec, latest, target_growth, defl, language)
    if cur["period"].str.endswith("Q4").any():
        level = float(cur.loc[cur["period"].str.endswith("Q4"), "value"].iloc[0])
        sec.notes.append(tr(f"全年数据已有：{level:,.2f}亿元（现价），无需预测。",
                            f"The full year is already in the data: {level:,.2f}亿元 (current "
                            "prices); nothing to project.", language)
                         + (f" — {DEMO}" if syn else ""))
        return sec
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
    n_years = len(res.shares)
    no_base = not np.isfinite(g)  # last year's annual level is not in the data
    if n_years < MIN_SHARE_YEARS:  # too short a history: said, not drawn
        sec.notes.append(tr(
            f"按往年（{n_years}年）同期累计占全年比重推算，全年地区生产总值约{level:,.1f}亿元（现价）；"
            f"往年同期只有{n_years}年，少于{MIN_SHARE_YEARS}年，不足以估计区间，不给出区间和达标概率。",
            f"From past years' ({n_years}) YTD shares of the annual total: about {level:,.1f}亿元 "
            f"(current prices); fewer than {MIN_SHARE_YEARS} past years, too short a history for "
            "an interval or a probability.", language) + (f" — {DEMO}" if syn else ""))
        return sec
    if no_base:
        proj = proj.drop(index="growth_pct")
        text = tr(f"按往年（{n_years}年）同期累计占全年比重推算，全年地区生产总值约{level:,.1f}亿元"
                  f"（现价）。数据中没有{rd.year - 1}年全年地区生产总值，无法计算全年增速，"
                  "也不估计达标概率。",
                  f"From past years' ({n_years}) YTD shares of the annual total: about "
                  f"{level:,.1f}亿元 (current prices). The data have no {rd.year - 1} annual GDP, "
                  "so neither the annual growth nor the probability of meeting the target is "
                  "computed.", language)
    else:
        sec.record("projected_growth" if real else "projected_growth_nominal", g, "%",
                   tr(f"全年{glabel}预测", f"projected {glabel}", language), synthetic=syn)
        text = tr(f"按往年（{n_years}年）同期累计占全年比重推算，全年地区生产总值约{level:,.1f}亿元（现价），"
                  f"{glabel}{g:.2f}%",
                  f"From past years' ({n_years}) YTD shares of the annual total: about {level:,.1f}亿元 "
                  f"(current prices), {glabel} {g:.2f}%", language)
        if defl is not None:
            text += tr(f"（{deflator_words(defl, language)}）", f" ({deflator_words(defl, language)})", language)
    prob = res.prob_meet_target
    if not no_base:  # without a base year the sentence above already says why
        if prob is not None and prob == prob:
            sec.record("target_probability", float(prob) * 100, "%",
                       tr(f"完成{goal}目标的概率", "probability of meeting the "
                          f"{target_growth:g}% real target", language), synthetic=syn)
            text += tr(f"；完成{goal}目标的概率约{float(prob) * 100:.0f}%。",
                       f"; probability of meeting the target ({goal}): about "
                       f"{float(prob) * 100:.0f}%.", language)
        elif not real:
            text += tr(f"。未给出平减指数，名义增速不能与{goal}的目标比较，"
                       "不估计达标概率。",
                       f". No deflator: nominal growth cannot be compared with the "
                       f"{target_growth:g}% real target, so no probability is estimated.", language)
        else:
            text += tr("。往年同期数据只有一年，无法估计波动，达标概率无法估计。",
                       ". Only one past year with the same-period share: the spread, and so the "
                       "probability of meeting the target, cannot be estimated.", language)
    sec.notes.append(text)
    caption = (tr("全年预测（点估计与区间）", "Year-end projection (point and intervals)", language)
               if no_base else
               tr("全年预测（点估计与区间；增速为" + glabel + "）",
                  f"Year-end projection (point and intervals; growth is {glabel})", language))
    sec.tables.append((caption,
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
    annual.index = pd.Index([str(year_of_code(q)) for q in annual.index], name=annual.index.name)
    fan = pd.DataFrame({"mean": [level]} | {c: [float(proj.loc["level", c])] for c in
                                            ["lower_80", "upper_80", "lower_95", "upper_95"]},
                       index=pd.Index([str(rd.year)], name="period"))
    target_level = None  # the target applies to last year's level: none when it is missing
    if str(rd.year - 1) in annual.index and defl is not None:
        target_level = float(annual[str(rd.year - 1)]) * (1 + to_nominal(target_growth, defl.pct)
                                                          / 100)
    sec.figures.append(plots.fan_chart(fan, history=annual, target=target_level, synthetic=syn,
                                       title=tr(f"{rd.region} 全年地区生产总值预测（亿元，现价）",
                                                f"{rd.region}: projected annual GDP (亿元, current prices)",
                                                language)))
    if syn:
        sec.notes.append(tr("季度数据除已公布的季度外为示例数据",
                            "Quarterly data are synthetic except the published quarters",
                            language) + f" — {DEMO}")
    return sec


def _latest_published_growth(rd: ReportData, figs: dict | None, target_growth: float
                             ) -> dict | None:
    """The target figures re-based on this year's latest published real YTD growth, when the
    data have one but the period the target section uses is a later level without published
    growth (e.g. 郑州市 2025 上半年: level 7329.3亿 only, 一季度 +5.6 % published): the projection
    models published growth, never the level's share of past years."""
    pub = published_real_ytd(rd)
    if figs is None or pub.empty:
        return None
    gq = pub.index[-1]
    if gq.endswith("Q4"):
        return None
    last_q, last_y = quarter_code_of(rd.year - 1, gq[-1]), quarter_code_of(rd.year - 1, 4)
    prev = figs["prev"]
    if last_q not in prev.index or last_y not in prev.index:
        return None
    r = pub.loc[gq]
    try:
        progress = targets.target_progress(float(prev[last_q]), float(prev[last_y]),
                                           target_growth_pct=target_growth,
                                           ytd_real_growth_pct=float(r["value"]))
    except ParameterError:
        return None
    return {**figs, "through": gq, "last_q": last_q, "progress": progress,
            "published": {"value": float(r["value"]), "source": str(r["source"]),
                          "grade": str(r["grade"]), "period": str(r["period"])}}


def years_all(changes: pd.Series, language: str) -> str:
    """The periods of past changes of pace in words (2022年上半年、2023年上半年)."""
    return ("、" if language == "zh" else ", ").join(describe(q, True, language)
                                                    for q in changes.index)


def _from_published_growth(rd: ReportData, sec: Section, figs: dict, target_growth: float,
                           defl, language: str) -> Section:
    """The projection from published real YTD growth (:func:`targets.year_end_growth`)."""
    pub, res = figs["published"], figs["progress"]
    when = describe(figs["through"], True, language)
    goal = target_goal(rd, target_growth, language)[0]
    changes = past_pace_changes(rd)
    left_out = [q for q in past_pace_changes(rd, keep_distorted=True).index
                if q not in changes.index]
    short = len(changes) < MIN_PACE_CHANGES
    proj = targets.year_end_growth(pub["value"], res.share, target_growth_pct=target_growth,
                                   past_changes=None if short else changes)
    sec.record("projected_growth", proj.growth_pct, "%",
               tr(f"全年实际增速预测（按{when}已公布实际增速，其余时段保持同样增速）",
                  f"projected real growth for the year ({when} published real growth, the rest "
                  "of the year at the same pace)", language), source=pub["source"])
    text = tr(f"按{when}已公布的实际增长{pub['value']:g}%{unofficial(pub['grade'], language)}、"
              f"其余时段保持同样增速推算，全年实际增长约{proj.growth_pct:.2f}%",
              f"From the published real growth of {when} ({pub['value']:g}%"
              f"{unofficial(pub['grade'], language)}), with the rest of the year at the same pace, "
              f"real growth for the year is about {proj.growth_pct:.2f}%", language)
    prev_annual = float(figs["prev"][quarter_code_of(rd.year - 1, 4)])
    if defl is not None:
        level = prev_annual * (1 + proj.growth_pct / 100) * (1 + defl.pct / 100)
        sec.record("projected_gdp", level, "亿元",
                   tr(f"全年地区生产总值预测（现价，{deflator_words(defl, language)}）",
                      f"projected annual GDP (current prices; {deflator_words(defl, language)})",
                      language), source=pub["source"])
        text += tr(f"；按{deflator_words(defl, language)}，全年地区生产总值约{level:,.1f}亿元（现价）",
                   f"; with {deflator_words(defl, language)}, annual GDP is about {level:,.1f}亿元 "
                   "(current prices)", language)
    years = "、".join(describe(q, True, language) for q in proj.past_changes.index)
    if proj.prob_meet_target is not None and proj.prob_meet_target == proj.prob_meet_target:
        sec.record("target_probability", proj.prob_meet_target * 100, "%",
                   tr(f"完成{goal}目标的概率（按往年{len(changes)}个时段增速变化）",
                      f"probability of meeting the target ({goal}) (from "
                      f"{len(changes)} past changes of pace)", language))
        text += tr(f"。完成{goal}的目标，其余时段需实际增长"
                   f"{proj.required_rest_growth_pct:.2f}%；按往年{len(changes)}个时段（{years}）"
                   f"其余时段增速相对累计增速的变化（均方根{proj.scale:.2f}个百分点）估计，"
                   f"达标概率约{proj.prob_meet_target * 100:.0f}%，全年实际增速80%区间"
                   f"{proj.lower_80:.1f}%～{proj.upper_80:.1f}%。",
                   f". Meeting the target ({goal}) needs "
                   f"{proj.required_rest_growth_pct:.2f}% real growth in the rest of the year; from "
                   f"{len(changes)} past changes of pace after a year-to-date period ({years}; "
                   f"RMS {proj.scale:.2f} percentage points), the probability is about "
                   f"{proj.prob_meet_target * 100:.0f}%, and the 80% interval of the year's real "
                   f"growth {proj.lower_80:.1f}%–{proj.upper_80:.1f}%.", language)
    else:
        n = len(changes)
        text += tr(f"。完成{goal}的目标，其余时段需实际增长"
                   f"{proj.required_rest_growth_pct:.2f}%；往年可比时段（已公布累计与全年实际增速）只有"
                   f"{n}个" + (f"（{years_all(changes, language)}）" if n else "")
                   + f"，少于{MIN_PACE_CHANGES}个，不足以估计波动，不给出区间和达标概率。",
                   f". Meeting the target ({goal}) needs "
                   f"{proj.required_rest_growth_pct:.2f}% real growth in the rest of the year; only "
                   f"{n} comparable past period(s) publish both year-to-date and annual real growth "
                   f"(fewer than {MIN_PACE_CHANGES}): too short a history to estimate the spread, so "
                   "no interval or probability is given.", language)
    if left_out:
        text += tr(f"往年{years_all(pd.Series(index=left_out, dtype=float), language)}受疫情冲击或"
                   "低基数影响，未用于估计波动。",
                   f" {years_all(pd.Series(index=left_out, dtype=float), language)} (COVID shock "
                   "or low base) are not used for the spread.", language)
    sec.notes.append(text)
    if short:
        return sec
    sec.tables.append((tr("全年实际增速预测（%，按可比价）", "Full-year real growth (%, comparable "
                          "prices)", language),
                       pd.DataFrame({tr("点估计", "point", language): [proj.growth_pct],
                                     tr("80%下限", "lower 80%", language): [proj.lower_80],
                                     tr("80%上限", "upper 80%", language): [proj.upper_80]},
                                    index=[tr("实际增速（%）", "real growth (%)", language)])
                       .round(2)))
    return sec

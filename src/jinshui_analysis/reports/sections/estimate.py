"""本季度地区生产总值测算: the quarter's real GDP growth estimated before it is published.

Calls :mod:`jinshui_analysis.models.estimate` (indicator method 速度推算, bridge equation) on
the bundled national data with data through the report's month, the backtest's typical error for
the same month of the quarter, and — once the previous quarter's GDP is published — that
quarter's estimate error.  A region's own estimate needs at least eight quarters of its own
single-quarter (当季) GDP growth and its monthly 规上工业 / 社零 growth; city and district
bulletins publish year-to-date rates only, so the section says so in one sentence and shows the
national estimate as the reference.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from jinshui_analysis.data.national_indicators import (
    national_monthly,
    national_quarterly_gdp,
    national_structure,
)
from jinshui_analysis.exceptions import JinshuiError
from jinshui_analysis.models import estimate as est
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import Paragraph
from jinshui_analysis.reports.inputs import ReportData
from jinshui_analysis.reports.section import Section, memoised, tr

__all__ = ["estimate_section", "national_estimate"]

NATIONAL = "全国"
INDUSTRY_ZH = {"primary": "第一产业", "secondary": "第二产业（规上工业增加值）",
               "tertiary": "第三产业（社会消费品零售总额）", "constant": "常数项",
               "industry": "规上工业增加值", "retail": "社会消费品零售总额",
               "parameters": "参数重估与新公布GDP"}
INDUSTRY_EN = {"primary": "Primary (trend)", "secondary": "Secondary (industrial value added)",
               "tertiary": "Tertiary (retail sales)", "constant": "Constant",
               "industry": "Industrial value added", "retail": "Retail sales",
               "parameters": "Re-estimated coefficients, new GDP"}
BACKTEST_START = "2018Q2"


def _structure() -> pd.DataFrame:
    return national_structure()[["primary", "secondary", "tertiary"]]


def national_estimate(asof: str, method: str = "indicator",
                      previous: bool = True) -> est.EstimateResults:
    """The national estimate of the quarter containing ``asof`` with the bundled data."""
    m, q = national_monthly(), national_quarterly_gdp()
    if method == "bridge":
        return est.bridge(m, q, asof, previous=previous)
    return est.indicator_method(m, q, asof, structure=_structure(),
                                primary_growth_pct=national_structure()["primary_growth_pct"],
                                previous=previous)


@lru_cache(maxsize=8)
def _backtest(end: str) -> est.BacktestResults:
    def ind(m, q, k):
        return est.indicator_method(m, q, k, structure=_structure(),
                                    primary_growth_pct=national_structure()["primary_growth_pct"],
                                    previous=False)
    return est.backtest(national_monthly(), national_quarterly_gdp(),
                        estimators={"indicator": ind}, start=BACKTEST_START, end=end)


def _names(language: str) -> dict[str, str]:
    return INDUSTRY_ZH if language == "zh" else INDUSTRY_EN


@memoised
def estimate_section(rd: ReportData, language: str = "zh") -> Section:
    """本季度地区生产总值测算 (see the module docstring)."""
    sec = Section(tr("本季度地区生产总值测算", "This quarter's GDP: an early estimate", language),
                  language)
    k = pd.Period(rd.period, freq="M") if len(rd.period) == 7 else pd.Period(f"{rd.year}-12",
                                                                              freq="M")
    target = k.asfreq("Q")
    h = est.month_of_quarter(k)
    if rd.region != NATIONAL:
        sec.body.append(Paragraph(tr(
            f"{rd.region}的数据缺少测算所需的当季GDP增速历史（至少8个季度）和当月规上工业、社零增速，"
            "不能测算本地季度GDP；下面给出全国本季度GDP测算作参考。",
            f"The data of {rd.region} lack what the estimate needs (at least eight quarters of its "
            "own single-quarter GDP growth and monthly industrial and retail growth): no local "
            "estimate; the national estimate is shown for reference.", language)))
    try:
        ind = national_estimate(str(k), "indicator")
        br = national_estimate(str(k), "bridge")
    except JinshuiError as exc:
        sec.notes.append(tr(f"全国数据不足以测算{target}（{exc}）。",
                            f"The national data do not allow an estimate of {target} ({exc}).",
                            language))
        return sec
    names = _names(language)
    qtext = numbers.quarter_text(target.year, target.quarter, language)
    contrib = ind.contributions.rename(index=names)[["weight", "indicator_pct", "elasticity",
                                                      "contribution_pp"]].copy()
    contrib["weight"] = contrib["weight"] * 100
    contrib.columns = [tr("上年权重(%)", "Weight last year (%)", language),
                       tr("指标增速(%)", "Indicator growth (%)", language),
                       tr("弹性", "Elasticity", language),
                       tr("拉动(百分点)", "Contribution (pp)", language)]
    contrib.index.name = tr("产业（指标）", "Industry (indicator)", language)
    if rd.region == NATIONAL:  # a region's report keeps the national reference to sentences
        sec.tables.append((tr(f"全国{qtext}GDP增速测算：行业增速推算法的构成",
                              f"National GDP {qtext}: indicator method, contributions",
                              language), contrib))
    sec.record("gdp_estimate_bridge_pct", round(br.point_pct, 2), "%",
               tr("桥接回归测算", "Bridge estimate", language), headline=False)
    order = [i for i in ind.contributions["contribution_pp"].abs().sort_values(
        ascending=False).index if i != "constant"]
    drivers_zh = "拉动：" + "、".join(
        f"{INDUSTRY_ZH.get(i, i)}{numbers.pp(ind.contributions.at[i, 'contribution_pp'])}"
        for i in order) + f"，常数项{numbers.pp(ind.contributions.at['constant', 'contribution_pp'])}"
    drivers_en = "contributions: " + ", ".join(
        f"{INDUSTRY_EN.get(i, i)} {numbers.pp(ind.contributions.at[i, 'contribution_pp'], 'en')}"
        for i in order)
    moved = ""
    if not ind.news.empty and np.isfinite(ind.previous_pct):
        top = ind.news["change_pp"].abs().idxmax()
        moved = tr(f"较上月测算{numbers.pct(ind.previous_pct)}变动{numbers.pp(ind.change_pp)}，"
                   f"主要来自{names.get(top, top)}（{numbers.pp(ind.news.at[top, 'change_pp'])}）；",
                   f"it moved {numbers.pp(ind.change_pp, 'en')} from last month's "
                   f"{numbers.pct(ind.previous_pct)}, mostly through {names.get(top, top)} "
                   f"({numbers.pp(ind.news.at[top, 'change_pp'], 'en')}); ", language)
    typical = ""
    try:
        bt = _backtest(str(target - 1))
        sc = bt.scores()
        rm = float(sc.loc[(str(h), "indicator"), "rmse_pp"])
        rn = float(sc.loc[(str(h), "naive"), "rmse_pp"])
        sc_nc = bt.scores(exclude_covid=True)
        rm_nc = float(sc_nc.loc[(str(h), "indicator"), "rmse_pp"])
        typical = tr(
            f"按同样的数据时点回测{bt.quarters}个季度（{BACKTEST_START}起），季度第{h}个月的测算"
            f"均方根误差为{numbers.pp(rm)}（不含2020—2021年疫情季度为{numbers.pp(rm_nc)}），"
            f"“沿用上季度增速”的简单做法为{numbers.pp(rn)}。",
            f"Backtested over {bt.quarters} quarters from {BACKTEST_START} at the same month of "
            f"the quarter ({h}), the RMSE is {numbers.pp(rm, 'en')} "
            f"({numbers.pp(rm_nc, 'en')} without 2020–2021), against {numbers.pp(rn, 'en')} "
            "for last quarter's growth.", language)
        sec.record("estimate_backtest_rmse_pp", round(rm, 3), "百分点",
                   tr("测算回测均方根误差", "Backtest RMSE", language), headline=False)
    except (JinshuiError, KeyError, ValueError):
        pass
    sec.body.append(Paragraph(tr(
        f"截至{numbers.period_text(str(k), language)}数据，全国{qtext}GDP增速（不变价，当季同比）"
        f"测算为{numbers.pct(ind.point_pct)}（80%区间{numbers.pct(ind.lower_pct)}—"
        f"{numbers.pct(ind.upper_pct)}），桥接回归为{numbers.pct(br.point_pct)}；"
        f"{drivers_zh}；"
        f"{moved}{typical}",
        f"With data through {numbers.period_text(str(k), language)}, national real GDP growth "
        f"in {qtext} is estimated at {numbers.pct(ind.point_pct)} (80% band "
        f"{numbers.pct(ind.lower_pct)}–{numbers.pct(ind.upper_pct)}; bridge "
        f"{numbers.pct(br.point_pct)}); {drivers_en}; "
        f"{moved}{typical}", language)))
    sec.record("gdp_estimate_pct", round(ind.point_pct, 2), "%",
               tr(f"全国{qtext}GDP增速测算", f"National GDP estimate {qtext}", language))
    # the previous quarter, once published: the estimate's error
    prev_q = target - 1
    gdp = national_quarterly_gdp()
    if prev_q in gdp.index and prev_q.asfreq("M", how="end") < k:
        try:
            last = national_estimate(str(prev_q.asfreq("M", how="end")), "indicator",
                                     previous=False)
            err = last.point_pct - float(gdp[prev_q])
            pq = numbers.quarter_text(prev_q.year, prev_q.quarter, language)
            sec.notes.append(tr(
                f"{pq}GDP已公布：增长{numbers.number(float(gdp[prev_q]))}%，该季度末的测算为"
                f"{numbers.pct(last.point_pct)}，误差{numbers.pp(err)}。",
                f"{pq} GDP is published: {numbers.pct(float(gdp[prev_q]))}; the estimate at the "
                f"quarter's end was {numbers.pct(last.point_pct)}, error {numbers.pp(err, 'en')}.",
                language))
        except JinshuiError:
            pass
    sec.notes.append(tr(
        "测算为不变价当季同比增速；规上工业为实际增速，社零为名义增速（弹性与常数项按已公布GDP估计，"
        "含价格因素）；权重为上年三次产业现价结构，第一产业取上年增速。全国季度GDP为OECD整理的国家统计局"
        "数据（最新修订值，非官方来源转载）；回测模拟公布时滞，不模拟修订。",
        "Real single-quarter growth, year on year; industrial output real, retail sales nominal "
        "(elasticity and constant estimated on published GDP absorb prices); weights: last "
        "year's current-price structure, primary industry at last year's growth. National "
        "quarterly GDP: NBS figures compiled by the OECD (latest revision, secondary source); "
        "the backtest replays publication lags, not revisions.", language))
    for n in ind.notes:
        if "沿用" in n:
            sec.notes.append(n.split(" / ")[0] + "。" if language == "zh" else n.split(" / ")[-1])
    return sec

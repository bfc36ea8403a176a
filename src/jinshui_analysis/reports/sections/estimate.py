"""本季度地区生产总值测算: the quarter's real GDP growth estimated before it is published.

Calls :mod:`jinshui_analysis.models.estimate` (indicator method 速度推算, bridge equation) with
data through the report's month, the backtest's typical error at the same month of the quarter
and — once the previous quarter's GDP is published — that quarter's estimate error.

Whose data: the region's own published figures when they hold what the method needs (at least
:data:`MIN_QUARTERS` quarters of its own single-quarter 当季 real GDP growth, 当月 growth of
规上工业增加值 and 社会消费品零售总额, and a year of 三次产业 value added for the weights — an
office's own bulletin tables given with ``data=FOLDER`` count; demo data never do); else the
section says in one sentence what is missing and shows the bundled national estimate as the
reference (a national report uses the national data directly).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from jinshui_analysis.data.national_indicators import (
    national_monthly,
    national_quarterly_gdp,
    national_structure,
)
from jinshui_analysis.exceptions import JinshuiError
from jinshui_analysis.models import estimate as est
from jinshui_analysis.periods import (
    code_freq,
    month_code,
    month_of_code,
    to_pandas_period,
    year_of_code,
)
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import Paragraph
from jinshui_analysis.reports.inputs import GDP, ReportData
from jinshui_analysis.reports.section import Section, memoised, tr
from jinshui_analysis.reports.text import msg, pick

__all__ = ["EstimateInputs", "estimate_section", "national_inputs", "own_inputs",
           "share_national_backtest"]

NATIONAL = "全国"
MIN_QUARTERS = 8
INDUSTRY_ZH = {"primary": "第一产业", "secondary": "第二产业（规上工业增加值）",
               "tertiary": "第三产业（社会消费品零售总额）", "constant": "常数项",
               "industry": "规上工业增加值", "retail": "社会消费品零售总额",
               "parameters": "参数重估与新公布GDP"}
INDUSTRY_EN = {"primary": "Primary (trend)", "secondary": "Secondary (industrial value added)",
               "tertiary": "Tertiary (retail sales)", "constant": "Constant",
               "industry": "Industrial value added", "retail": "Retail sales",
               "parameters": "Re-estimated coefficients, new GDP"}
MONTHLY_NAMES = {"规模以上工业增加值": "industry", "社会消费品零售总额": "retail"}
SECTOR_NAMES = {"第一产业增加值": "primary", "第二产业增加值": "secondary",
                "第三产业增加值": "tertiary"}
NATIONAL_BACKTEST_START = "2018Q2"


@dataclass(frozen=True)
class EstimateInputs:
    """What the estimate runs on: monthly 当月 growth (%), single-quarter GDP growth (%),
    industry structure (亿元 by year), primary-industry growth (% by year) and whose data."""

    monthly: pd.DataFrame
    quarterly: pd.Series
    structure: pd.DataFrame
    primary_growth: pd.Series
    region: str
    national: bool


def national_inputs() -> EstimateInputs:
    """The bundled national inputs (:mod:`jinshui_analysis.data.national_indicators`)."""
    st = national_structure()
    return EstimateInputs(national_monthly(), national_quarterly_gdp(),
                          st[["primary", "secondary", "tertiary"]], st["primary_growth_pct"],
                          NATIONAL, True)


def own_inputs(rd: ReportData) -> tuple[EstimateInputs | None, list[str]]:
    """The region's own published inputs, or None and what is missing (plain Chinese)."""
    r = rd.real[rd.real["region"] == rd.region]
    r = r[~r["source"].astype(str).str.startswith("synthetic")]
    g = r[(r["indicator"] == GDP) & (r["measure"] == "yoy_pct")
          & r["price_basis"].isin(["comparable", ""])]
    qrows = {}
    for per, cum, val in zip(g["period"], g["cumulative"], g["value"], strict=True):
        per = str(per)
        if code_freq(per) == "Q" and (not bool(cum) or month_of_code(per) == 3):
            qrows[to_pandas_period(per)] = float(val)
    quarterly = pd.Series(qrows, dtype=float).sort_index()
    mrows: dict[tuple[str, pd.Period], float] = {}
    mon = r[r["indicator"].isin(list(MONTHLY_NAMES)) & (r["measure"] == "yoy_pct")]
    for ind, per, cum, val in zip(mon["indicator"], mon["period"], mon["cumulative"],
                                  mon["value"], strict=True):
        per = str(per)
        if code_freq(per) != "M":
            continue
        p = to_pandas_period(per)
        if not bool(cum) or p.month == 2:  # 当月; the 1–2月 figure stands at February
            key = (MONTHLY_NAMES[ind], p)
            if not bool(cum) or key not in mrows:
                mrows[key] = float(val)
    lv = r[r["indicator"].isin(list(SECTOR_NAMES)) & (r["measure"] == "level")
           & (r["period"].map(code_freq) == "Y")]
    structure = pd.DataFrame(
        {(SECTOR_NAMES[i], year_of_code(p)): float(v)
         for i, p, v in zip(lv["indicator"], lv["period"], lv["value"], strict=True)},
        index=[0]).T[0].unstack(0) if len(lv) else pd.DataFrame()
    missing = []
    if len(quarterly) < MIN_QUARTERS:
        missing.append(f"当季地区生产总值增速（有{len(quarterly)}个季度，需至少{MIN_QUARTERS}个）")
    cols = {c for c, _ in mrows}
    if cols != set(MONTHLY_NAMES.values()):
        missing.append("当月规上工业增加值和社会消费品零售总额增速")
    if structure.empty or structure.reindex(columns=["secondary", "tertiary"]).dropna().empty:
        missing.append("上年三次产业增加值")
    if missing:
        return None, missing
    monthly = pd.Series(mrows).unstack(0)
    monthly = monthly.reindex(pd.period_range(monthly.index.min(), monthly.index.max(),
                                              freq="M"))
    monthly = monthly.reindex(columns=list(MONTHLY_NAMES.values()))
    structure = structure.reindex(columns=["primary", "secondary", "tertiary"]).dropna(
        how="all", axis=1).dropna()
    gp = r[(r["indicator"] == "第一产业增加值") & (r["measure"] == "yoy_pct")
           & (r["period"].map(code_freq) == "Y")]
    primary = pd.Series({year_of_code(p): float(v) for p, v in zip(gp["period"], gp["value"],
                                                          strict=True)}, dtype=float)
    if "primary" in structure.columns and primary.empty:
        structure = structure.drop(columns="primary")
    return EstimateInputs(monthly, quarterly, structure, primary, rd.region, False), []


def _indicator(inp: EstimateInputs, asof: str, previous: bool = True) -> est.EstimateResults:
    return est.indicator_method(inp.monthly, inp.quarterly, asof, structure=inp.structure,
                                primary_growth_pct=inp.primary_growth, previous=previous,
                                min_history=MIN_QUARTERS)


def _backtest(inp: EstimateInputs, end: pd.Period) -> est.BacktestResults | None:
    if inp.national:
        return _national_backtest(str(end))
    start = inp.quarterly.index[0] + MIN_QUARTERS
    if (end - start).n < 3:  # fewer than four target quarters
        return None
    return est.backtest(inp.monthly, inp.quarterly,
                        estimators={"indicator": lambda m, q, k: _indicator(
                            EstimateInputs(m, q, inp.structure, inp.primary_growth,
                                           inp.region, False), str(k), False)},
                        start=str(start), end=str(end))


@cache
def _national_estimate(asof: str) -> est.EstimateResults:
    """One row of the national backtest: the indicator method with the bundled national data
    through month ``asof`` (no previous-month run).  Pure, so kept per process: the backtests
    of a batch's reports, each to its own quarter, share their common rows (see
    :func:`share_national_backtest`)."""
    inp = national_inputs()
    return est.indicator_method(inp.monthly, inp.quarterly, asof, structure=inp.structure,
                                primary_growth_pct=inp.primary_growth, previous=False)


@lru_cache(maxsize=8)
def _national_backtest(end: str) -> est.BacktestResults:
    inp = national_inputs()
    # the estimator is handed the national inputs themselves: a row depends on its month only
    return est.backtest(inp.monthly, inp.quarterly,
                        estimators={"indicator": lambda m, q, k: _national_estimate(str(k))},
                        start=NATIONAL_BACKTEST_START, end=end)


def share_national_backtest(period: str) -> None:
    """Compute, in this process, the national backtest a report of ``period`` ("YYYY-MM" or a
    year/quarter code) would show when the region lacks its own inputs.  Called by the warm
    render worker before it forks a report, so the batch's reports inherit the rows instead of
    each recomputing them; best effort (a data problem is left to the report to state)."""
    code = str(period)
    try:  # the month estimate_section estimates from (December for a year or quarter report)
        k = (to_pandas_period(code) if code_freq(code) == "M"
             else pd.Period(year=year_of_code(code), month=12, freq="M"))
        _national_backtest(str(k.asfreq("Q") - 1))
    except (JinshuiError, ValueError):
        pass


@memoised
def estimate_section(rd: ReportData, language: str = "zh") -> Section:
    """本季度地区生产总值测算 (see the module docstring)."""
    sec = Section(tr("本季度地区生产总值测算", "This quarter's GDP: an early estimate", language),
                  language)
    k = pd.Period(rd.period.period, freq="M") if rd.period.freq == "M" else pd.Period(month_code(rd.year, 12),
                                                                              freq="M")
    target = k.asfreq("Q")
    h = est.month_of_quarter(k)
    names = INDUSTRY_ZH if language == "zh" else INDUSTRY_EN
    if rd.region == NATIONAL:
        inp = national_inputs()
    else:
        inp, missing = own_inputs(rd)
        if inp is None:
            sec.body.append(Paragraph(tr(
                f"{rd.region}已公布数据缺少测算所需的{'、'.join(missing)}，不能测算本地季度GDP；"
                "下面给出全国本季度GDP测算作参考。",
                f"The published data of {rd.region} lack what the estimate needs ({len(missing)} "
                "of: eight quarters of its own single-quarter GDP growth, monthly industrial and "
                "retail growth, last year's industry structure): no local estimate; the national "
                "estimate is shown for reference.", language)))
            inp = national_inputs()
    who = tr("全国" if inp.national else inp.region,
             "national" if inp.national else inp.region, language)
    try:
        ind = _indicator(inp, str(k))
    except JinshuiError as exc:
        sec.notes.append(tr(f"数据不足以测算{who}{target}的GDP（{exc}）。",
                            f"The data do not allow an estimate of {who} GDP in {target} ({exc}).",
                            language))
        return sec
    try:
        br = est.bridge(inp.monthly, inp.quarterly, str(k), min_history=MIN_QUARTERS)
    except JinshuiError:
        br = None
    qtext = numbers.quarter_text(target.year, target.quarter, language)
    contrib = ind.contributions.rename(index=names)[["weight", "indicator_pct", "elasticity",
                                                      "contribution_pp"]].copy()
    contrib["weight"] = contrib["weight"] * 100
    contrib.columns = [tr("上年权重(%)", "Weight last year (%)", language),
                       tr("指标增速(%)", "Indicator growth (%)", language),
                       tr("弹性", "Elasticity", language),
                       tr("拉动(百分点)", "Contribution (pp)", language)]
    contrib.index.name = tr("产业（指标）", "Industry (indicator)", language)
    if rd.region == inp.region:  # a reference estimate stays in two sentences
        sec.tables.append((tr(f"{who}{qtext}GDP增速测算：行业增速推算法的构成",
                              f"{who} GDP {qtext}: indicator method, contributions",
                              language), contrib))
    order = [i for i in ind.contributions["contribution_pp"].abs().sort_values(
        ascending=False).index if i != "constant"]
    const = ind.contributions.at["constant", "contribution_pp"]
    drivers_zh = "拉动：" + "、".join(
        f"{INDUSTRY_ZH.get(i, i)}{numbers.pp(ind.contributions.at[i, 'contribution_pp'])}"
        for i in order) + f"，常数项{numbers.pp(const)}"
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
        bt = _backtest(inp, target - 1)
    except JinshuiError:
        bt = None
    if bt is not None and bt.quarters >= 4:
        sc, sc_nc = bt.scores(), bt.scores(exclude_covid=True)
        rm = float(sc.loc[(str(h), "indicator"), "rmse_pp"])
        rn = float(sc.loc[(str(h), "naive"), "rmse_pp"])
        rm_nc = float(sc_nc.loc[(str(h), "indicator"), "rmse_pp"]) if len(sc_nc) else np.nan
        first = bt.table.dropna(subset=["actual", "indicator"])["target"].iloc[0]
        typical = tr(
            f"按同样的数据时点回测{bt.quarters}个季度（{first}起），季度第{h}个月的测算均方根误差为"
            f"{numbers.pp(rm)}（不含2020—2021年疫情季度为{numbers.pp(rm_nc)}），“沿用上季度增速”"
            f"的简单做法为{numbers.pp(rn)}。",
            f"Backtested over {bt.quarters} quarters from {first} at the same month of the "
            f"quarter ({h}), the RMSE is {numbers.pp(rm, 'en')} ({numbers.pp(rm_nc, 'en')} "
            f"without 2020–2021), against {numbers.pp(rn, 'en')} for last quarter's growth.",
            language)
        sec.record("estimate_backtest_rmse_pp", round(rm, 3), "百分点",
                   tr("测算回测均方根误差", "Backtest RMSE", language), headline=False)
    elif not inp.national:
        typical = tr("本地历史季度太少，尚不能回测误差。",
                     "Too few local quarters to backtest the error yet.", language)
    band = tr(f"（80%区间{numbers.pct(ind.lower_pct)}—{numbers.pct(ind.upper_pct)}）",
              f" (80% band {numbers.pct(ind.lower_pct)}–{numbers.pct(ind.upper_pct)})",
              language) if np.isfinite(ind.lower_pct) else ""
    bridge_zh = f"，桥接回归为{numbers.pct(br.point_pct)}" if br is not None else ""
    bridge_en = f"; bridge {numbers.pct(br.point_pct)}" if br is not None else ""
    sec.body.append(Paragraph(tr(
        f"截至{numbers.period_text(str(k), language)}数据，{who}{qtext}GDP增速（不变价，当季同比）"
        f"测算为{numbers.pct(ind.point_pct)}{band}{bridge_zh}；{drivers_zh}；{moved}{typical}",
        f"With data through {numbers.period_text(str(k), language)}, {who} real GDP growth "
        f"in {qtext} is estimated at {numbers.pct(ind.point_pct)}{band}{bridge_en}; "
        f"{drivers_en}; {moved}{typical}", language)))
    sec.record("gdp_estimate_pct", round(ind.point_pct, 2), "%",
               tr(f"{who}{qtext}GDP增速测算", f"{who} GDP estimate {qtext}", language))
    if br is not None:
        sec.record("gdp_estimate_bridge_pct", round(br.point_pct, 2), "%",
                   tr("桥接回归测算", "Bridge estimate", language), headline=False)
    # the previous quarter, once published: the estimate's error
    prev_q = target - 1
    if prev_q in inp.quarterly.index and prev_q.asfreq("M", how="end") < k:
        try:
            last = _indicator(inp, str(prev_q.asfreq("M", how="end")), previous=False)
            actual = float(inp.quarterly[prev_q])
            pq = numbers.quarter_text(prev_q.year, prev_q.quarter, language)
            sec.notes.append(tr(
                f"{who}{pq}GDP已公布：增长{numbers.number(actual)}%，该季度末的测算为"
                f"{numbers.pct(last.point_pct)}，误差{numbers.pp(last.point_pct - actual)}。",
                f"{pq} {who} GDP is published: {numbers.pct(actual)}; the estimate at the "
                f"quarter's end was {numbers.pct(last.point_pct)}, error "
                f"{numbers.pp(last.point_pct - actual, 'en')}.", language))
        except JinshuiError:
            pass
    sec.notes.append(tr(
        "测算为不变价当季同比增速；规上工业为实际增速，社零为名义增速（弹性与常数项按已公布GDP估计，"
        "含价格因素）；权重为上年三次产业现价结构，第一产业取上年增速。"
        + ("全国季度GDP为OECD整理的国家统计局数据（最新修订值，非官方来源转载）；回测模拟公布时滞，"
           "不模拟修订。" if inp.national else ""),
        "Real single-quarter growth, year on year; industrial output real, retail sales nominal "
        "(elasticity and constant estimated on published GDP absorb prices); weights: last "
        "year's current-price structure, primary industry at last year's growth."
        + (" National quarterly GDP: NBS figures compiled by the OECD (latest revision, "
           "secondary source); the backtest replays publication lags, not revisions."
           if inp.national else ""), language))
    if ind.stale:
        sec.notes.append(msg("warn.estimate_stale", language, names=pick(
            language, zh="、", en=", ").join(names.get(i, i) for i in ind.stale)))
    if ind.calibration in ("gdp", "short"):
        sec.notes.append(msg(f"warn.estimate_elasticity_{ind.calibration}", language,
                             n=ind.n_history))
    return sec

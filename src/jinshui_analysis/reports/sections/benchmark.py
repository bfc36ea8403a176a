"""对标: gap to the benchmark region, catch-up, peer ranking and the gap table."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.exceptions import DataError
from jinshui_analysis.models.catchup import catch_up, catch_up_scenarios, gap_table, scenario_grid
from jinshui_analysis.periods import codes_info
from jinshui_analysis.reports import numbers, plots
from jinshui_analysis.reports.inputs import (
    GDP,
    ReportData,
    source_of,
)
from jinshui_analysis.reports.section import Section, fmt, memoised, tr
from jinshui_analysis.reports.sections.common import gdp_outlook, last_full_year, row_of, unofficial

CIVIL = GDP + "(民政口径)"


def trend_breaks(region: str, benchmark: str) -> list[int]:
    """Years of every declared series break of either region's GDP (``data/breaks.csv``: basis
    changes of one region, census revisions of all): a trend window never spans one."""
    table = bundled.breaks()
    table = table[table["indicator"].isin([GDP, "*"])
                  & table["region"].isin([region, benchmark, "*"])]
    return sorted({int(y) for y in table["year"]})


def path_target(rd: ReportData, year: int, fallback: float | None) -> tuple[float | None, str]:
    """The real growth target for ``year`` (the first year of a target path): the region's
    published target for that year (:func:`jinshui_analysis.data.targets.target_for`,
    ``regional/targets.csv``), else ``fallback`` (the report's configured target) labelled as
    such; ``(value, origin)`` with origin ``published``, ``fallback`` or ``none``.
    """
    from jinshui_analysis.data.targets import target_for

    fact = target_for(rd.region, int(year))
    if fact is not None:
        return float(fact.value), "published"
    if fallback is None:
        return None, "none"
    return float(fallback), "fallback"


def catch_up_figures(rd: ReportData, benchmark: str, target_growth: float | None = 8.0,
                     deflator_pct: float | None = None, *, indicator: str = GDP):
    """The one catch-up answer for ``rd.region`` against ``benchmark`` as of the report's period.

    Levels: the region's ``indicator`` series — the management-basis (管理口径) GDP by default,
    or the 民政口径 (administrative-area) figures, a different indicator never mixed in — against
    the benchmark's GDP, annual years up to the report's last full year
    (:func:`~jinshui_analysis.reports.sections.common.last_full_year`).  Scenarios from
    :func:`~jinshui_analysis.models.catchup.catch_up_scenarios`: observed trends within one
    consistent window (no declared break of either region inside it, :func:`trend_breaks`), the
    target path (real target of the path's first year, :func:`path_target`; nominal with the
    deflator when one is given, else real against the benchmark's latest published real growth)
    and a ±1 pp band.  Returns ``(result, reason)``; the result is None when no answer can be
    given.  The target the path used is :func:`target_used`.
    """
    as_of = last_full_year(rd)
    mine = bundled.series(rd.region, indicator, data=rd.real)
    lead = bundled.series(benchmark, GDP, data=rd.real)
    lead_g = bundled.series(benchmark, GDP, measure="yoy_pct", data=rd.real)
    lead_g = lead_g[lead_g.index.astype(int) <= as_of]
    brk = trend_breaks(rd.region, benchmark)

    def run(target: float | None):
        return catch_up_scenarios(lead, mine, as_of=as_of, target_growth_pct=target,
                                  deflator_pct=deflator_pct, breaks=brk,
                                  lead_real_growth_pct=float(lead_g.iloc[-1]) if len(lead_g) else None)

    try:
        res = run(target_growth)
        g, _ = path_target(rd, res.start_period + 1, target_growth)
        if g != target_growth:
            res = run(g)
    except DataError as exc:
        return None, str(exc)
    return res, ""


def target_used(rd: ReportData, res, fallback: float | None) -> tuple[float | None, str]:
    """The target the path of ``res`` (from ``res.start_period``) used: :func:`path_target` of
    the path's first year."""
    return path_target(rd, res.start_period + 1, fallback)


def _years_text(years: float, language: str) -> str:
    return numbers.catch_up_text(years, language)  # the wording the summary uses too


def _band_text(lo: float, hi: float, language: str) -> str:
    if math.isinf(lo) and math.isinf(hi):
        return tr("本区增速±1个百分点时也追不上", "never either with own growth ±1 pp", language)
    return tr(f"本区增速±1个百分点时：{_years_text(lo, language)}至{_years_text(hi, language)}",
              f"own growth ±1 pp: {_years_text(lo, language)} to {_years_text(hi, language)}",
              language)


@memoised
def benchmark_section(rd: ReportData, benchmark: str | None = None, language: str = "zh",
                      lag_growth: float = 8.0, *, deflator_pct: float | None = None) -> Section:
    """Gap to the benchmark region, catch-up time under stated scenarios and a peer ranking.

    Catch-up years t = ln(lead/lag) / ln((1+g_lag)/(1+g_lead)) (:func:`catchup.catch_up`) under
    the scenarios of :func:`catch_up_figures` (the one function every report uses);
    ``lag_growth`` is the region's (real) growth target.
    """
    benchmark = benchmark or rd.profile.benchmark
    peers_of = rd.profile.city or rd.profile.province
    if not benchmark:
        sec = Section(tr("对标分析", "Benchmark", language), language)
        sec.notes.append(tr(f"{rd.region}的地区档案未设对标地区（jinshui.toml 中的 benchmark）。",
                            f"No benchmark is set in {rd.region}'s profile (benchmark in jinshui.toml).",
                            language))
        return sec
    sec = Section(tr(f"对标{benchmark}", f"Benchmark: {benchmark}", language), language)
    if benchmark == rd.region:
        sec.notes.append(tr(f"{rd.region}即为对标地区。", f"{rd.region} is the benchmark itself.", language))
        return sec
    res, why = catch_up_figures(rd, benchmark, lag_growth, deflator_pct)
    if res is None:
        # the model's reason (English, for developers) goes to the log, not into the report
        sec.notes.append(tr(
            f"截至{last_full_year(rd)}年，{rd.region}与{benchmark}没有同一口径下可比的"
            "年度地区生产总值，无法测算追赶年数。",
            f"Up to {last_full_year(rd)}, {rd.region} and {benchmark} have no annual GDP on one "
            "comparable basis: the catch-up time cannot be measured.",
            language))
        del why
        return sec
    y = str(res.start_period)
    r_lead, r_mine = row_of(rd, benchmark, y) or {}, row_of(rd, rd.region, y) or {}
    src = f"{source_of(rd, benchmark, y)}; {source_of(rd, rd.region, y)}"
    ratio = res.lag_value / res.lead_value * 100
    m_lead = unofficial(str(r_lead.get("grade", "")), language)
    m_mine = unofficial(str(r_mine.get("grade", "")), language)
    sec.record("benchmark_gdp", res.lead_value, "亿元",
               tr(f"{benchmark}{y}年地区生产总值（现价）", f"{benchmark} GDP {y} (current prices)",
                  language), src)
    sec.record("benchmark_ratio", ratio, "%",
               tr(f"{y}年相当于{benchmark}的比例（现价）", f"ratio to {benchmark} {y} (current prices)",
                  language), src)
    sec.record("benchmark_year", int(y), "年", tr("对标比较年份", "year compared", language),
               src, headline=False)
    level_note = tr(
        f"{y}年{rd.region}地区生产总值{fmt(res.lag_value, 2)}亿元{m_mine}，为{benchmark}"
        f"（{fmt(res.lead_value, 2)}亿元{m_lead}）的{ratio:.1f}%（现价，管理口径）",
        f"{y}: {rd.region} GDP {fmt(res.lag_value, 2)}亿元{m_mine} is {ratio:.1f}% of {benchmark} "
        f"({fmt(res.lead_value, 2)}亿元{m_lead}) (current prices, management basis)", language)
    civil_note = _civil_comparison(rd, sec, benchmark, y, res, ratio, lag_growth, deflator_pct,
                                   language)
    if ratio >= 100:
        sec.notes.append(level_note + tr("，已超过对标地区。", "; already ahead of the benchmark.", language))
        if civil_note:
            sec.notes.append(civil_note)
        return sec
    sc = res.scenarios
    tr_ = sc.loc["trend"] if "trend" in sc.index else None
    (a_l, b_l), (a_m, b_m) = res.window["lead"], res.window["lag"]
    win = (tr(f"{a_m}—{b_m}年", f"{a_m}–{b_m}", language) if (a_l, b_l) == (a_m, b_m) else
           tr(f"{rd.region}{a_m}—{b_m}年、{benchmark}{a_l}—{b_l}年",
              f"{rd.region} {a_m}–{b_m}, {benchmark} {a_l}–{b_l}", language))
    brk = [b for b in trend_breaks(rd.region, benchmark) if b <= int(res.start_period)]
    if tr_ is None:
        since = (tr(f"（{brk[-1]}年）", f" ({brk[-1]})", language) if brk else "")
        short = [name for name, key in ((rd.region, "lag"), (benchmark, "lead"))
                 if res.window[key][0] >= res.window[key][1]] or [rd.region, benchmark]
        who = tr("、".join(short), " and ".join(short), language)
        text = level_note + tr(
            f"。趋势窗口不跨越任一地区的口径断点（经济普查修订等）：{who}在最近一次"
            f"断点{since}之后不足两个年度总量，无法按同一口径测算名义趋势",
            f". A trend window never spans a series break of either region (census revision or "
            f"basis change): {who} has fewer than two annual levels since the "
            f"latest break{since}, so no trend on one basis can be measured",
            language)
    else:
        # the labels state the condition of each answer (the summary repeats them with the figure)
        sec.record("catch_up_years", float(tr_["years"]), "年",
                   tr(f"按{win}名义年均增速（{rd.region}{tr_['lag_growth_pct']:.2f}%、{benchmark}"
                      f"{tr_['lead_growth_pct']:.2f}%，现价）追赶所需年数",
                      f"years to catch up at the nominal trend growth of {win} ({rd.region} "
                      f"{tr_['lag_growth_pct']:.2f}%, {benchmark} {tr_['lead_growth_pct']:.2f}%, "
                      "current prices)", language), src)
        text = level_note + tr(
            f"。按{win}的名义年均增速（现价，同一口径）：{rd.region}{tr_['lag_growth_pct']:.2f}%、"
            f"{benchmark}{tr_['lead_growth_pct']:.2f}%，若保持此趋势，"
            f"{_years_text(tr_['years'], language)}"
            f"（{_band_text(sc.loc['band_high', 'years'], sc.loc['band_low', 'years'], language)}）",
            f". At the nominal trend growth of {win} (current prices, one basis): {rd.region} "
            f"{tr_['lag_growth_pct']:.2f}%, {benchmark} {tr_['lead_growth_pct']:.2f}%; if the "
            f"trends hold, catching up takes {_years_text(tr_['years'], language)} "
            f"({_band_text(sc.loc['band_high', 'years'], sc.loc['band_low', 'years'], language)})",
            language)
        if brk:
            text += tr(f"（窗口始于{brk[-1]}年口径断点之后，不跨越任一地区的断点）",
                       f" (the window starts after the {brk[-1]} series break and spans no break "
                       "of either region)", language)
    g_path, origin = target_used(rd, res, lag_growth)
    y1 = int(res.start_period) + 1
    if "target" in sc.index:
        lag_growth = g_path
        which_inner = (tr(f"{y1}年目标", f"{y1} target", language) if origin == "published" else
                       tr(f"未找到{y1}年目标，按配置{lag_growth:g}%",
                          f"no {y1} target found; the configured {lag_growth:g}%", language))
        which = tr(f"（{which_inner}）", f" ({which_inner})", language)
        t = sc.loc["target"]
        lead_path = (tr(f"{benchmark}保持名义趋势{t['lead_growth_pct']:.2f}%",
                        f"{benchmark} on its nominal trend {t['lead_growth_pct']:.2f}%", language)
                     if t["basis"] == "nominal" else
                     tr(f"{benchmark}按最近公布的实际增速{t['lead_growth_pct']:g}%",
                        f"{benchmark} at its latest published real growth "
                        f"{t['lead_growth_pct']:g}%", language))
        sec.record("catch_up_years_target", float(t["years"]), "年",
                   tr(f"按实际增长{lag_growth:g}%目标路径（{which_inner}；{lead_path}）追赶所需年数",
                      f"years to catch up on the {lag_growth:g}% real target path ({which_inner}; "
                      f"{lead_path})", language), src)
        if t["basis"] == "nominal":
            how = tr(f"若{rd.region}按目标实际增长{lag_growth:g}%{which}、平减指数{deflator_pct:g}%（假设），"
                     f"即名义增长{t['lag_growth_pct']:.2f}%，{benchmark}保持趋势",
                     f"if {rd.region} grows at its {lag_growth:g}% real target{which} with {deflator_pct:g}% "
                     f"deflator (assumed), i.e. {t['lag_growth_pct']:.2f}% nominal, and {benchmark} "
                     "keeps its trend", language)
        else:
            how = tr(f"若{rd.region}按目标实际增长{lag_growth:g}%{which}、{benchmark}按最近公布的实际增速"
                     f"{t['lead_growth_pct']:g}%增长（均按可比价）",
                     f"if {rd.region} grows at its {lag_growth:g}% real target{which} and {benchmark} at its "
                     f"latest published real growth {t['lead_growth_pct']:g}% (both real)", language)
        text += tr(f"；{how}，{_years_text(t['years'], language)}。",
                   f"; {how}: {_years_text(t['years'], language)}.", language)
    else:
        text += tr("。", ".", language)
    sec.notes.append(text)
    if civil_note:
        sec.notes.append(civil_note)
    table = sc.copy()
    names = {"trend": tr("趋势（名义）", "trend (nominal)", language),
             "band_low": tr("趋势−1个百分点", "trend −1 pp", language),
             "band_high": tr("趋势+1个百分点", "trend +1 pp", language),
             "target": tr("目标路径", "target path", language)}
    table.index = [names[i] for i in table.index]
    table["years"] = table["years"].map(lambda v: "∞" if math.isinf(v) else f"{v:.1f}")
    table["basis"] = table["basis"].map(lambda b: tr("名义（现价）" if b == "nominal" else "实际（可比价）",
                                                     b, language))
    table = table.drop(columns=["period"]).rename(columns={
        "lead_growth_pct": tr(f"{benchmark}增速（%）", f"{benchmark} growth (%)", language),
        "lag_growth_pct": tr(f"{rd.region}增速（%）", f"{rd.region} growth (%)", language),
        "basis": tr("价格口径", "price basis", language),
        "years": tr("追赶年数（∞为追不上）", "years (∞ never)", language)})
    sec.tables.append((tr(f"追赶情景（从{y}年起）", f"Catch-up scenarios (from {y})", language),
                       table.round(2)))
    grid = scenario_grid(res.lead_value, res.lag_value, [6, 7, 8, 9, 10], [4, 5, 6, 7])
    grid = grid.apply(lambda col: col.map(lambda v: f"{v:.1f}" if math.isfinite(v) else "∞"))
    grid.index = [f"{g:g}%" for g in grid.index]
    grid.columns = [f"{g:g}%" for g in grid.columns]
    sec.tables.append((tr("追赶年数情景（行：本区增速%，列：标杆增速%；同一价格口径；∞ 为追不上）",
                          "Years to catch up (rows: own growth %, columns: benchmark growth %; one "
                          "price basis; ∞ never)", language), grid))
    best = sc.loc["target"] if "target" in sc.index and math.isfinite(sc.loc["target", "years"]) \
        else (tr_ if tr_ is not None and math.isfinite(tr_["years"]) else None)
    if best is not None:
        cu = catch_up(res.lead_value, res.lag_value, float(best["lead_growth_pct"]),
                      float(best["lag_growth_pct"]), start_period=res.start_period)
        sec.figures.append(plots.catch_up(cu, lead=benchmark, lag=rd.region))
    fc, _ = gdp_outlook(rd)
    if fc is not None:
        nxt = fc.forecast.index[0]
        v = float(fc.forecast["median"].iloc[0])
        sec.record("forecast_next", v, "亿元", tr(f"{nxt}年{rd.region}地区生产总值预测（中位数，现价）",
                                                 f"{rd.region} GDP forecast {nxt} (median, current prices)",
                                                 language))
        sec.notes.append(tr(f"同一趋势预测（按名义增长率外推，见年度报告“趋势预测”）：{rd.region}{nxt}年约"
                            f"{v:,.1f}亿元（现价）。",
                            f"The same trend forecast (nominal growth extrapolated): {rd.region} {nxt} "
                            f"about {v:,.1f}亿元 (current prices).", language))
    _peer_table(rd, sec, peers_of, language)
    return sec


def _civil_comparison(rd: ReportData, sec: Section, benchmark: str, y: str, res, ratio: float,
                      lag_growth: float | None, deflator_pct: float | None,
                      language: str) -> str:
    """Both of the region's figures for year ``y`` against the benchmark's: the management basis
    (管理口径, the catch-up series) and the administrative-area basis (民政口径), and which one
    compares like with like.  A benchmark with one figure a year (no 管理/民政 split in the
    data) is taken as its whole administrative area, so the 民政口径 figure is the like-for-like
    one.  Records ``benchmark_ratio_civil`` and ``catch_up_years_target_civil``; returns the
    sentence ("" when the region has no 民政口径 figure for ``y``)."""
    civil = row_of(rd, rd.region, y, CIVIL)
    if not civil or row_of(rd, benchmark, y, CIVIL):
        return ""
    value = float(civil["value"])
    ratio_c = value / res.lead_value * 100
    src = f"{source_of(rd, benchmark, y)}; {civil['source']}"
    mark = unofficial(str(civil.get("grade", "")), language)
    sec.record("benchmark_ratio_civil", ratio_c, "%",
               tr(f"{y}年相当于{benchmark}的比例（现价，民政口径：行政区域全域，与{benchmark}全区数据可比）",
                  f"ratio to {benchmark} {y} (current prices, administrative-area basis: like for "
                  f"like with {benchmark}'s whole-district figure)", language), src)
    text = tr(
        f"口径：{benchmark}的{fmt(res.lead_value, 2)}亿元是全区（行政区域）数据；{rd.region}{y}年另有"
        f"民政口径（行政区域全域）{fmt(value, 2)}亿元{mark}，为{benchmark}的{ratio_c:.1f}%，与之口径一致、"
        f"可比；上文管理口径{fmt(res.lag_value, 2)}亿元（{ratio:.1f}%）不含代管部分，低估了{rd.region}相对{benchmark}的规模",
        f"Basis: {benchmark}'s {fmt(res.lead_value, 2)}亿元 covers its whole administrative area; "
        f"{rd.region} {y} also has an administrative-area (民政口径) figure of {fmt(value, 2)}亿元"
        f"{mark}, {ratio_c:.1f}% of {benchmark}: this is the like-for-like comparison; the "
        f"management-basis {fmt(res.lag_value, 2)}亿元 ({ratio:.1f}%) leaves out the area managed "
        "by others and overstates the gap", language)
    res_c, _ = catch_up_figures(rd, benchmark, lag_growth, deflator_pct, indicator=CIVIL)
    if res_c is not None and "target" in res_c.scenarios.index \
            and int(res_c.start_period) == int(res.start_period):
        years = float(res_c.scenarios.loc["target", "years"])
        g, _ = target_used(rd, res_c, lag_growth)
        sec.record("catch_up_years_target_civil", years, "年",
                   tr(f"按民政口径、实际增长{g:g}%目标路径追赶所需年数",
                      f"years to catch up on the administrative-area basis, {g:g}% real target path",
                      language), src)
        text += tr(f"；按民政口径、同一目标路径，{_years_text(years, language)}",
                   f"; on that basis and the same target path: {_years_text(years, language)}",
                   language)
    return text + tr("。", ".", language)


def _peer_table(rd: ReportData, sec: Section, peers_of: str, language: str) -> None:
    """Peers' GDP for one year on one 口径: the (口径, year) up to the report's last full year
    with the most peers covered (the latest among ties); the units left out are listed."""
    districts = list(rd.profile.peers)
    if rd.region not in districts:
        return
    as_of = last_full_year(rd)
    f = rd.real
    rows = f[f["indicator"].isin([GDP, CIVIL]) & (f["measure"] == "level")
             & (codes_info(f["period"])["freq"] == "Y") & f["region"].isin(districts)]
    rows = rows[rows["period"].astype(int) <= as_of]
    if rows.empty:
        return
    cover = rows.groupby(["indicator", "period"])["region"].nunique().reset_index()
    cover = cover.sort_values(["region", "period"], ascending=[False, False])
    ind, py = cover.iloc[0]["indicator"], str(cover.iloc[0]["period"])
    sel = rows[(rows["indicator"] == ind) & (rows["period"] == py)].drop_duplicates("region")
    ranking = sel.set_index("region")["value"].astype(float).sort_values(ascending=False)
    kou = tr("民政口径（行政区划）" if ind == CIVIL else "管理口径",
             "civil-affairs basis (administrative units)" if ind == CIVIL else "management basis",
             language)
    grades = sel.set_index("region")["grade"].astype(str) if "grade" in sel else None
    table = ranking.rename_axis(tr("地区", "region", language)).to_frame(
        tr("地区生产总值（亿元，现价）", "GDP (亿元, current prices)", language))
    if grades is not None:
        table[tr("来源等级", "source grade", language)] = [
            tr({"official": "官方", "press": "媒体", "secondary": "非官方来源"}.get(grades[r], grades[r]),
               grades[r], language) for r in ranking.index]
    sec.tables.append((tr(f"{py}年{peers_of}各区县（市）地区生产总值（{kou}，{len(ranking)}/{len(districts)}个单位）",
                          f"{peers_of} districts, GDP {py} ({kou}; {len(ranking)} of {len(districts)} units)",
                          language), table))
    missing = [d for d in districts if d not in ranking.index]
    if missing:
        sec.notes.append(tr(f"{py}年{kou}排名未含（无该口径该年数据）：{'、'.join(missing)}。",
                            f"Not in the {py} ranking ({kou}; no figure on this basis for that year): "
                            f"{', '.join(missing)}.", language))
    sec.figures.append(plots.bars(ranking, title=tr(f"{py}年{peers_of}各区县（市）地区生产总值（亿元，{kou}）",
                                                    f"{peers_of} districts: GDP {py} (亿元, {kou})", language),
                                  ylabel="亿元", highlight=rd.region,
                                  source=tr("已公布数据，来源及等级见文末", "published figures; sources and grades at the end",
                                            language)))


def gap_section(rd: ReportData, benchmark: str | None = None, peers: Sequence[str] = (),
                language: str = "zh") -> Section:
    """Side-by-side gap table of the region, its benchmark and peers (:func:`benchmark.gap_table`)."""
    benchmark = benchmark or rd.profile.benchmark
    sec = Section(tr("对标差距", "Gap table", language), language)
    regions = [benchmark, rd.region, *[p for p in peers if p not in (benchmark, rd.region)]]
    lv = rd.real[(rd.real["indicator"] == GDP) & (rd.real["measure"] == "level")
                 & rd.real["region"].isin(regions)]
    years = lv.groupby("period")["region"].nunique()
    years = years[(codes_info(years.index)["freq"] == "Y").to_numpy() & (years >= 2)
                  & (years.index.astype(str) <= str(rd.year))]
    if years.empty:
        sec.notes.append(tr("没有可比年份。", "No common year.", language))
        return sec
    y = years[years == years.max()].index.max()
    wide = {}
    for r in regions:
        row = {}
        for ind, meas, col in [(GDP, "level", "地区生产总值"), (GDP, "yoy_pct", "地区生产总值增速"),
                               ("常住人口", "level", "常住人口")]:
            v = rd.real[(rd.real["region"] == r) & (rd.real["indicator"] == ind)
                        & (rd.real["measure"] == meas) & (rd.real["period"] == y)]["value"]
            row[col] = float(v.iloc[0]) if len(v) else float("nan")
        wide[r] = row
    frame = pd.DataFrame.from_dict(wide, orient="index")
    frame = frame[frame["地区生产总值"].notna()]
    if len(frame) < 2 or benchmark not in frame.index:
        sec.notes.append(tr("对标区域缺少数据。", "Benchmark has no data.", language))
        return sec
    table = gap_table(frame, list(frame.index), benchmark=benchmark)
    sec.tables.append((tr(f"{y}年", f"{y}", language), table.round(2)))
    sec.notes.append(tr(f"比较年份：{y}（所选区域数据最全的年份）。", f"Year compared: {y}.", language))
    civil = row_of(rd, rd.region, str(y), CIVIL)
    if civil and not row_of(rd, benchmark, str(y), CIVIL):
        value, lead = float(civil["value"]), float(frame.loc[benchmark, "地区生产总值"])
        sec.notes.append(tr(
            f"表中{rd.region}为管理口径；其民政口径（行政区域全域）{y}年为{fmt(value, 2)}亿元，"
            f"为{benchmark}全区数据的{value / lead * 100:.1f}%，与{benchmark}口径一致、可比。",
            f"{rd.region} is on the management basis in the table; on the administrative-area basis "
            f"its {y} GDP is {fmt(value, 2)}亿元, {value / lead * 100:.1f}% of {benchmark}'s "
            "whole-district figure (like for like).", language))
    return sec

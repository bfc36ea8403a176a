"""对标: gap to the benchmark region, catch-up, peer ranking and the gap table."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.models.catchup import catch_up, gap_table, scenario_grid
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    GDP,
    ReportData,
    source_of,
)
from jinshui_analysis.reports.section import Section, fmt, tr


def benchmark_section(rd: ReportData, benchmark: str | None = None, language: str = "zh",
                      lag_growth: float = 8.0) -> Section:
    """Gap to the benchmark region, catch-up time and a peer ranking.

    Catch-up years t = ln(lead/lag) / ln((1+g_lag)/(1+g_lead)) (:func:`benchmark.catch_up`);
    the benchmark grows at its latest published real growth.
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
    mine = bundled.series(rd.region, GDP, data=rd.real)
    lead = bundled.series(benchmark, GDP, data=rd.real)
    common = sorted(set(mine.index) & set(lead.index))
    common = [y for y in common if int(y) <= rd.year]
    if not common:
        sec.notes.append(tr(f"{rd.region}与{benchmark}没有同一年份的GDP。", "No common year.", language))
        return sec
    y = common[-1]
    lead_g = bundled.series(benchmark, GDP, measure="yoy_pct", data=rd.real)
    lead_g = lead_g[lead_g.index <= y]
    g_lead = float(lead_g.iloc[-1]) if not lead_g.empty else 6.0
    src = f"{source_of(rd, benchmark, y)}; {source_of(rd, rd.region, y)}"
    ratio = float(mine[y]) / float(lead[y]) * 100
    sec.record("benchmark_gdp", float(lead[y]), "亿元", tr(f"{benchmark}{y}年GDP", f"{benchmark} GDP {y}", language), src)
    sec.record("benchmark_ratio", ratio, "%",
               tr(f"相当于{benchmark}的比例", f"ratio to {benchmark}", language), src)
    level_note = tr(
        f"{y}年{rd.region}{fmt(float(mine[y]), 2)}亿元，为{benchmark}（{fmt(float(lead[y]), 2)}亿元）的{ratio:.1f}%",
        f"{y}: {rd.region} {fmt(float(mine[y]), 2)}亿元 is {ratio:.1f}% of {benchmark} "
        f"({fmt(float(lead[y]), 2)}亿元)", language)
    if ratio >= 100:
        sec.notes.append(level_note + tr("，已超过对标地区。", "; already ahead of the benchmark.", language))
        return sec
    res = catch_up(float(lead[y]), float(mine[y]), g_lead, lag_growth, start_period=int(y))
    if math.isfinite(res.years):
        sec.record("catch_up_years", res.years, "年", tr("追赶所需年数", "years to catch up", language), src)
        when = tr(f"需约{res.years:.1f}年追上。", f"it takes {res.years:.1f} years to catch up.", language)
    else:
        when = tr("永远追不上。", "it never catches up.", language)
    sec.notes.append(level_note + tr(f"；若{rd.region}增长{lag_growth}%、{benchmark}增长{g_lead}%，",
                                     f"; at {lag_growth}% vs {g_lead}%, ", language) + when)
    grid = scenario_grid(float(lead[y]), float(mine[y]), [6, 7, 8, 9, 10], [4, 5, 6, 7])
    grid = grid.apply(lambda col: col.map(lambda v: f"{v:.1f}" if math.isfinite(v) else "∞"))
    grid.index = [f"{g:g}%" for g in grid.index]
    grid.columns = [f"{g:g}%" for g in grid.columns]
    sec.tables.append((tr("追赶年数情景（行：本区增速%，列：标杆增速%；∞ 为追不上）",
                          "Years to catch up (rows: own growth %, columns: benchmark growth %; ∞ never)",
                          language), grid))
    if math.isfinite(res.years):
        sec.figures.append(plots.catch_up(res, lead=benchmark, lag=rd.region))
    peers = rd.real[(rd.real["indicator"] == GDP) & (rd.real["measure"] == "level")
                    & rd.real["period"].str.fullmatch(r"\d{4}")]
    districts = set(rd.profile.peers)
    peers = peers[peers["region"].isin(districts) & (peers["period"].astype(int) <= rd.year)]
    if rd.region in districts and not peers.empty:
        counts = peers.groupby("period")["region"].nunique()
        py = counts[counts == counts.max()].index.max()
        ranking = peers[peers["period"] == py].set_index("region")["value"]
        sec.tables.append((tr(f"{py}年{peers_of}各区县（市）GDP（亿元）", f"{peers_of} districts, GDP {py} (亿元)", language),
                           ranking.sort_values(ascending=False)
                           .rename_axis(tr("地区", "region", language))
                           .to_frame(tr("地区生产总值（亿元）", "GDP (亿元)", language))))
        sec.figures.append(plots.bars(ranking, title=tr(f"{py}年{peers_of}各区县（市）地区生产总值（亿元）",
                                                        f"{peers_of} districts: GDP {py} (亿元)", language),
                                      ylabel="亿元", highlight=rd.region, source="bundled data (see notes)"))
    return sec


def gap_section(rd: ReportData, benchmark: str | None = None, peers: Sequence[str] = (),
                language: str = "zh") -> Section:
    """Side-by-side gap table of the region, its benchmark and peers (:func:`benchmark.gap_table`)."""
    benchmark = benchmark or rd.profile.benchmark
    sec = Section(tr("对标差距", "Gap table", language), language)
    regions = [benchmark, rd.region, *[p for p in peers if p not in (benchmark, rd.region)]]
    lv = rd.real[(rd.real["indicator"] == GDP) & (rd.real["measure"] == "level")
                 & rd.real["region"].isin(regions)]
    years = lv.groupby("period")["region"].nunique()
    years = years[years.index.str.fullmatch(r"\d{4}") & (years >= 2)
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
    return sec

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
from jinshui_analysis.reports.section import Section, memoised
from jinshui_analysis.reports.sections.common import gdp_outlook, last_full_year, row_of, unofficial
from jinshui_analysis.reports.text import msg

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
        return msg("benchmark.band_never", language)
    return msg("benchmark.band", language, low=_years_text(lo, language),
               high=_years_text(hi, language))


def years_label(condition: str, language: str) -> str:
    """The label of a catch-up record: the years it takes under ``condition`` (the summary
    reads the condition back with :func:`condition_of`)."""
    return msg("benchmark.years_to_catch_up", language, condition=condition)


def condition_of(label: str, language: str) -> str:
    """The condition of a catch-up record's label (:func:`years_label`)."""
    head, _, tail = years_label("\0", language).partition("\0")
    return label.removeprefix(head).removesuffix(tail)


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
        sec = Section(msg("benchmark.title_none", language), language)
        sec.notes.append(msg("benchmark.no_benchmark", language, region=rd.region))
        return sec
    sec = Section(msg("benchmark.title", language, benchmark=benchmark), language)
    if benchmark == rd.region:
        sec.notes.append(msg("benchmark.is_itself", language, region=rd.region))
        return sec
    res, why = catch_up_figures(rd, benchmark, lag_growth, deflator_pct)
    if res is None:
        # the model's reason (English, for developers) goes to the log, not into the report
        sec.notes.append(msg("benchmark.no_comparable_levels", language, year=last_full_year(rd),
                             region=rd.region, benchmark=benchmark))
        del why
        return sec
    y = str(res.start_period)
    r_lead, r_mine = row_of(rd, benchmark, y) or {}, row_of(rd, rd.region, y) or {}
    src = f"{source_of(rd, benchmark, y)}; {source_of(rd, rd.region, y)}"
    ratio = res.lag_value / res.lead_value * 100
    m_lead = unofficial(str(r_lead.get("grade", "")), language)
    m_mine = unofficial(str(r_mine.get("grade", "")), language)
    sec.record("benchmark_gdp", res.lead_value, "亿元",
               msg("benchmark.gdp_label", language, benchmark=benchmark, year=y), src)
    sec.record("benchmark_ratio", ratio, "%",
               msg("benchmark.ratio_label", language, benchmark=benchmark, year=y), src)
    sec.record("benchmark_year", int(y), "年", msg("benchmark.year_label", language),
               src, headline=False)
    level_note = msg("benchmark.level", language, year=y, region=rd.region, lag=res.lag_value,
                     lag_mark=m_mine, benchmark=benchmark, lead=res.lead_value, lead_mark=m_lead,
                     ratio=ratio)
    civil_note = _civil_comparison(rd, sec, benchmark, y, res, ratio, lag_growth, deflator_pct,
                                   language)
    if ratio >= 100:
        sec.notes.append(msg("benchmark.ahead", language, level=level_note))
        if civil_note:
            sec.notes.append(civil_note)
        return sec
    sc = res.scenarios
    trend_row = sc.loc["trend"] if "trend" in sc.index else None
    (a_l, b_l), (a_m, b_m) = res.window["lead"], res.window["lag"]
    win = (msg("benchmark.window", language, start=a_m, end=b_m) if (a_l, b_l) == (a_m, b_m) else
           msg("benchmark.windows", language, region=rd.region, start=a_m, end=b_m,
               benchmark=benchmark, lead_start=a_l, lead_end=b_l))
    brk = [b for b in trend_breaks(rd.region, benchmark) if b <= int(res.start_period)]
    if trend_row is None:
        since = msg("benchmark.since_break", language, year=brk[-1]) if brk else ""
        short = [name for name, key in ((rd.region, "lag"), (benchmark, "lead"))
                 if res.window[key][0] >= res.window[key][1]] or [rd.region, benchmark]
        text = msg("benchmark.no_trend", language, level=level_note, since=since,
                   who=msg("benchmark.and_sep", language).join(short))
    else:
        # the labels state the condition of each answer (the summary repeats them with the figure)
        trend = {"window": win, "region": rd.region, "benchmark": benchmark,
                 "lag_growth": trend_row["lag_growth_pct"], "lead_growth": trend_row["lead_growth_pct"]}
        sec.record("catch_up_years", float(trend_row["years"]), "年",
                   years_label(msg("benchmark.trend_condition", language, **trend), language), src)
        text = msg("benchmark.trend", language, level=level_note, **trend,
                   years=_years_text(trend_row["years"], language),
                   band=_band_text(sc.loc["band_high", "years"], sc.loc["band_low", "years"],
                                   language))
        if brk:
            text += msg("benchmark.window_after_break", language, year=brk[-1])
    g_path, origin = target_used(rd, res, lag_growth)
    y1 = int(res.start_period) + 1
    if "target" in sc.index:
        lag_growth = g_path
        which_inner = (msg("benchmark.target_published", language, year=y1)
                       if origin == "published" else
                       msg("benchmark.target_configured", language, year=y1, growth=lag_growth))
        which = msg("benchmark.target_which", language, which=which_inner)
        t = sc.loc["target"]
        lead_path = msg("benchmark.lead_nominal_trend" if t["basis"] == "nominal"
                        else "benchmark.lead_published_real", language, benchmark=benchmark,
                        growth=t["lead_growth_pct"])
        sec.record("catch_up_years_target", float(t["years"]), "年",
                   years_label(msg("benchmark.target_condition", language, growth=lag_growth,
                                   which=which_inner, lead_path=lead_path), language), src)
        if t["basis"] == "nominal":
            how = msg("benchmark.how_nominal", language, region=rd.region, growth=lag_growth,
                      which=which, deflator=deflator_pct, nominal=t["lag_growth_pct"],
                      benchmark=benchmark)
        else:
            how = msg("benchmark.how_real", language, region=rd.region, growth=lag_growth,
                      which=which, benchmark=benchmark, lead_growth=t["lead_growth_pct"])
        text += msg("benchmark.target_path", language, how=how,
                    years=_years_text(t["years"], language))
    else:
        text += msg("benchmark.stop", language)
    sec.notes.append(text)
    if civil_note:
        sec.notes.append(civil_note)
    table = sc.copy()
    names = {"trend": msg("benchmark.scenario_trend", language),
             "band_low": msg("benchmark.scenario_band_low", language),
             "band_high": msg("benchmark.scenario_band_high", language),
             "target": msg("benchmark.scenario_target", language)}
    table.index = [names[i] for i in table.index]
    table["years"] = table["years"].map(lambda v: "∞" if math.isinf(v) else f"{v:.1f}")
    table["basis"] = table["basis"].map(
        lambda b: msg("benchmark.basis_nominal" if b == "nominal" else "benchmark.basis_real",
                      language))
    table = table.drop(columns=["period"]).rename(columns={
        "lead_growth_pct": msg("benchmark.col_growth", language, region=benchmark),
        "lag_growth_pct": msg("benchmark.col_growth", language, region=rd.region),
        "basis": msg("benchmark.col_basis", language),
        "years": msg("benchmark.col_years", language)})
    sec.tables.append((msg("benchmark.scenarios_caption", language, year=y), table.round(2)))
    grid = scenario_grid(res.lead_value, res.lag_value, [6, 7, 8, 9, 10], [4, 5, 6, 7])
    grid = grid.apply(lambda col: col.map(lambda v: f"{v:.1f}" if math.isfinite(v) else "∞"))
    grid.index = [f"{g:g}%" for g in grid.index]
    grid.columns = [f"{g:g}%" for g in grid.columns]
    sec.tables.append((msg("benchmark.grid_caption", language), grid))
    best = sc.loc["target"] if "target" in sc.index and math.isfinite(sc.loc["target", "years"]) \
        else (trend_row if trend_row is not None and math.isfinite(trend_row["years"]) else None)
    if best is not None:
        cu = catch_up(res.lead_value, res.lag_value, float(best["lead_growth_pct"]),
                      float(best["lag_growth_pct"]), start_period=res.start_period)
        sec.figures.append(plots.catch_up(cu, lead=benchmark, lag=rd.region))
    fc, _ = gdp_outlook(rd)
    if fc is not None:
        nxt = fc.forecast.index[0]
        v = float(fc.forecast["median"].iloc[0])
        sec.record("forecast_next", v, "亿元",
                   msg("benchmark.forecast_label", language, year=nxt, region=rd.region))
        sec.notes.append(msg("benchmark.forecast", language, region=rd.region, year=nxt, value=v))
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
               msg("benchmark.ratio_civil_label", language, year=y, benchmark=benchmark), src)
    text = msg("benchmark.civil", language, benchmark=benchmark, lead=res.lead_value,
               region=rd.region, year=y, value=value, mark=mark, ratio_civil=ratio_c,
               lag=res.lag_value, ratio=ratio)
    res_c, _ = catch_up_figures(rd, benchmark, lag_growth, deflator_pct, indicator=CIVIL)
    if res_c is not None and "target" in res_c.scenarios.index \
            and int(res_c.start_period) == int(res.start_period):
        years = float(res_c.scenarios.loc["target", "years"])
        g, _ = target_used(rd, res_c, lag_growth)
        sec.record("catch_up_years_target_civil", years, "年",
                   years_label(msg("benchmark.civil_target_condition", language, growth=g),
                               language), src)
        text += msg("benchmark.civil_target", language, years=_years_text(years, language))
    return text + msg("benchmark.stop", language)


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
    kou = msg("benchmark.basis_civil" if ind == CIVIL else "benchmark.basis_management", language)
    grades = sel.set_index("region")["grade"].astype(str) if "grade" in sel else None
    table = ranking.rename_axis(msg("benchmark.col_region", language)).to_frame(
        msg("benchmark.col_gdp", language))
    if grades is not None:
        words = {"official": "benchmark.grade_official", "press": "benchmark.grade_press",
                 "secondary": "benchmark.grade_secondary"}
        table[msg("benchmark.col_grade", language)] = [
            msg(words[grades[r]], language) if grades[r] in words else grades[r]
            for r in ranking.index]
    sec.tables.append((msg("benchmark.peers_caption", language, year=py, peers_of=peers_of,
                           basis=kou, shown=len(ranking), total=len(districts)), table))
    missing = [d for d in districts if d not in ranking.index]
    if missing:
        sec.notes.append(msg("benchmark.peers_missing", language, year=py, basis=kou,
                             names=msg("benchmark.list_sep", language).join(missing)))
    sec.figures.append(plots.bars(ranking, title=msg("benchmark.peers_chart", language, year=py,
                                                     peers_of=peers_of, basis=kou),
                                  ylabel="亿元", highlight=rd.region,
                                  source=msg("benchmark.peers_source", language)))


def gap_section(rd: ReportData, benchmark: str | None = None, peers: Sequence[str] = (),
                language: str = "zh") -> Section:
    """Side-by-side gap table of the region, its benchmark and peers (:func:`benchmark.gap_table`)."""
    benchmark = benchmark or rd.profile.benchmark
    sec = Section(msg("benchmark.gap_title", language), language)
    regions = [benchmark, rd.region, *[p for p in peers if p not in (benchmark, rd.region)]]
    lv = rd.real[(rd.real["indicator"] == GDP) & (rd.real["measure"] == "level")
                 & rd.real["region"].isin(regions)]
    years = lv.groupby("period")["region"].nunique()
    years = years[(codes_info(years.index)["freq"] == "Y").to_numpy() & (years >= 2)
                  & (years.index.astype(str) <= str(rd.year))]
    if years.empty:
        sec.notes.append(msg("benchmark.gap_no_year", language))
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
        sec.notes.append(msg("benchmark.gap_no_data", language))
        return sec
    table = gap_table(frame, list(frame.index), benchmark=benchmark)
    sec.tables.append((msg("benchmark.gap_caption", language, year=y), table.round(2)))
    sec.notes.append(msg("benchmark.gap_year", language, year=y))
    civil = row_of(rd, rd.region, str(y), CIVIL)
    if civil and not row_of(rd, benchmark, str(y), CIVIL):
        value, lead = float(civil["value"]), float(frame.loc[benchmark, "地区生产总值"])
        sec.notes.append(msg("benchmark.gap_civil", language, region=rd.region, year=y,
                             value=value, benchmark=benchmark, ratio=value / lead * 100))
    return sec

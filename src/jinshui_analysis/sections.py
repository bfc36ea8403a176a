"""The computations behind each section of the report notebooks.

A report notebook cell is one call, e.g. ``show(sections.target(rd, 8.0, 2000))``: the function
here gathers the inputs from :class:`ReportData`, calls the model functions (``growth``,
``benchmark``, ``projects``, ``forecast``), and returns a :class:`Section` holding tables, charts,
notes and the key figures to record.  So any number in a report is two hops from its formula:
report → section function here → model function (whose docstring states the formula and source).

Data: with ``data="bundled"`` the published figures come from :func:`~jinshui_analysis.data.load_bundled`,
and what is not published (monthly indicators, quarterly GDP, key-project lists, sector accounts)
comes from :mod:`jinshui_analysis.demo`, labelled 示例数据 / synthetic in every table, chart and
note that uses it.  With a user path, only the user's tables (plus the bundled published figures
for other regions) are used; a section whose inputs are missing says so instead of inventing them.
"""

from __future__ import annotations

import calendar
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from jinshui_analysis import demo, growth, params, plots, report
from jinshui_analysis.benchmark import catch_up, scenario_grid
from jinshui_analysis.data import TIDY_COLUMNS, bundled, files, load_bundled, read_table
from jinshui_analysis.exceptions import DataError, JinshuiWarning, ParameterError
from jinshui_analysis.periods import parse_period
from jinshui_analysis.projects import schedule_progress

GDP = "地区生产总值"
MONTHLY_INDICATORS = {
    "规模以上工业增加值": ("Industrial value added (above designated size)", "yoy_pct"),
    "社会消费品零售总额": ("Retail sales of consumer goods", "level"),
    "固定资产投资": ("Fixed-asset investment", "yoy_pct"),
    "一般公共预算收入": ("General public budget revenue", "level"),
}
DEMO = demo.DEMO_LABEL


def tr(zh: str, en: str, language: str) -> str:
    """Pick the label of ``language`` ("zh" or "en")."""
    return zh if language == "zh" else en


@dataclass
class Section:
    """What a report section shows: title, key figures, tables, charts and notes.

    ``records`` are (name, value, unit, label, source, synthetic) tuples written to the report's
    key-figure JSON by :func:`show`.
    """

    title: str
    language: str = "zh"
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    figures: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    synthetic: bool = False

    def record(self, name: str, value: Any, unit: str, label: str, source: str = "",
               synthetic: bool = False, headline: bool = True) -> None:
        self.records.append(
            {"name": name, "value": value, "unit": unit, "label": label, "source": source,
             "synthetic": synthetic, "headline": headline}
        )

    def figures_dict(self) -> dict[str, Any]:
        return {r["name"]: r["value"] for r in self.records}


# --------------------------------------------------------------------------- data
def read_projects(path: Path) -> demo.ProjectData:
    """Read a user's key-project table.

    Layout: one row per project with columns ``project_id, name, level, planned`` (亿元, the
    year's planned investment) and one column per month ``YYYY-MM`` holding that month's completed
    investment (亿元).  Blank month cells count as 0.
    """
    frame = pd.read_csv(path, dtype={"project_id": str})
    need = {"project_id", "level", "planned"}
    missing = sorted(need - set(frame.columns))
    if missing:
        raise DataError(f"project table lacks column(s) {missing} (needs project_id, level, "
                        "planned and month columns YYYY-MM)", file=str(path))
    months = [c for c in frame.columns if re.fullmatch(r"\d{4}-\d{2}", str(c))]
    if not months:
        raise DataError("project table has no month columns like '2023-01'", file=str(path))
    frame = frame.set_index("project_id")
    completed = frame[months].fillna(0.0).astype(float).T
    completed.index.name = "period"
    projects = frame.drop(columns=months)
    projects["source"] = f"{path.name}"
    return demo.ProjectData(projects=projects, completed=completed, year=int(months[0][:4]),
                            synthetic=False)


@dataclass(frozen=True)
class ReportData:
    """Inputs of one report: real figures, plus demo data where nothing is published.

    Attributes
    ----------
    region, period : the report's region and month ("YYYY-MM").
    real : tidy frame of real figures (bundled, plus the user's tables when given).
    monthly : tidy frame of monthly YTD indicators for ``region`` (user or demo).
    quarterly : tidy frame of quarterly YTD GDP for ``region`` (user or demo).
    projects : key-project data or None.
    sectors : (levels, real_growth) sector accounts or None.
    synthetic : names of the inputs that are demo data.
    data_hash : SHA-256 of the input files (the digest of the report's provenance footer,
        :func:`jinshui_analysis.report.data_fingerprint`).
    """

    region: str
    period: str
    data: str
    real: pd.DataFrame
    monthly: pd.DataFrame
    quarterly: pd.DataFrame
    projects: demo.ProjectData | None
    sectors: tuple[pd.DataFrame, pd.DataFrame] | None
    synthetic: frozenset[str]
    data_hash: str
    notes: tuple[str, ...] = ()
    scale_note: str = ""

    @property
    def year(self) -> int:
        return int(self.period[:4])

    @property
    def month(self) -> int:
        return int(self.period[5:7])

    @cached_property
    def sources(self) -> list[str]:
        used = self.real[self.real["region"].isin([self.region])]["source"].astype(str)
        return sorted(set(used))


def latest_annual(real: pd.DataFrame, region: str,
                  before: int | None = None) -> tuple[str, float] | None:
    """(year, value) of the latest annual GDP of ``region`` before year ``before`` (or None)."""
    s = bundled.series(region, GDP, data=real)
    if before is not None:
        s = s[s.index.astype(int) < before]
    if s.empty:
        return None
    return s.index[-1], float(s.iloc[-1])


def _latest_annual(real: pd.DataFrame, region: str, before: int | None = None) -> tuple[str, float]:
    found = latest_annual(real, region, before)
    if found is None:
        when = f" before {before}" if before is not None else ""
        raise DataError(f"no annual {GDP} for region {region!r}{when} in the data")
    return found


def _gdp_named(frame: pd.DataFrame) -> pd.DataFrame:
    """A country's 国内生产总值 is its 地区生产总值 here (one indicator name for GDP)."""
    frame = frame.copy()
    frame.loc[frame["indicator"] == "国内生产总值", "indicator"] = GDP
    return frame


def _read_user_tables(paths: Sequence[Path]) -> tuple[pd.DataFrame, list[str]]:
    """Read the user's tables; their warnings (placeholders, skipped rows) become data notes."""
    frames, notes = [], []
    for f in paths:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frames.append(read_table(f))
        notes.extend(str(w.message) for w in caught if issubclass(w.category, JinshuiWarning))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIDY_COLUMNS)
    return frame, notes


def _as_quarters(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Year-to-date GDP levels of ``frame`` as quarters: 1-3月/1-6月… → Q1/Q2…, a year → Q4."""
    lv = frame[(frame["indicator"] == GDP) & (frame["measure"] == "level")].copy()
    per = lv["period"].astype(str)
    quarters = lv[per.str.fullmatch(r"\d{4}Q[1-4]")]
    months = lv[per.str.fullmatch(r"\d{4}-(03|06|09|12)") & lv["cumulative"].astype(bool)].copy()
    months["period"] = months["period"].str[:4] + "Q" + (months["period"].str[5:7].astype(int) // 3).astype(str)
    annual = lv[per.str.fullmatch(r"\d{4}")].copy()
    annual["period"] = annual["period"] + "Q4"
    out = pd.concat([quarters, months, annual])
    out["cumulative"] = out["period"].str[-1] != "1"
    out = out.drop_duplicates("period", keep="first")
    return out[out["period"] <= f"{year}Q4"].sort_values("period").reset_index(drop=True)


def load_report_data(region: str, period: str | None, data: str | Path = "bundled",
                     *, seed: int = 2023) -> ReportData:
    """Gather a report's inputs (see :class:`ReportData`).

    Parameters
    ----------
    region : str
        Region name as in the data, e.g. "金水区".
    period : str or None
        Report month "YYYY-MM"; None: December of the latest year with published annual GDP
        for ``region``.
    data : "bundled" or path
        The bundled data, or the user's bulletin table / folder of tables (read with
        :func:`~jinshui_analysis.data.read_table`; a ``projects.csv`` in the folder is read with
        :func:`read_projects`).
    seed : int
        Seed of the demo generators (bundled mode only).

    Notes
    -----
    Bundled mode fills what is not published with :mod:`jinshui_analysis.demo`, calibrated to the
    region's latest published annual GDP before the report year (a December report, i.e. an
    annual review, may use that year's own total).  Demo levels of regions other than 金水区 are
    金水区's published anchors scaled by the ratio of the two regions' GDP (said in the notes).
    Years after the last published total grow at seeded demo rates around 7 %, not at the
    target.  A region with no published annual GDP before the report year gets no demo data.
    """
    real = _gdp_named(load_bundled())
    params.check_data(str(data))
    notes: list[str] = []
    user_frame = None
    if str(data) != "bundled":
        user_frame, notes = _read_user_tables(files.table_files(data))
        user_frame = _gdp_named(user_frame)
    if period is None:
        frame = real if user_frame is None else pd.concat([real, user_frame])
        period = f"{_latest_annual(frame, region)[0]}-12"
    p = parse_period(period)
    if p.freq != "M":
        raise ParameterError(f"need a month 'YYYY-MM', got {period!r}", parameter="period")
    synthetic: set[str] = set()
    projects = None
    sectors = None
    scale_note = ""
    empty = pd.DataFrame(columns=TIDY_COLUMNS)
    if user_frame is None:
        if region not in set(real["region"]):
            raise ParameterError(f"unknown region {region!r} (not in the bundled data)",
                                 parameter="region")
        last = latest_annual(real, region, before=p.year + 1 if p.month == 12 else p.year)
        if last is None:
            monthly, quarterly = empty, empty
            notes.append(f"{region}: no published annual {GDP} before {p.year} in the bundled "
                         "data, so no demo data can be calibrated for this report")
        else:
            last_year, last_value = int(last[0]), last[1]
            rng = np.random.default_rng(seed + p.year)
            scale = last_value / demo.JINSHUI_GDP_2022
            if region != "金水区":
                scale_note = (f"示例数据按金水区已公布总量并按GDP比例缩放（{region} {last_year}年 "
                              f"{last_value:,.2f}亿元 ÷ 金水区2022年1932亿元 = {scale:.3f}） / "
                              "demo data are 金水区's published anchors scaled by this GDP ratio")
            monthly = demo.monthly_indicators(region, years=(p.year - 1, p.year),
                                              through=p.period, seed=seed, warn=False,
                                              scale=scale)
            annual = {last_year: last_value}
            for y in range(last_year - 1, last_year - 4, -1):
                annual[y] = round(annual[y + 1] / (1 + rng.normal(7.0, 1.0) / 100), 2)
            for y in range(last_year + 1, p.year + 1):
                annual[y] = round(annual[y - 1] * (1 + rng.normal(7.0, 1.0) / 100), 2)
            quarterly = demo.quarterly_gdp(region, annual=annual, seed=seed, warn=False)
            quarterly = quarterly[quarterly["period"] <= f"{p.year}Q{p.month // 3 or 1}"]
            if p.month < 3:
                quarterly = quarterly[~quarterly["period"].str.startswith(str(p.year))]
            n = max(10, round(demo.PROJECT_COUNT_2023 * scale)) if region != "金水区" \
                else demo.PROJECT_COUNT_2023
            projects = demo.key_projects(
                p.year, n_projects=n,
                total_investment=round(demo.PROJECT_TOTAL_INVESTMENT_2023 * scale, 1),
                planned=round(demo.PROJECT_PLAN_2023 * scale, 1), seed=seed, warn=False)
            sectors = demo.sector_accounts(region, total_last=last_value, last_year=last_year,
                                           seed=seed)
            synthetic |= {"monthly", "quarterly", "projects", "sectors"}
    else:
        for f in files.project_files(data):
            projects = read_projects(f)
        if region not in set(user_frame["region"]) | set(real["region"]):
            raise ParameterError(f"unknown region {region!r} (not in {data} nor the bundled data)",
                                 parameter="region")
        real = pd.concat([real, user_frame], ignore_index=True).drop_duplicates(
            ["region", "indicator", "measure", "period"], keep="last")
        mine = user_frame[user_frame["region"] == region]
        monthly = mine[mine["period"].str.fullmatch(r"\d{4}-\d{2}")
                       & (mine["period"] <= p.period)].reset_index(drop=True)
        quarterly = _as_quarters(mine, p.year)
        quarterly = quarterly[quarterly["period"] <= f"{p.year}Q{p.month // 3 or 1}"
                              if p.month >= 3 else ~quarterly["period"].str.startswith(str(p.year))]
    return ReportData(region=region, period=p.period, data=str(data), real=real, monthly=monthly,
                      quarterly=quarterly, projects=projects, sectors=sectors,
                      synthetic=frozenset(synthetic),
                      data_hash=report.data_fingerprint(str(data))["sha256"],
                      notes=tuple(notes), scale_note=scale_note)


# --------------------------------------------------------------------------- helpers
def source_of(rd: ReportData, region: str, period: str, indicator: str = GDP,
              measure: str = "level") -> str:
    """The ``source`` text of one real figure (empty when absent)."""
    f = rd.real
    sel = f[(f["region"] == region) & (f["indicator"] == indicator) & (f["measure"] == measure)
            & (f["period"] == str(period))]
    return str(sel["source"].iloc[0]) if len(sel) else ""


def _indexed(frame: pd.DataFrame) -> pd.DataFrame:
    """The first column as the index (no 0, 1, 2 … row numbers in reports)."""
    return frame.set_index(frame.columns[0])


def _fmt(x: float, nd: int = 1) -> str:
    return f"{x:,.{nd}f}"


def split_list(text: str | Sequence[str]) -> list[str]:
    """Split a comma-separated parameter ("中原区,二七区" or "中原区，二七区") into names."""
    if not isinstance(text, str):
        return [str(t) for t in text]
    return [t.strip() for t in re.split(r"[,，、]", text) if t.strip()]


def national_contributions() -> growth.ContributionResults:
    """NBS three-industry contributions 2017–2020 recomputed from the bundled official inputs.

    Inputs: current-price values and the 1978=100 volume indices
    (:func:`jinshui_analysis.data.bundled.national_accounts`); convention of
    :func:`growth.contributions` (constant 2015 prices).  The 2015 level of the 1978=100 index is not in the table; it is
    derived as VI_2016 / (I_2016 / 100) from 2016's 上年=100 index, so 2016 is less exact
    (the 上年=100 index is rounded to 0.1) than 2017–2020.
    """
    acc = bundled.national_accounts()
    levels = acc["levels"].loc["2015":"2020"]
    vi = acc["volume_index"].loc["2015":"2020"].copy()
    # 2015 index level from 2016's level and its 上年=100 index: VI_2015 = VI_2016 / (I_2016/100)
    vi.loc["2015"] = vi.loc["2016"] / (acc["volume_index_prev"].loc["2016"] / 100)
    res = growth.contributions(levels, volume_index=vi, total="GDP")
    return res


# --------------------------------------------------------------------------- sections
def _annual_before(rd: ReportData, sec: Section) -> tuple[str, float] | None:
    """Latest annual GDP before the report year, or None with a note saying it is missing."""
    found = latest_annual(rd.real, rd.region, before=rd.year)
    if found is None:
        sec.notes.append(tr(f"{rd.year}年以前没有{rd.region}的年度地区生产总值。",
                            f"No annual GDP for {rd.region} before {rd.year}.", sec.language))
    return found


def headline(rd: ReportData, language: str = "zh") -> Section:
    """Headline numbers: the latest published annual GDP and the month's YTD indicators."""
    sec = Section(tr("主要指标", "Headline figures", language), language)
    found = _annual_before(rd, sec)
    if found is None:
        return sec
    year, value = found
    g = bundled.series(rd.region, GDP, measure="yoy_pct", data=rd.real)
    src = source_of(rd, rd.region, year)
    published = tr("已公布", "published", language) if rd.data == "bundled" else \
        tr("用户数据", "user data", language)
    sec.record("gdp_latest", value, "亿元", tr(f"{year}年地区生产总值", f"GDP {year}", language), src)
    sec.record("gdp_latest_year", int(year), "年", tr("最新年度", "latest year", language), src,
               headline=False)
    rows = [(tr(f"地区生产总值（{year}年）", f"GDP ({year})", language), value, "亿元",
             g.get(year, float("nan")), published)]
    syn = "monthly" in rd.synthetic
    for ind, (en, _) in MONTHLY_INDICATORS.items():
        lv = bundled.series(rd.region, ind, measure="level", freq="M", data=rd.monthly)
        yo = bundled.series(rd.region, ind, measure="yoy_pct", freq="M", data=rd.monthly)
        if rd.period not in yo.index:
            continue
        level = lv.get(rd.period, float("nan"))
        growth_pct = float(yo[rd.period])
        key = {"规模以上工业增加值": "industry", "社会消费品零售总额": "retail",
               "固定资产投资": "investment", "一般公共预算收入": "revenue"}[ind]
        label = tr(ind, en, language)
        sec.record(f"{key}_ytd_yoy", growth_pct, "%", label + tr("累计增速", " YTD growth", language),
                   synthetic=syn)
        if pd.notna(level):
            sec.record(f"{key}_ytd", float(level), "亿元", label + tr("累计", " YTD", language),
                       synthetic=syn)
        rows.append((label + tr(f"（1-{rd.month}月）", f" (Jan–{calendar.month_abbr[rd.month]})",
                                language), level,
                     "亿元" if pd.notna(level) else "—", growth_pct,
                     DEMO if syn else tr("用户数据", "user data", language)))
    table = pd.DataFrame(rows, columns=[tr("指标", "indicator", language), tr("数值", "value", language),
                                        tr("单位", "unit", language), tr("同比增长（%）", "YoY growth (%)", language),
                                        tr("来源", "source", language)])
    sec.tables.append(("", _indexed(table)))
    sec.notes.append(tr(f"{year}年地区生产总值来源：{src}", f"Source of GDP {year}: {src}", language))
    if syn:
        sec.synthetic = True
        sec.notes.append(tr("月度指标为示例数据（未公开发布，按已公布年度总量校准）",
                            "Monthly indicators are synthetic demo data calibrated to published annual totals",
                            language) + f" — {DEMO}")
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    return sec


def target(rd: ReportData, target_growth: float = 8.0, threshold: float = 2000.0,
           language: str = "zh", *, deflator_pct: float = 0.0) -> Section:
    """YTD GDP against the target path and the growth still required this year.

    Uses :func:`growth.done_weight` and :func:`growth.required_remaining_growth`
    ((1+G) = w(1+g_ytd) + (1−w)(1+g_rest)); the threshold year from :func:`growth.crossing` and
    the one-year growth needed from :func:`growth.required_growth`.  YTD growth is computed from
    current-price levels (nominal) and turned real with ``deflator_pct`` (assumption, printed).
    """
    sec = Section(tr("年度目标进度", "Progress against the annual target", language), language)
    found = _annual_before(rd, sec)
    if found is None:
        return sec
    last_year, last_value = found
    src = source_of(rd, rd.region, last_year)
    if last_value >= threshold:
        sec.notes.append(tr(
            f"{last_year}年地区生产总值{_fmt(last_value, 2)}亿元，已超过{threshold:g}亿元。",
            f"GDP {last_year}: {_fmt(last_value, 2)}亿元, already above {threshold:g}亿元.", language))
    else:
        cross = growth.crossing(last_value, target_growth, threshold, int(last_year))
        need = growth.required_growth(last_value, threshold, rd.year - int(last_year))
        sec.record("growth_to_threshold", need, "%",
                   tr(f"{rd.year}年达到{threshold:g}亿元所需年均增速",
                      f"growth a year needed to reach {threshold:g} by {rd.year}", language), src)
        if cross.period is None:
            sec.notes.append(tr(
                f"{last_year}年地区生产总值{_fmt(last_value, 2)}亿元；按{target_growth}%增长，"
                f"{cross.horizon}年内达不到{threshold:g}亿元。",
                f"GDP {last_year}: {_fmt(last_value, 2)}亿元; at {target_growth}% it does not reach "
                f"{threshold:g}亿元 within {cross.horizon} years.", language))
        else:
            sec.record("threshold_year", cross.period, "年",
                       tr(f"按{target_growth}%增长突破{threshold:g}亿元的年份",
                          f"year GDP passes {threshold:g} at {target_growth}%", language), src)
            sec.notes.append(tr(
                f"{last_year}年地区生产总值{_fmt(last_value, 2)}亿元；按{target_growth}%增长，"
                f"{cross.period}年达到{_fmt(float(cross.path.iloc[-1]), 2)}亿元，突破{threshold:g}亿元；"
                f"从{last_year}年到{rd.year}年达到{threshold:g}亿元需年均增长{need:.2f}%。",
                f"GDP {last_year}: {_fmt(last_value, 2)}亿元; at {target_growth}% it reaches "
                f"{_fmt(float(cross.path.iloc[-1]), 2)}亿元 in {cross.period}, passing {threshold:g}亿元; "
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


def projection(rd: ReportData, target_growth: float = 8.0, language: str = "zh", *,
               deflator_pct: float = 0.0) -> Section:
    """Year-end projection and the probability of meeting the target (forecast module).

    :func:`forecast.year_end_projection` on current-price YTD levels; the real target is compared
    with nominal growth through ``deflator_pct`` (an explicit assumption, printed).
    """
    from jinshui_analysis import forecast

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
    res = forecast.year_end_projection(ytd, history, target_growth_pct=target_growth,
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


def dashboard(rd: ReportData, language: str = "zh", city: str = "郑州市") -> Section:
    """Monthly indicator dashboard: YTD growth this year vs last year, and vs the city."""
    sec = Section(tr("月度指标", "Monthly indicators", language), language)
    syn = "monthly" in rd.synthetic
    panels = []
    rows = []
    for ind, (en, _) in MONTHLY_INDICATORS.items():
        yo = bundled.series(rd.region, ind, measure="yoy_pct", freq="M", data=rd.monthly)
        if yo.empty:
            continue
        this = yo[yo.index.str.startswith(str(rd.year))]
        last = yo[yo.index.str.startswith(str(rd.year - 1))]
        frame = pd.DataFrame({
            tr(f"{rd.year}年", str(rd.year), language): this.set_axis(this.index.str[5:]),
            tr(f"{rd.year - 1}年", str(rd.year - 1), language): last.set_axis(last.index.str[5:]),
        })
        cityv = bundled.series(city, ind, measure="yoy_pct", freq="M", data=rd.real)
        cityv = cityv[cityv.index.str.startswith(str(rd.year))]
        if not cityv.empty:
            frame[tr(city, city, language)] = cityv.set_axis(cityv.index.str[5:])
        frame.index.name = tr("月份", "month", language)
        panels.append((tr(ind + "累计增速", en + " YTD growth", language), frame, "%"))
        rows.append((tr(ind, en, language), this.get(rd.period, float("nan")),
                     last.get(f"{rd.year - 1}-{rd.month:02d}", float("nan")),
                     cityv.get(rd.period, float("nan"))))
    if not panels:
        sec.notes.append(tr("数据中没有月度指标。", "No monthly indicators in the data.", language))
        return sec
    sec.tables.append(("", _indexed(pd.DataFrame(rows, columns=[
        tr("指标", "indicator", language), tr("本年累计增速（%）", "YTD growth this year (%)", language),
        tr("上年同期（%）", "same period last year (%)", language), tr(f"{city}（%）", f"{city} (%)", language)]))))
    sec.figures.append(plots.dashboard(panels, synthetic=syn,
                                       title=tr(f"{rd.region} 月度指标累计增速（%）",
                                                f"{rd.region}: monthly indicators, YTD growth (%)", language)))
    if syn:
        sec.synthetic = True
        sec.notes.append(tr("月度指标为示例数据；城市对比为已公布数据（如有）。",
                            "Monthly indicators are synthetic; city values are published figures where they exist.",
                            language) + f" — {DEMO}")
    return sec


def contributions(rd: ReportData, target_growth: float = 8.0, language: str = "zh") -> Section:
    """Sector contributions and pulling points, and what the digital-economy figures imply.

    Digital economy: 42% of GDP and 46.5% of growth (大象新闻 2023-02-13) → implied growth
    g_d = g × 46.5 / 42 (:func:`growth.implied_growth`) and its pulling g × 46.5% (百分点).
    """
    sec = Section(tr("产业贡献", "Contributions to growth", language), language)
    art = rd.real[(rd.real["region"] == rd.region)]
    share = art[art["indicator"] == "数字经济规模占地区生产总值比重"]
    contrib = art[art["indicator"] == "数字经济对经济增长贡献率"]
    if not share.empty and not contrib.empty:
        s, c = float(share["value"].iloc[0]), float(contrib["value"].iloc[0])
        g_d = growth.implied_growth(s, c, target_growth)
        path = growth.share_path(s, g_d, target_growth, 5, start_period=int(share["period"].iloc[0]))
        src = str(share["source"].iloc[0])
        sec.record("digital_share", s, "%", tr("数字经济占GDP比重", "digital economy share of GDP", language), src)
        sec.record("digital_contribution", c, "%", tr("数字经济对增长贡献率", "digital economy contribution", language), src)
        sec.record("digital_implied_growth", g_d, "%",
                   tr(f"GDP增长{target_growth}%时数字经济隐含增速", f"implied digital growth at {target_growth}% GDP growth", language), src)
        sec.record("digital_pulling", target_growth * c / 100, "百分点",
                   tr("数字经济拉动", "digital economy pulling", language), src)
        sec.notes.append(tr(
            f"数字经济占比{s}%、贡献率{c}%：若GDP增长{target_growth}%，数字经济需增长{g_d:.2f}%"
            f"（= {target_growth}×{c}/{s}），拉动GDP增长{target_growth * c / 100:.2f}个百分点；"
            f"若持续，{path.index[-1]}年占比约{float(path['share_pct'].iloc[-1]):.1f}%。"
            "（贡献率口径未注明，按名义计算）",
            f"Digital economy {s}% of GDP and {c}% of growth: at {target_growth}% GDP growth it must grow "
            f"{g_d:.2f}% (= {target_growth}×{c}/{s}), pulling {target_growth * c / 100:.2f} pp; "
            "price basis of the published contribution not stated (treated as nominal).", language))
        path = path.to_frame() if isinstance(path, pd.Series) else path
        path = path.rename(columns={
            "share_pct": tr("占比（%）", "share (%)", language),
            "component_growth_pct": tr("数字经济增速（%）", "digital growth (%)", language),
            "total_growth_pct": tr("GDP增速（%）", "GDP growth (%)", language)})
        sec.tables.append((tr("若持续：数字经济占比路径", "If it persists: digital-economy share path", language),
                           path.round(2)))
    if rd.sectors is not None:
        levels, real_growth = rd.sectors
        res = growth.contributions(levels, real_growth=real_growth, total="GDP")
        last = res.rate.index[-1]
        for comp in res.rate.columns:
            sec.record(f"contribution_{comp}", float(res.rate.loc[last, comp]), "%",
                       tr(f"{comp}贡献率（{last}）", f"{comp} contribution rate ({last})", language),
                       synthetic="sectors" in rd.synthetic)
        names = {"第一产业": "primary", "第二产业": "secondary", "第三产业": "tertiary"}
        wide = pd.concat({tr("贡献率（%）", "contribution rate (%)", language): res.rate,
                          tr("拉动（百分点）", "pulling (pp)", language): res.pulling}, axis=1)
        wide = wide.rename(columns=lambda c: tr(c, names.get(c, c), language), level=1)
        wide = wide.rename_axis(index=tr("年份", "year", language), columns=[None, None])
        sec.tables.append((tr("三次产业贡献率与拉动", "Contribution and pulling by industry", language),
                           wide.round(2)))
        sec.figures.append(plots.contributions(res, synthetic="sectors" in rd.synthetic,
                                               title=tr(f"{rd.region} 三次产业拉动（百分点）",
                                                        f"{rd.region}: pulling by industry (pp)", language)))
        if "sectors" in rd.synthetic:
            sec.synthetic = True
            sec.notes.append(tr("三次产业数据为示例数据（未公开发布）", "Sector accounts are synthetic", language)
                             + f" — {DEMO}")
    if not sec.records:
        sec.notes.append(tr("数据中没有产业或数字经济数据。", "No sector or digital-economy data.", language))
    return sec


def key_projects(rd: ReportData, language: str = "zh", n_behind: int = 10) -> Section:
    """Key-project pipeline against 序时进度 (:func:`projects.schedule_progress`)."""
    sec = Section(tr("重点项目序时进度", "Key projects against schedule", language), language)
    if rd.projects is None:
        sec.notes.append(tr("没有重点项目数据。", "No key-project data.", language))
        return sec
    res = schedule_progress(rd.projects.projects, rd.projects.completed, rd.period,
                            synthetic=rd.projects.synthetic)
    syn = res.synthetic
    sec.synthetic = syn
    sec.record("projects_count", len(res.table), "个", tr("重点项目个数", "key projects", language), synthetic=syn)
    sec.record("projects_planned", float(res.table["planned"].sum()), "亿元",
               tr("年度计划投资", "planned investment", language), synthetic=syn)
    sec.record("projects_completion_pct", res.completion_pct, "%",
               tr("完成年度计划", "completion of annual plan", language), synthetic=syn)
    sec.record("projects_gap_pp", res.gap_pp, "百分点", tr("与序时进度之差", "gap to schedule", language),
               synthetic=syn)
    sec.record("projects_behind", int(res.table["behind"].sum()), "个",
               tr("落后序时进度项目数", "projects behind schedule", language), synthetic=syn)
    cols = {"projects": tr("项目数", "projects", language), "planned": tr("年度计划（亿元）", "planned (亿元)", language),
            "completed": tr("累计完成（亿元）", "completed (亿元)", language),
            "behind": tr("落后项目数", "behind", language), "completion_pct": tr("完成率（%）", "completion (%)", language),
            "gap_pp": tr("与序时进度差（百分点）", "gap to schedule (pp)", language),
            "name": tr("项目", "project", language), "level": tr("级别", "level", language)}
    levels = {"省级": "provincial", "市级": "municipal", "区级": "district", "合计": "total"}
    by_level = res.by_level.rename(index=lambda v: tr(v, levels.get(v, v), language))
    sec.tables.append((tr("按级别", "By level", language),
                       by_level.rename(columns=cols).rename_axis(cols["level"]).round(2)))
    behind = res.furthest_behind(n_behind).drop(columns="behind")
    behind["level"] = behind["level"].map(lambda v: tr(v, levels.get(v, v), language))
    sec.tables.append((tr("落后最多的项目", "Furthest behind", language),
                       behind.rename(columns=cols).rename_axis(tr("编号", "id", language)).round(2)))
    sec.figures.append(plots.project_progress(res))
    sec.notes.extend(str(n) for n in res.summary().notes)
    return sec


def benchmark_section(rd: ReportData, benchmark: str = "南山区", language: str = "zh",
                      lag_growth: float = 8.0, peers_of: str = "郑州市") -> Section:
    """Gap to the benchmark region, catch-up time and a peer ranking.

    Catch-up years t = ln(lead/lag) / ln((1+g_lag)/(1+g_lead)) (:func:`benchmark.catch_up`);
    the benchmark grows at its latest published real growth.
    """
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
        f"{y}年{rd.region}{_fmt(float(mine[y]), 2)}亿元，为{benchmark}（{_fmt(float(lead[y]), 2)}亿元）的{ratio:.1f}%",
        f"{y}: {rd.region} {_fmt(float(mine[y]), 2)}亿元 is {ratio:.1f}% of {benchmark} "
        f"({_fmt(float(lead[y]), 2)}亿元)", language)
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
    districts = set(rd.real.loc[rd.real["source"].str.contains("zhengzhou_districts"), "region"])
    districts |= {"金水区"}
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


def data_notes(rd: ReportData, language: str = "zh", *, demo_shown: bool = True) -> Section:
    """Where the numbers come from, and which inputs are demo data.

    ``demo_shown=False`` for reports whose sections use published figures only (benchmark).
    """
    sec = Section(tr("数据说明", "Data notes", language), language)
    urls = pd.Series([re.sub(r"\s*\[.*\]$", "", x) for x in rd.sources])
    src = urls.value_counts().rename_axis(tr("来源", "source", language)).to_frame(
        tr("数据条数", "figures", language))
    sec.tables.append((tr(f"{rd.region}已公布数据来源", f"Sources of published figures for {rd.region}", language), src))
    if rd.synthetic and demo_shown:
        sec.synthetic = True
        sec.notes.append(tr("以下部分使用示例数据（由 jinshui_analysis.demo 生成，按已公布总量校准）：",
                            "These inputs are synthetic (jinshui_analysis.demo, calibrated to published totals): ",
                            language) + ", ".join(sorted(rd.synthetic)) + f" — {DEMO}")
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    for note in rd.notes:
        sec.notes.append(tr("读取数据时：", "While reading the data: ", language) + note)
    sec.notes.append(tr(f"输入数据哈希 SHA-256: {rd.data_hash[:16]}…", f"Input data SHA-256: {rd.data_hash[:16]}…", language))
    return sec


def heading(rd: ReportData, language: str = "zh", kind: str = "monthly") -> Section:
    """The report's title line, and a note when the report shows demo data."""
    if kind == "monthly":
        title = tr(f"{rd.region} {rd.year}年{rd.month}月经济运行报告",
                   f"{rd.region}: economic report, {rd.period}", language)
    elif kind == "annual":
        title = tr(f"{rd.region} {rd.year}年度经济回顾", f"{rd.region}: annual review {rd.year}", language)
    else:
        title = tr(f"{rd.region} 对标分析", f"{rd.region}: benchmarking", language)
    sec = Section(title, language)
    if rd.synthetic and kind != "benchmark":
        sec.notes.append(tr("本报告部分内容使用示例数据（已标注），其余为已公布数据并注明来源。",
                            "Parts of this report use synthetic demo data (marked); the rest are "
                            "published figures with their sources.", language))
    return sec


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
    from jinshui_analysis import forecast

    region = region or rd.region
    sec = Section(tr("趋势预测", "Forecast", language), language)
    lv = bundled.series(region, GDP, data=rd.real)
    lv = lv[lv.index.astype(int) <= rd.year]
    if len(lv) < 3:
        sec.notes.append(tr(f"{region}年度数据不足3个，无法预测。", f"Fewer than 3 annual points for {region}.", language))
        return sec
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JinshuiWarning)
        res = forecast.forecast(lv, horizon)
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


def gap_section(rd: ReportData, benchmark: str = "南山区", peers: Sequence[str] = (),
                language: str = "zh") -> Section:
    """Side-by-side gap table of the region, its benchmark and peers (:func:`benchmark.gap_table`)."""
    from jinshui_analysis.benchmark import gap_table

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


# --------------------------------------------------------------------------- display
def show(section: Section, *, record: bool = True) -> None:
    """Display a section in a notebook (title, notes, tables, charts) and record its figures.

    Key figures go to :func:`jinshui_analysis.report.record`, which the renderer writes to the
    report's JSON file.
    """
    from IPython.display import Markdown, display

    display(Markdown(f"## {section.title}"))
    if section.synthetic:
        display(report.demo_banner(section.language))
    for note in section.notes:
        display(Markdown(f"- {note}"))
    for caption, table in section.tables:
        if caption:
            display(Markdown(f"**{caption}**"))
        display(table.style.format(precision=2, na_rep="—") if hasattr(table, "style") else table)
    for fig in section.figures:
        display(fig)
        plt.close(fig)
    if record:
        for r in section.records:
            zh = section.language == "zh"
            report.record(r["name"], r["value"], unit=r["unit"],
                          label_zh=r["label"] if zh else None, label_en=None if zh else r["label"],
                          source=r["source"] or None, synthetic=r["synthetic"],
                          headline=r.get("headline", True))

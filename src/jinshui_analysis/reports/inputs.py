"""What a report knows as of its period: :class:`ReportData` and :func:`load_report_data`
(published figures, the user's tables, and demo data where nothing is published)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.data import TIDY_COLUMNS, bundled, load_bundled
from jinshui_analysis.data import demo as demo_data
from jinshui_analysis.data.profiles import RegionProfile, profile
from jinshui_analysis.data.regions import same_region
from jinshui_analysis.data.select import select
from jinshui_analysis.data.source import DataSource, open_source
from jinshui_analysis.exceptions import (
    DataError,
    ModelError,
    ParameterError,
    PeriodError,
)
from jinshui_analysis.models.ytd import single_to_ytd
from jinshui_analysis.periods import (
    Period,
    code_freq,
    codes_info,
    month_of_code,
    parse_period,
    quarter_code,
    to_timestamp,
    year_of_code,
)
from jinshui_analysis.reports.labels import Note

GDP = "地区生产总值"


MONTHLY_INDICATORS = {
    "规模以上工业增加值": ("Industrial value added (above designated size)", "yoy_pct"),
    "社会消费品零售总额": ("Retail sales of consumer goods", "level"),
    "固定资产投资": ("Fixed-asset investment", "yoy_pct"),
    "一般公共预算收入": ("General public budget revenue", "level"),
}


DEMO = demo_data.DEMO_LABEL
PLAN_WORDS = r"目标|计划|全年预算"
_KEY = ["region", "indicator", "measure", "period", "cumulative", "price_basis"]


def read_projects(path: Path) -> demo_data.ProjectData:
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
    months = [c for c in frame.columns if code_freq(str(c)) == "M"]
    if not months:
        raise DataError("project table has no month columns like '2023-01'", file=str(path))
    frame = frame.set_index("project_id")
    completed = frame[months].fillna(0.0).astype(float).T
    completed.index.name = "period"
    projects = frame.drop(columns=months)
    projects["source"] = f"{path.name}"
    return demo_data.ProjectData(projects=projects, completed=completed, year=year_of_code(months[0]),
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
        :func:`jinshui_analysis.data.files.data_fingerprint`).
    """

    region: str
    period: str
    data: str
    real: pd.DataFrame
    monthly: pd.DataFrame
    quarterly: pd.DataFrame
    projects: demo_data.ProjectData | None
    sectors: tuple[pd.DataFrame, pd.DataFrame] | None
    synthetic: frozenset[str]
    data_hash: str
    notes: tuple[Any, ...] = ()
    scale_note: str = ""
    profile: RegionProfile = field(default_factory=lambda: RegionProfile(name=""))
    #: sections already computed for this report (see :func:`reports.section.memoised`): the
    #: 要点 summary and the section cells ask the same questions and get the same objects
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    #: the one reading of ``data`` (:func:`~jinshui_analysis.data.source.open_source`): what
    #: was read and what was not
    source: DataSource | None = field(default=None, compare=False, repr=False)

    @property
    def year(self) -> int:
        return year_of_code(self.period)

    @property
    def month(self) -> int:
        return month_of_code(self.period) or 12  # a year runs through December

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


def up_to(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """Rows of ``frame`` whose period ends no later than the month ``period`` ("YYYY-MM").

    A report for June uses what was known for periods up to June: 1-6月, 上半年, 2022, but not
    the year 2023 nor 1-9月.  Rows whose period cannot be dated are dropped.  Targets and plans
    (indicators named …目标, …计划, …全年预算) are set before their year and are kept.
    """
    if frame.empty:
        return frame
    end = to_timestamp(period, "end")
    plans = frame["indicator"].astype(str).str.contains(PLAN_WORDS)
    ends: dict[str, bool] = {}
    for code in frame["period"].astype(str).unique():
        try:
            ends[code] = to_timestamp(code, "end") <= end
        except PeriodError:
            ends[code] = False
    return frame[frame["period"].astype(str).map(ends) | plans].reset_index(drop=True)


def _renamed(frame: pd.DataFrame, names: frozenset[str], region: str) -> pd.DataFrame:
    """``frame`` with the rows of ``names`` (another name of ``region``) under ``region``."""
    hit = frame["region"].isin(list(names))
    if not hit.any():
        return frame
    frame = frame.copy()
    frame.loc[hit, "region"] = region
    return frame


def other_regions(frame: pd.DataFrame, region: str) -> list[str]:
    """The regions the user's tables name when none of their figures is of ``region`` (most
    figures first); empty when some are."""
    names = frame["region"].dropna().astype(str)
    if names.empty or (names == region).any():
        return []
    return list(names.value_counts().index)


def _other_regions_hint(frame: pd.DataFrame, region: str) -> Note | None:
    named = other_regions(frame, region)
    if not named:
        return None
    shown = "、".join(named[:5])
    return Note(f"数据文件中没有{region}的数字：文件所列地区是{shown}（地区参数是否应为{named[0]}？）。",
                f"The data files hold no figure of {region}: they name {', '.join(named[:5])} "
                f"(should the region be {named[0]}?).")


def _as_quarters(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Year-to-date GDP levels of ``frame`` as quarters: 一季度/1-3月 → Q1, 上半年/1-6月 → Q2 …,
    a year → Q4.  Single quarters (二季度 alone) are not year to date and are left out (a year
    whose single quarters are all given is added up)."""
    lv = frame[(frame["indicator"] == GDP) & (frame["measure"] == "level")].copy()
    if lv.empty:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    per = lv["period"].astype(str)
    cum = lv["cumulative"].fillna(False).astype(bool)
    info = codes_info(per)
    freq, last = info["freq"], info["last_month"]
    quarters = lv[(freq == "Q") & (cum | per.str.endswith("Q1"))]
    months = lv[((freq == "M") & (last % 3 == 0)).fillna(False)
                & (cum | per.str.endswith("-03"))].copy()
    months["period"] = [quarter_code(c) for c in months["period"]]
    annual = lv[freq == "Y"].copy()
    annual["period"] = annual["period"] + "Q4"
    singles = lv[((freq == "Q") & (last > 3)).fillna(False) & ~cum]
    summed = []
    for y, block in singles.groupby(singles["period"].map(year_of_code)):
        q1 = quarters[quarters["period"] == f"{y}Q1"]
        if q1.empty:
            continue
        s = pd.Series(np.r_[q1["value"].to_numpy(float)[:1], block["value"].to_numpy(float)],
                      index=pd.Index([f"{y}Q1", *block["period"]], name="period")).sort_index()
        try:
            ytd = single_to_ytd(s)
        except (ModelError, PeriodError):
            continue
        rows = block.set_index("period").reindex(ytd.index[1:]).reset_index()
        rows["value"] = ytd.iloc[1:].to_numpy()
        rows["source"] = rows["source"].astype(str) + " [累计由各季度相加]"
        summed.append(rows)
    out = pd.concat([quarters, months, annual, *summed])
    out["cumulative"] = (codes_info(out["period"])["last_month"] != 3).fillna(True).to_numpy(bool)
    out = out.drop_duplicates("period", keep="first")
    return out[out["period"] <= f"{year}Q4"].sort_values("period").reset_index(drop=True)


def _sub_annual(frame: pd.DataFrame) -> pd.DataFrame:
    per = frame["period"].astype(str)
    return frame[codes_info(per)["freq"].isin(["Q", "M"])]


def _quarterly_in_view(quarterly: pd.DataFrame, p: Period) -> pd.DataFrame:
    if p.month < 3:
        return quarterly[~quarterly["period"].str.startswith(str(p.year))].reset_index(drop=True)
    return quarterly[quarterly["period"] <= f"{p.year}Q{p.month // 3}"].reset_index(drop=True)


def _published_gdp(real: pd.DataFrame, region: str, p) -> pd.DataFrame:
    """The region's published GDP levels for periods up to the report's period ``p``."""
    lv = real[(real["region"] == region) & (real["indicator"] == GDP) & (real["measure"] == "level")]
    per = lv["period"].astype(str)
    last_q = f"{p.year}Q{p.month // 3}" if p.month >= 3 else f"{p.year - 1}Q4"
    info = codes_info(per)
    annual_ok = ((info["freq"] == "Y") & (info["year"] < p.year + (p.month == 12))).fillna(False)
    quarter_ok = (info["freq"] == "Q") & (per <= last_q)
    return lv[annual_ok | quarter_ok]


def _reference_annual(real: pd.DataFrame, city: str | None, p) -> dict[int, float]:
    """year → the reference region's (parent city's) published annual GDP up to the period."""
    if not city:
        return {}
    lv = _published_gdp(real, city, p)
    return {int(a): float(v) for a, v in zip(lv["period"].astype(str), lv["value"]) if a.isdigit()}


def _reference_shares(real: pd.DataFrame, city: str | None, p) -> dict[tuple[int, int], float]:
    """(year, month) → the reference region's (parent city's) published YTD share of its year."""
    if not city:
        return {}
    lv = _published_gdp(real, city, p)
    per = lv["period"].astype(str)
    annual = {int(a): float(v) for a, v in zip(per, lv["value"]) if a.isdigit()}
    out = {}
    for a, v in zip(per, lv["value"]):
        if code_freq(a) == "Q" and year_of_code(a) in annual:
            out[(year_of_code(a), month_of_code(a))] = float(v) / annual[year_of_code(a)]
    return out


def load_report_data(region: str, period: str | None, data: str | Path = "bundled",
                     *, seed: int = 2023, profile_path: str | Path | None = None,
                     demo: bool = False) -> ReportData:
    """Gather a report's inputs (see :class:`ReportData`).

    Parameters
    ----------
    region : str
        Region name as in the data, e.g. "金水区".  With ``data=FOLDER`` it is also the region
        of the tables that name none (title, file name or region column).
    period : str or None
        Report month "YYYY-MM"; None: December of the latest year with published annual GDP
        for ``region`` (else the latest month of its data).
    data : "bundled" or path
        The bundled data, or the user's bulletin table / folder of tables (read with
        :func:`~jinshui_analysis.data.read_folder`: CSV and XLSX, subfolders too; two files giving
        different values for one figure raise :class:`DataError` naming both; a ``projects.csv``
        is read with :func:`read_projects`).
    seed : int
        Seed of the demo generators (bundled mode only).
    profile_path : path, optional
        A region-profile TOML file (:mod:`jinshui_analysis.data.profiles`) on top of the bundled
        profiles and ``./jinshui.toml``.
    demo : bool
        Bundled mode: fill what is not published with labelled demo data.  False (default):
        published figures only; what is not published stays empty.  Demo data are shown only
        when asked for (the showcase 金水区 report of the default set, or ``demo=true``).

    Notes
    -----
    Only figures for periods up to ``period`` are used (a June report sees 1-6月 and 2022, not
    1-9月 nor the year 2023).

    Bundled mode uses the region's published figures wherever they exist (the sourced
    year-to-date panel, the regional tables).  Demo data (:mod:`jinshui_analysis.data.demo`) fill
    an indicator only when *nothing* of it is published for the region in the report year or
    the year before, so a demo figure never replaces, nor sits beside, a published one of the
    same indicator (no growth rate computed from a published level over a demo one).  Demo data
    are calibrated to the region's latest published annual GDP before the report year (a
    December report may use that year's own total); regions other than 金水区 get 金水区's
    published anchors scaled by the ratio of the two regions' GDP (said in the notes).  A region
    with no published annual GDP before the report year gets no demo data.
    """
    bundled_all = _gdp_named(load_bundled())
    source = open_source(data, region=region)  # validated, listed, hashed, read: once
    notes: list[Any] = list(source.notes)
    user_frame = None
    if source.path is not None:
        user_frame = _gdp_named(source.frame)
    # the name the user gave: its profile's other names (管城回族区 / 管城区) are this region
    others = same_region(region) - {region}
    if others:
        bundled_all = _renamed(bundled_all, others, region)
        if user_frame is not None:
            user_frame = _renamed(user_frame, others, region)
    if user_frame is not None and not user_frame.empty:
        hint = _other_regions_hint(user_frame, region)
        if hint is not None:
            notes.insert(0, hint)
    if period is None:
        frame = bundled_all if user_frame is None else pd.concat([bundled_all, user_frame])
        found = latest_annual(frame, region)
        if found is not None:
            period = f"{found[0]}-12"
        else:
            mine = _sub_annual(frame[frame["region"] == region])
            if mine.empty:
                _latest_annual(frame, region)  # raises, naming the region
            last = max((parse_period(c) for c in mine["period"].astype(str).unique()),
                       key=lambda q: q.sort_key)
            period = f"{last.year}-{last.last_month:02d}"
    p = parse_period(period)
    if p.freq != "M":
        raise ParameterError(f"need a month 'YYYY-MM', got {period!r}", parameter="period")
    real = up_to(bundled_all, p.period)
    synthetic: set[str] = set()
    projects = None
    sectors = None
    scale_note = ""
    if user_frame is None:
        if region not in set(bundled_all["region"]):
            raise ParameterError(f"unknown region {region!r} (not in the bundled data)",
                                 parameter="region")
        mine = _sub_annual(real[(real["region"] == region)
                                & codes_info(real["period"])["year"].isin([p.year - 1, p.year])])
        published_monthly = sorted(set(mine["indicator"]) & set(MONTHLY_INDICATORS))
        monthly = _sub_annual(real[real["region"] == region]).reset_index(drop=True)
        quarterly = _quarterly_in_view(_as_quarters(real[real["region"] == region], p.year), p)
        last = latest_annual(real, region, before=p.year + 1 if p.month == 12 else p.year)
        if not demo:
            notes.append(Note.of("note.no_demo"))
        elif last is None:
            notes.append(Note(
                f"数据中没有{region}{p.year}年以前的年度地区生产总值，无法校准示例数据，本报告只用已公布数据。",
                f"{region}: no published annual {GDP} before {p.year} in the bundled data, so no "
                "demo data can be calibrated for this report; published figures only"))
        else:
            last_year, last_value = int(last[0]), last[1]
            scale = last_value / demo_data.JINSHUI_GDP_2022
            anchor = demo_data.ANCHOR_REGION
            if region != anchor:
                scale_note = (f"示例数据按{anchor}已公布总量并按GDP比例缩放（{region} {last_year}年 "
                              f"{last_value:,.2f}亿元 ÷ {anchor}2022年{demo_data.JINSHUI_GDP_2022:g}亿元 = "
                              f"{scale:.3f}） / demo data are {anchor}'s published anchors scaled by "
                              "this GDP ratio")
            fill = [ind for ind in MONTHLY_INDICATORS if ind not in published_monthly]
            if fill:
                generated = demo_data.monthly_indicators(region, years=(p.year - 1, p.year),
                                                         through=p.period, seed=seed, warn=False,
                                                         scale=scale)
                generated = generated[generated["indicator"].isin(fill)]
                monthly = pd.concat([monthly, generated], ignore_index=True)
                synthetic.add("monthly")
                names = "、".join(fill)
                notes.append(Note.of("note.demo_rows", what=names))
                if published_monthly:
                    notes.append(Note.of("note.published_rows", what="、".join(published_monthly)))
            # one demo world calibrated to every published figure up to the report's period
            # (published quarters are reproduced exactly, with their own sources)
            city = profile(region, profile_path).city
            world = demo_data.demo_world(region, _published_gdp(real, region, p),
                                         range(last_year - 3, p.year + 1),
                                         reference_shares=_reference_shares(real, city, p),
                                         reference_annual=_reference_annual(real, city, p),
                                         seed=seed + p.year)
            quarterly = _quarterly_in_view(world.quarterly, p)
            if quarterly["source"].astype(str).str.startswith("synthetic").any():
                synthetic.add("quarterly")
            n = max(10, round(demo_data.PROJECT_COUNT_2023 * scale)) \
                if region != demo_data.ANCHOR_REGION else demo_data.PROJECT_COUNT_2023
            projects = demo_data.key_projects(
                p.year, n_projects=n,
                total_investment=round(demo_data.PROJECT_TOTAL_INVESTMENT_2023 * scale, 1),
                planned=round(demo_data.PROJECT_PLAN_2023 * scale, 1), seed=seed, warn=False)
            sectors = demo_data.sector_accounts(region, total_last=last_value, last_year=last_year,
                                                seed=seed, totals=world.annual)
            synthetic |= {"projects", "sectors"}
    else:
        for f in source.projects:
            projects = read_projects(f)
        known = set(user_frame["region"]) | set(bundled_all["region"])
        if region not in known:
            raise ParameterError(f"unknown region {region!r} (not in {data} nor the bundled data)",
                                 parameter="region")
        user_frame = up_to(user_frame, p.period)
        real = pd.concat([real, user_frame], ignore_index=True).drop_duplicates(
            _KEY, keep="last").reset_index(drop=True)
        mine = user_frame[user_frame["region"] == region]
        monthly = _sub_annual(mine).reset_index(drop=True)
        # the user's own GDP levels first; published levels of the region (last year's total,
        # say) fill the quarters the user's tables lack
        published = real[(real["region"] == region)
                         & ~real["source"].astype(str).isin(set(mine["source"].astype(str)))]
        both = pd.concat([_as_quarters(mine, p.year), _as_quarters(published, p.year)])
        both = both.drop_duplicates("period", keep="first").sort_values("period")
        quarterly = _quarterly_in_view(both.reset_index(drop=True), p)
    return ReportData(region=region, period=p.period, data=str(data), real=real, monthly=monthly,
                      quarterly=quarterly, projects=projects, sectors=sectors,
                      synthetic=frozenset(synthetic),
                      data_hash=source.sha256,
                      notes=tuple(notes), scale_note=scale_note,
                      profile=profile(region, profile_path), source=source)


def source_of(rd: ReportData, region: str, period: str, indicator: str = GDP,
              measure: str = "level") -> str:
    """The ``source`` text of one real figure (empty when absent)."""
    f = rd.real
    sel = f[(f["region"] == region) & (f["indicator"] == indicator) & (f["measure"] == measure)
            & (f["period"] == str(period))]
    return str(sel["source"].iloc[0]) if len(sel) else ""


def split_list(text: str | Sequence[str]) -> list[str]:
    """Split a comma-separated parameter ("中原区,二七区" or "中原区，二七区") into names."""
    if not isinstance(text, str):
        return [str(t) for t in text]
    return [t.strip() for t in re.split(r"[,，、]", text) if t.strip()]


_CELL_COLUMNS = ["month", "period", "value", "source", "synthetic", "price_basis", "grade"]


def _cell_rows(frame: pd.DataFrame, region: str, indicator: str, measure: str,
               series: pd.Series, code_of: dict[str, str],
               cumulative: bool | None = None) -> list[dict[str, Any]]:
    """``series`` (selected with :func:`~jinshui_analysis.data.select.select`) as rows keyed by
    month code, with each value's source and whether it is demo data.

    ``cumulative`` is the selection's 当月/累计 flag: a 当月 and a 累计 figure share their period
    code ("2023-06"), so the source, grade and basis are looked up among rows of the same kind
    (else a 当月 value would carry its 累计 neighbour's cell reference)."""
    if series.empty:
        return []
    mask = ((frame["region"].to_numpy(dtype=object) == region)
            & (frame["indicator"].to_numpy(dtype=object) == indicator)
            & (frame["measure"].to_numpy(dtype=object) == measure))
    if cumulative is not None and "cumulative" in frame.columns:
        mask &= frame["cumulative"].to_numpy(dtype=bool) == cumulative
    cols = [c for c in ("period", "source", "price_basis", "grade") if c in frame.columns]
    last: dict[str, dict[str, Any]] = {}  # the last row of each period code
    for values in zip(*(frame[c].to_numpy(dtype=object)[mask] for c in cols)):
        r = dict(zip(cols, values))
        last[str(r["period"])] = r
    out = []
    for code, value in series.items():
        hit = last.get(code, {})
        src = str(hit.get("source", "") or "")
        basis, grade = hit.get("price_basis", ""), hit.get("grade", "")
        out.append({"month": code_of.get(code, code), "period": code, "value": float(value),
                    "source": src, "synthetic": src.startswith("synthetic"),
                    "price_basis": "" if basis is None or basis != basis else str(basis),
                    "grade": "" if grade is None or grade != grade else str(grade)})
    return out


def _cells(frame: pd.DataFrame, region: str, indicator: str, measure: str,
           series: pd.Series, code_of: dict[str, str],
           cumulative: bool | None = None) -> pd.DataFrame:
    """:func:`_cell_rows` as a frame."""
    return pd.DataFrame(_cell_rows(frame, region, indicator, measure, series, code_of,
                                   cumulative), columns=_CELL_COLUMNS)


def _through_month(code: str) -> str:
    """The month a period code runs through ("2023Q2" → "2023-06", "2023" → "2023-12")."""
    p = parse_period(code)
    return f"{p.year}-{p.last_month:02d}"


def monthly_with_years(rd: ReportData, indicators: Sequence[str]) -> pd.DataFrame:
    """The region's monthly figures (``rd.monthly``) plus its annual rows of the report year and
    the year before for ``indicators``: a full year is the 1-12月 year to date, so a published
    annual growth rate answers "1-12月累计增速" wherever it is asked (headline table, monthly
    dashboard).  :func:`ytd_values` ranks the annual rows after monthly and quarterly ones."""
    r = rd.real
    annual = r[(r["region"] == rd.region) & (codes_info(r["period"])["freq"] == "Y")
               & r["period"].astype(str).isin([str(rd.year - 1), str(rd.year)])
               & r["indicator"].isin(list(indicators))]
    return pd.concat([rd.monthly, annual], ignore_index=True) if len(annual) else rd.monthly


def ytd_values(frame: pd.DataFrame, region: str, indicator: str,
               measure: str = "level") -> pd.DataFrame:
    """Year-to-date (累计) figures of one series, keyed by the month they run through.

    Collects, with the one series selector, the monthly 累计 rows (``1-6月`` → ``"2023-06"``),
    January (both single and 累计), the quarterly 累计 rows (``上半年`` → ``"2023-06"``; ``一季度``
    → ``"2023-03"``) and full years (→ ``"YYYY-12"``); a monthly row wins over a quarterly one
    for the same month, a quarterly one over a year.  Single months and single quarters (当月,
    二季度) are never included.

    Returns
    -------
    DataFrame
        Index ``month`` ("YYYY-MM", sorted); columns ``period`` (the code in the data),
        ``value``, ``source``, ``synthetic`` (demo data), ``price_basis``, ``grade``.
    """
    pick = {"measure": measure, "duplicates": "last"}
    frame = frame[(frame["region"] == region) & (frame["indicator"] == indicator)
                  & (frame["measure"] == measure)]  # once, not in every select below
    rows: list[dict[str, Any]] = []
    m_cum = select(frame, region, indicator, freq="M", cumulative=True, **pick)
    rows += _cell_rows(frame, region, indicator, measure, m_cum, {}, True)
    m_single = select(frame, region, indicator, freq="M", cumulative=False, **pick)
    jan = m_single[m_single.index.str.endswith("-01")]
    rows += _cell_rows(frame, region, indicator, measure, jan, {}, False)
    q_cum = select(frame, region, indicator, freq="Q", cumulative=True, **pick)
    q_single = select(frame, region, indicator, freq="Q", cumulative=False, **pick)
    q1 = q_single[q_single.index.str.endswith("Q1")]
    for q, cum in ((q_cum, True), (q1, False)):
        rows += _cell_rows(frame, region, indicator, measure, q,
                           {c: _through_month(c) for c in q.index}, cum)
    y = select(frame, region, indicator, freq="Y", **pick)
    rows += _cell_rows(frame, region, indicator, measure, y,
                       {c: _through_month(c) for c in y.index})
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:  # a monthly row wins over a quarterly one, a quarterly one over a year
        seen.setdefault(r["month"], r)
    out = pd.DataFrame([seen[m] for m in sorted(seen)], columns=_CELL_COLUMNS)
    return out.set_index("month")


def month_values(frame: pd.DataFrame, region: str, indicator: str,
                 measure: str = "level") -> pd.DataFrame:
    """Single-month (当月) figures of one series, keyed by month (same columns as
    :func:`ytd_values`)."""
    s = select(frame, region, indicator, freq="M", cumulative=False, measure=measure,
               duplicates="last")
    return _cells(frame, region, indicator, measure, s, {}, False).set_index("month").sort_index()

"""What a report knows as of its period: :class:`ReportData` and :func:`load_report_data`
(published figures, the user's tables, and demo data where nothing is published)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from jinshui_analysis.data import TIDY_COLUMNS, bundled, demo, files, load_bundled, read_table
from jinshui_analysis.data.files import check_data, data_fingerprint
from jinshui_analysis.data.profiles import RegionProfile, profile
from jinshui_analysis.exceptions import DataError, JinshuiWarning, ParameterError
from jinshui_analysis.periods import parse_period

GDP = "地区生产总值"


MONTHLY_INDICATORS = {
    "规模以上工业增加值": ("Industrial value added (above designated size)", "yoy_pct"),
    "社会消费品零售总额": ("Retail sales of consumer goods", "level"),
    "固定资产投资": ("Fixed-asset investment", "yoy_pct"),
    "一般公共预算收入": ("General public budget revenue", "level"),
}


DEMO = demo.DEMO_LABEL


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
        :func:`jinshui_analysis.data.files.data_fingerprint`).
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
    profile: RegionProfile = field(default_factory=lambda: RegionProfile(name=""))

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


def _published_gdp(real: pd.DataFrame, region: str, p) -> pd.DataFrame:
    """The region's published GDP levels for periods up to the report's period ``p``."""
    lv = real[(real["region"] == region) & (real["indicator"] == GDP) & (real["measure"] == "level")]
    per = lv["period"].astype(str)
    last_q = f"{p.year}Q{p.month // 3}" if p.month >= 3 else f"{p.year - 1}Q4"
    annual_ok = per.str.fullmatch(r"\d{4}") & (per.str[:4].astype(int) < (p.year + (p.month == 12)))
    quarter_ok = per.str.fullmatch(r"\d{4}Q[1-4]") & (per <= last_q)
    return lv[annual_ok | quarter_ok]


def _reference_shares(real: pd.DataFrame, city: str | None, p) -> dict[tuple[int, int], float]:
    """(year, month) → the reference region's (parent city's) published YTD share of its year."""
    if not city:
        return {}
    lv = _published_gdp(real, city, p)
    per = lv["period"].astype(str)
    annual = {int(a): float(v) for a, v in zip(per, lv["value"]) if a.isdigit()}
    out = {}
    for a, v in zip(per, lv["value"]):
        if len(a) == 6 and int(a[:4]) in annual:
            out[(int(a[:4]), int(a[5]) * 3)] = float(v) / annual[int(a[:4])]
    return out


def load_report_data(region: str, period: str | None, data: str | Path = "bundled",
                     *, seed: int = 2023, profile_path: str | Path | None = None) -> ReportData:
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
    profile_path : path, optional
        A region-profile TOML file (:mod:`jinshui_analysis.data.profiles`) on top of the bundled
        profiles and ``./jinshui.toml``.

    Notes
    -----
    Bundled mode fills what is not published with :mod:`jinshui_analysis.data.demo`, calibrated to the
    region's latest published annual GDP before the report year (a December report, i.e. an
    annual review, may use that year's own total).  Demo levels of regions other than 金水区 are
    金水区's published anchors scaled by the ratio of the two regions' GDP (said in the notes).
    Years after the last published total grow at seeded demo rates around 7 %, not at the
    target.  A region with no published annual GDP before the report year gets no demo data.
    """
    real = _gdp_named(load_bundled())
    check_data(str(data))
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
            scale = last_value / demo.JINSHUI_GDP_2022
            anchor = demo.ANCHOR_REGION
            if region != anchor:
                scale_note = (f"示例数据按{anchor}已公布总量并按GDP比例缩放（{region} {last_year}年 "
                              f"{last_value:,.2f}亿元 ÷ {anchor}2022年{demo.JINSHUI_GDP_2022:g}亿元 = "
                              f"{scale:.3f}） / demo data are {anchor}'s published anchors scaled by "
                              "this GDP ratio")
            monthly = demo.monthly_indicators(region, years=(p.year - 1, p.year),
                                              through=p.period, seed=seed, warn=False,
                                              scale=scale)
            # one demo world calibrated to every published figure up to the report's period
            world = demo.demo_world(region, _published_gdp(real, region, p),
                                    range(last_year - 3, p.year + 1),
                                    reference_shares=_reference_shares(
                                        real, profile(region, profile_path).city, p),
                                    seed=seed + p.year)
            quarterly = world.quarterly
            quarterly = quarterly[quarterly["period"] <= f"{p.year}Q{p.month // 3 or 1}"]
            if p.month < 3:
                quarterly = quarterly[~quarterly["period"].str.startswith(str(p.year))]
            n = max(10, round(demo.PROJECT_COUNT_2023 * scale)) if region != demo.ANCHOR_REGION \
                else demo.PROJECT_COUNT_2023
            projects = demo.key_projects(
                p.year, n_projects=n,
                total_investment=round(demo.PROJECT_TOTAL_INVESTMENT_2023 * scale, 1),
                planned=round(demo.PROJECT_PLAN_2023 * scale, 1), seed=seed, warn=False)
            sectors = demo.sector_accounts(region, total_last=last_value, last_year=last_year,
                                           seed=seed, totals=world.annual)
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
                      data_hash=data_fingerprint(str(data))["sha256"],
                      notes=tuple(notes), scale_note=scale_note,
                      profile=profile(region, profile_path))


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

"""Key-project pipeline against the time-proportional schedule (序时进度).

序时进度 is the share of the year elapsed: by the end of month *m* a project on schedule has
completed at least m/12 of its annual planned investment.  The usual bulletin phrasing is
“完成年度计划的 x%，超序时进度 y 个百分点”, i.e.

    completion_pct = completed_ytd / planned × 100
    schedule_pct   = m / 12 × 100
    gap_pp         = completion_pct − schedule_pct      (百分点; negative = behind schedule)

Source of the convention: the standard wording of Chinese government project-progress reports,
e.g. “重点项目完成投资…占年度计划的…%，超序时进度…个百分点”.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from jinshui_analysis.exceptions import ModelError, ParameterError
from jinshui_analysis.periods import Period, pandas_freq, parse_period, to_period_index
from jinshui_analysis.results import Results, Summary


def _month(through: object) -> pd.Period:
    """``through`` (``"2023-06"``, ``"2023年1-6月"``, a :class:`~jinshui_analysis.periods.Period`
    or a monthly :class:`pandas.Period`) as a monthly :class:`pandas.Period`."""
    if isinstance(through, pd.Period):
        if pandas_freq(through) == "M":
            return through
    else:
        p = parse_period(through)
        if p.freq == "M":
            return pd.Period(year=p.year, month=p.last_month, freq="M")
    raise ParameterError(f"need a month such as '2023-06', got {str(through)!r}",
                         parameter="through")


def schedule_pct(through: str | Period | pd.Period) -> float:
    """Time-proportional schedule 序时进度 (%) at the end of month ``through`` = m/12 × 100."""
    return _month(through).month / 12 * 100


@dataclass(frozen=True, repr=False)
class ProgressResults(Results):
    """Completion of key projects against 序时进度.

    Attributes
    ----------
    through : str
        Last month included ("YYYY-MM").
    schedule_pct : float
        序时进度, % of the year elapsed.
    table : DataFrame
        One row per project: level, planned (亿元), completed (亿元, year to date),
        completion_pct (%), gap_pp (百分点 vs 序时进度), behind (bool).
    synthetic : bool
        True when built from demo data (示例数据).
    """

    through: str
    schedule_pct: float
    table: pd.DataFrame
    synthetic: bool = False

    @cached_property
    def by_level(self) -> pd.DataFrame:
        """Totals by project level (省级/市级/区级) and overall (合计)."""
        g = self.table.groupby("level", sort=False)
        out = pd.DataFrame(
            {
                "projects": g.size(),
                "planned": g["planned"].sum(),
                "completed": g["completed"].sum(),
                "behind": g["behind"].sum(),
            }
        )
        out.loc["合计"] = [
            len(self.table),
            self.table["planned"].sum(),
            self.table["completed"].sum(),
            self.table["behind"].sum(),
        ]
        out["completion_pct"] = out["completed"] / out["planned"] * 100
        out["gap_pp"] = out["completion_pct"] - self.schedule_pct
        out.index.name = "level"
        return out

    @property
    def completion_pct(self) -> float:
        """Overall completion of the annual plan, %."""
        return float(self.table["completed"].sum() / self.table["planned"].sum() * 100)

    @property
    def gap_pp(self) -> float:
        """Overall completion minus 序时进度, 百分点."""
        return self.completion_pct - self.schedule_pct

    def furthest_behind(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` projects with the most negative gap to 序时进度."""
        return self.table.sort_values("gap_pp").head(n)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> Summary:
        notes = [
            f"time-proportional schedule (序时进度) at {self.through}: {self.schedule_pct:.1f}%",
            f"completion of the annual plan {self.completion_pct:.1f}%, gap to schedule "
            f"{self.gap_pp:+.1f} pp",
            "units: 亿元; completion %, gap pp",
        ]
        if self.synthetic:
            notes.append("synthetic=True: demo data, not published figures")
        return Summary(
            "Key projects against schedule",
            [("By level", self.by_level.round(2)),
             ("Furthest behind", self.furthest_behind(5).round(2))],
            notes,
        )


def schedule_progress(
    projects: pd.DataFrame,
    completed: pd.DataFrame,
    through: str | Period | pd.Period,
    *,
    synthetic: bool | None = None,
) -> ProgressResults:
    """Compare year-to-date completed investment with the time-proportional schedule.

    Parameters
    ----------
    projects : DataFrame
        Indexed by project id; columns ``level`` and ``planned`` (亿元, the year's plan);
        ``name`` optional.
    completed : DataFrame
        Rows: months — codes "YYYY-MM" or a monthly :class:`pandas.PeriodIndex`
        (single-month completed investment, 亿元); columns: project ids.
    through : str, Period or pandas.Period
        Month ("YYYY-MM", a :class:`~jinshui_analysis.periods.Period` or a monthly
        :class:`pandas.Period`) up to which completed investment counts.  Both are normalised
        once on entry; ``ProgressResults.through`` is its code.
    synthetic : bool, optional
        Mark results as 示例数据; default: True when any ``projects['source']`` starts with
        "synthetic".

    Returns
    -------
    ProgressResults

    Notes
    -----
    completion_pct = Σ_{months ≤ through} completed / planned × 100; schedule = m/12 × 100;
    gap_pp = completion_pct − schedule (百分点).
    """
    month = _month(through)
    sched = schedule_pct(month)
    year = month.year
    for col in ("level", "planned"):
        if col not in projects.columns:
            raise ParameterError(f"projects table lacks column {col!r}", parameter="projects")
    if (projects["planned"] <= 0).any():
        bad = projects.index[projects["planned"] <= 0][0]
        raise ModelError(f"project {bad!r}: planned investment must be positive")
    missing = set(projects.index) - set(completed.columns)
    if missing:
        raise ModelError(f"no completed-investment column for projects {sorted(missing)[:5]}")
    rows = to_period_index(completed.index, name="completed")
    if pandas_freq(rows[0]) != "M":
        raise ModelError(f"completed: rows must be months, got periods such as {str(rows[0])!r}")
    keep = (rows.year == year) & (rows <= month)
    if not keep.any():
        raise ModelError(f"no completed-investment rows for {year} up to {month}")
    done = completed.loc[keep, projects.index].sum()
    table = pd.DataFrame(
        {
            "name": projects.get("name", pd.Series(projects.index, index=projects.index)),
            "level": projects["level"],
            "planned": projects["planned"].astype(float),
            "completed": done.astype(float),
        }
    )
    table["completion_pct"] = table["completed"] / table["planned"] * 100
    table["gap_pp"] = table["completion_pct"] - sched
    table["behind"] = table["gap_pp"] < 0
    table.index.name = "project_id"
    if synthetic is None:
        synthetic = bool(
            "source" in projects.columns
            and projects["source"].astype(str).str.startswith("synthetic").any()
        )
    return ProgressResults(through=str(month), schedule_pct=sched, table=table, synthetic=synthetic)

"""Seeded demo key projects (示例数据 / synthetic), calibrated to the published totals.

Jinshui publishes no project-level list: the 242 key projects of 2023 (4361.5亿元 total
investment, 587.7亿元 planned for the year; 大象新闻 2023-02-13) are generated here, split into
provincial / municipal / district levels, with monthly completed investment, as a
:class:`~jinshui_analysis.data.projects.ProjectData` marked ``synthetic``.  A user's own list is
read by :func:`jinshui_analysis.data.projects.read_projects`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jinshui_analysis.data.demo import ARTICLE, month_weights, synthetic_source, warn_synthetic
from jinshui_analysis.data.projects import ProjectData
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.periods import month_code

#: Published totals of 2023's key projects (大象新闻 2023-02-13): count, total investment and
#: investment planned for the year (亿元).
PROJECT_COUNT_2023 = 242
PROJECT_TOTAL_INVESTMENT_2023 = 4361.5
PROJECT_PLAN_2023 = 587.7

LEVELS = ("省级", "市级", "区级")
LEVELS_EN = {"省级": "provincial", "市级": "municipal", "区级": "district"}
SECTORS = ("数字经济", "现代服务业", "城市更新", "基础设施", "社会民生", "科技创新")


def _split_exact(total: float, weights: np.ndarray, decimals: int = 2) -> np.ndarray:
    """Split ``total`` in proportion to ``weights``, rounded, summing exactly to ``total``."""
    raw = total * weights / weights.sum()
    out = np.round(raw, decimals)
    out[np.argmax(out)] += round(total - out.sum(), decimals)
    return np.round(out, decimals)


def key_projects(
    year: int = 2023,
    *,
    n_projects: int = PROJECT_COUNT_2023,
    total_investment: float = PROJECT_TOTAL_INVESTMENT_2023,
    planned: float = PROJECT_PLAN_2023,
    level_counts: dict[str, int] | None = None,
    seed: int = 2023,
    warn: bool = True,
) -> ProjectData:
    """A key-project list consistent with published totals (示例数据 / synthetic).

    Parameters
    ----------
    year : int
        Plan year.
    n_projects, total_investment, planned : published totals to reproduce exactly
        (defaults: 242 projects, 4361.5亿元 total, 587.7亿元 planned for 2023; 大象新闻 2023-02-13).
    level_counts : dict, optional
        Projects per level (省级/市级/区级); default in the proportions 30/72/140 of 242 (an
        assumption: the article gives only the total 三级重点项目 242).
    seed : int

    Returns
    -------
    ProjectData
        ``projects`` sums exactly to the totals; ``completed`` holds monthly completed investment
        for all 12 months, with project-specific execution speeds so that some projects run ahead
        of and some behind the time-proportional schedule (序时进度).
    """
    if level_counts is None:
        prov, muni = round(n_projects * 30 / 242), round(n_projects * 72 / 242)
        level_counts = {"省级": prov, "市级": muni, "区级": n_projects - prov - muni}
    if sum(level_counts.values()) != n_projects or min(level_counts.values()) < 0:
        raise ParameterError(
            f"level counts {level_counts} must be non-negative and sum to n_projects={n_projects}",
            parameter="level_counts",
        )
    rng = np.random.default_rng(seed)
    levels = np.repeat(list(level_counts), list(level_counts.values()))
    scale = {"省级": 4.0, "市级": 1.6, "区级": 0.6}
    w_total = np.array([scale[lv] for lv in levels]) * rng.lognormal(0.0, 0.6, n_projects)
    tot = _split_exact(total_investment, w_total)
    w_plan = tot * rng.uniform(0.08, 0.2, n_projects)
    plan = _split_exact(planned, w_plan)
    ids = [f"P{year}{i:03d}" for i in range(1, n_projects + 1)]
    sectors = rng.choice(SECTORS, n_projects)
    projects = pd.DataFrame(
        {
            "name": [f"示例项目{i:03d}（{s}）" for i, s in enumerate(sectors, start=1)],
            "level": levels,
            "level_en": [LEVELS_EN[lv] for lv in levels],
            "sector": sectors,
            "total_investment": tot,
            "planned": plan,
            "source": synthetic_source(f"key-project list calibrated to {n_projects} projects, "
                              f"{total_investment}亿元 total, {planned}亿元 planned ({ARTICLE})"),
        },
        index=pd.Index(ids, name="project_id"),
    )
    months = [month_code(year, m) for m in range(1, 13)]
    speed = rng.normal(1.0, 0.18, n_projects).clip(0.45, 1.4)
    completed = np.zeros((12, n_projects))
    for j in range(n_projects):
        w = month_weights(rng)
        cum = np.minimum(np.cumsum(w) * speed[j], 1.15)
        cum = np.maximum.accumulate(cum)
        completed[:, j] = np.diff(np.concatenate([[0.0], cum])) * plan[j]
    completed_df = pd.DataFrame(
        np.round(completed, 3),
        index=pd.Index(months, name="period"),
        columns=pd.Index(ids, name="project_id"),
    )
    if warn:
        warn_synthetic(f"key-project list {year}")
    return ProjectData(projects=projects, completed=completed_df, year=year)

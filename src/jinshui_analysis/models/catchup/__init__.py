r"""Benchmarking a district against a leader: catch-up time, gap tables and scenario grids.

Default benchmark: 深圳市南山区 (Nanshan, 2022 GDP 8035.88亿元, 南山区统计局 via 南方Plus) against
郑州市金水区 (Jinshui, 2022 GDP 1932亿元, 大象新闻 2023-02-13).

Catch-up arithmetic: two levels growing at constant rates meet when

.. math:: \text{lag}\,(1+g_l)^t = \text{lead}\,(1+g_L)^t
          \;\Rightarrow\; t = \frac{\ln(\text{lead}/\text{lag})}{\ln\big((1+g_l)/(1+g_L)\big)}.

Modules: :mod:`~jinshui_analysis.models.catchup.paths` (:func:`catch_up`,
:func:`scenario_grid`), :mod:`~jinshui_analysis.models.catchup.scenarios`
(:func:`catch_up_scenarios`, :func:`trend_growth`), :mod:`~jinshui_analysis.models.catchup.gaps`
(:func:`gap_table`).

With real growth rates applied to current-price levels of the start year, the paths are at the
constant prices of the start year (both regions assumed to share one price level).
"""

from jinshui_analysis.models.catchup.gaps import gap_table
from jinshui_analysis.models.catchup.paths import CatchUpResults, catch_up, scenario_grid
from jinshui_analysis.models.catchup.scenarios import (
    CatchUpScenarioResults,
    catch_up_scenarios,
    trend_growth,
)

__all__ = ["CatchUpResults", "CatchUpScenarioResults", "catch_up", "catch_up_scenarios",
           "gap_table", "scenario_grid", "trend_growth"]

r"""Target arithmetic: growth needed, threshold years, year-to-date progress against a target.

The one place for the questions a district leader asks about a target:

* :func:`required_growth` — growth per year to go from a level to a threshold (nominal when the
  threshold is a current-price figure such as "两千亿");
* :func:`crossing` — the year a level growing at a rate first reaches a threshold;
* :func:`done_share` — the share of last year's total reached by the same point of the year;
* :func:`required_remaining_growth` — growth needed in the rest of the year;
* :func:`year_end_growth` — the full year's real growth projected from published real
  year-to-date growth, and the probability of meeting the target;
* :func:`target_progress` — all of the above for this year's year-to-date figures, on the
  **real** basis of the target: the published real year-to-date growth where the data have it,
  otherwise nominal growth of the levels deflated by an explicit deflator
  (:class:`~jinshui_analysis.models.prices.Deflator`); never a silent 0.

Modules: :mod:`~jinshui_analysis.models.targets.threshold` (required growth, crossing),
:mod:`~jinshui_analysis.models.targets.progress` (done share, growth needed in the rest of the
year, target progress), :mod:`~jinshui_analysis.models.targets.outlook` (year-end growth).

Units: levels in 亿元, growth in % (``_pct``), shares as fractions (``share``).
"""

from jinshui_analysis.models.targets.outlook import (
    YearEndGrowthResults,
    pace_change,
    year_end_growth,
)
from jinshui_analysis.models.targets.progress import (
    QUALIFIERS,
    TargetProgressResults,
    done_share,
    required_remaining_growth,
    target_progress,
)
from jinshui_analysis.models.targets.threshold import (
    REL_TOL,
    CrossingResults,
    cagr,
    crossing,
    required_growth,
)

__all__ = [
    "QUALIFIERS",
    "REL_TOL",
    "CrossingResults",
    "TargetProgressResults",
    "YearEndGrowthResults",
    "cagr",
    "crossing",
    "done_share",
    "pace_change",
    "required_growth",
    "required_remaining_growth",
    "target_progress",
    "year_end_growth",
]

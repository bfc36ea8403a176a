"""The quarter's GDP before it is published: the indicator method (速度推算), a bridge
equation (Chow–Lin with ρ = 0), the dynamic factor nowcast, and their pseudo-real-time backtest.

One module per idea: :mod:`.common` (information set, quarter means, :class:`EstimateResults`),
:mod:`.indicator`, :mod:`.bridge`, :mod:`.dfm`, :mod:`.backtest`.
"""

from jinshui_analysis.models.estimate.backtest import (
    COVID,
    BacktestResults,
    ar1_forecast,
    backtest,
    naive_forecast,
)
from jinshui_analysis.models.estimate.bridge import bridge
from jinshui_analysis.models.estimate.common import (
    EstimateResults,
    information_set,
    month_of_quarter,
    quarter_means,
)
from jinshui_analysis.models.estimate.dfm import dfm
from jinshui_analysis.models.estimate.indicator import (
    DEFAULT_MAPPING,
    indicator_growth,
    indicator_method,
    shares_for_year,
)

__all__ = [
    "COVID", "DEFAULT_MAPPING", "BacktestResults", "EstimateResults", "ar1_forecast", "backtest",
    "bridge", "dfm", "indicator_growth", "indicator_method", "information_set",
    "month_of_quarter", "naive_forecast", "quarter_means", "shares_for_year",
]

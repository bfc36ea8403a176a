"""Reporting periods of Chinese statistical bulletins: parsing, wording and codes.

Chinese statistical bulletins (统计公报, 统计月报) label periods in many ways: ``2023年``,
``2023年一季度``, ``2023年上半年``, ``2023年1—6月``, ``1-3月`` (year in the title), ``3月`` …
Most sub-annual figures are published **year-to-date** (累计, cumulative from January):
``1-6月`` and ``上半年`` are the same six months.  :func:`parse_period` maps every label to a
:class:`Period` with a canonical string and a ``cumulative`` flag:

==================================  ============  ==========
label                               ``period``    cumulative
==================================  ============  ==========
``2023``, ``2023年``, ``2023年全年``   ``"2023"``    False
``2023Q1``, ``2023年一季度``           ``"2023Q1"``  False
``2023年二季度``, ``2023Q2``           ``"2023Q2"``  False
``2023年上半年``, ``2023H1``           ``"2023Q2"``  True
``2023年前三季度``, ``2023Q1-Q3``      ``"2023Q3"``  True
``2023年3月``, ``2023-03``, ``2023.3``  ``"2023-03"`` False
``2023年1-3月``, ``2023-01~2023-03``   ``"2023-03"`` True
==================================  ============  ==========

Conventions (choices, documented here once):

- A first quarter (``一季度``/``Q1``) and a January (``1月``) are both a single period and a
  year-to-date one; they are reported with ``cumulative=False``.
- Monthly year-to-date stays monthly: ``1-3月`` is ``"2023-03"`` cumulative, *not* ``"2023Q1"``;
  ``1-12月`` is ``"2023-12"`` cumulative, not the year ``"2023"`` (the values are equal, the labels
  are kept apart so that monthly series stay monthly).
- A range not starting in January (``3-5月``, ``2023-03~2023-05``) and ``下半年`` are neither a
  calendar period nor year-to-date: they raise :class:`~jinshui_analysis.exceptions.PeriodError`.
- Canonical codes (``2023Q2``, ``2023-05``) do not say whether a value is single-period or
  year-to-date (``cumulative=False``); functions whose inputs are year-to-date by contract
  (:func:`jinshui_analysis.models.ytd.ytd_to_single`,
  :func:`jinshui_analysis.models.forecast.year_end_projection`) read them as
  year-to-date, but reject Chinese labels that explicitly name one quarter or one month
  (``2023年二季度``, ``2023年5月``; see :func:`is_explicit_single`).
- Monthly bulletins usually publish January and February together (``1-2月``, January not
  published, because of the Spring Festival).  :func:`~jinshui_analysis.models.ytd.ytd_to_single`
  then returns the January–February combined value under ``"YYYY-02"`` and marks it in ``Series.attrs["combined"]``.

The arithmetic on values labelled by periods lives in the models layer: year-to-date ↔ single
periods in :mod:`jinshui_analysis.models.ytd`, year-on-year, chained and compound growth in
:mod:`jinshui_analysis.models.rates`.

One module per idea: :mod:`.parsing` (:class:`Period`, :func:`parse_period`, search),
:mod:`.wording` (:func:`describe`), :mod:`.timeline` (order, ranges, timestamps, pandas
periods), :mod:`.codes` (questions asked of period codes).
"""

from jinshui_analysis.exceptions import PeriodError  # the error of a label that is no period
from jinshui_analysis.periods.codes import (
    code_freq,
    codes_info,
    in_year,
    month_of_code,
    quarter_code,
    through_month,
    year_of_code,
)
from jinshui_analysis.periods.parsing import (
    Freq,
    Period,
    find_period,
    is_explicit_single,
    month_code,
    month_period,
    parse_period,
    quarter_code_of,
    quarter_period,
    search_period,
)
from jinshui_analysis.periods.timeline import (
    pandas_freq,
    period_range,
    period_sort_key,
    same_period_last_year,
    sort_periods,
    to_pandas_period,
    to_period_index,
    to_timestamp,
    year_of,
)
from jinshui_analysis.periods.wording import describe

__all__ = [
    "Freq",
    "Period",
    "PeriodError",
    "code_freq",
    "codes_info",
    "describe",
    "find_period",
    "in_year",
    "is_explicit_single",
    "month_code",
    "month_period",
    "month_of_code",
    "pandas_freq",
    "parse_period",
    "period_range",
    "period_sort_key",
    "quarter_code",
    "quarter_code_of",
    "quarter_period",
    "same_period_last_year",
    "search_period",
    "sort_periods",
    "through_month",
    "to_pandas_period",
    "to_period_index",
    "to_timestamp",
    "year_of",
    "year_of_code",
]

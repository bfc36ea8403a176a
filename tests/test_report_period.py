"""``ReportData.period`` is a :class:`~jinshui_analysis.periods.Period`, normalised once by the
loader: however the month is written, a report sees the same single month."""

from __future__ import annotations

import pytest

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.periods import Period, month_period
from jinshui_analysis.reports.loader import load_report_data


@pytest.mark.parametrize("written", ["2023-06", "2023年6月", "2023年1-6月", "2023.6"])
def test_the_report_month_is_one_period_however_written(written: str) -> None:
    rd = load_report_data("郑州市", written, demo=False)
    assert isinstance(rd.period, Period)
    # 1-6月 is year to date, but the report's month is June itself: cumulative False, no label
    assert rd.period == month_period(2023, 6) == Period("2023-06", False, "M", 2023, 6, 6)
    assert not rd.period.cumulative and rd.period.label == ""
    assert str(rd.period) == rd.period.period == "2023-06"
    assert (rd.year, rd.month) == (2023, 6)


def test_no_period_is_december_of_the_latest_published_year() -> None:
    rd = load_report_data("金水区", None)
    assert isinstance(rd.period, Period) and rd.period.freq == "M"
    assert rd.month == 12 and rd.period == month_period(rd.year, 12)


def test_a_quarter_is_not_a_report_month() -> None:
    with pytest.raises(ParameterError, match="YYYY-MM"):
        load_report_data("郑州市", "2023Q2", demo=False)

"""Levels are compared across years only on one basis (issue 19, item 2).

The 5th economic census revision (results 2024-12-26) lies between 郑州市's 2024 in-year levels
(一季度 3537.9亿, first published April 2024) and its 2025 ones (一季度 3459.5亿, published
2025-05): 3459.5/3537.9 − 1 = −2.22 % in levels against +5.6 % published real growth, i.e. an
implied deflator of 0.97784/1.056 − 1 = −7.4 % — a basis change, not prices.
"""

from __future__ import annotations

import math

import pytest

from jinshui_analysis.data.vintage import census_basis, revision_between, same_basis
from jinshui_analysis.reports import sections as S
from jinshui_analysis.reports.sections.target import level_key, ytd_figures


def test_hand_arithmetic_of_the_artefact():
    nominal = (3459.5 / 3537.9 - 1) * 100
    assert round(nominal, 2) == -2.22
    assert round(((1 + nominal / 100) / 1.056 - 1) * 100, 1) == -7.4


def test_census_basis_by_publication():
    assert census_basis("2024Q1") == 1 and census_basis("2024Q3", "2024-10-30") == 1
    assert census_basis("2024") == 2 and census_basis("2025Q1", "2025-05-12") == 2
    assert census_basis("2018") == 0 and census_basis("2019") == 1
    assert not same_basis(("2025Q1", "2025-05-12", "initial"), ("2024Q1", "", "initial"))
    assert same_basis(("2023Q2", "", "initial"), ("2022Q2", "2023-01-09", "initial"))
    assert revision_between(("2025Q1", "", ""), ("2024Q1", "", "")) == "第五次全国经济普查"


@pytest.mark.parametrize("period", ["2025-03", "2025-06", "2025-09", "2025-12"])
def test_no_level_is_compared_across_a_revision(period):
    rd = S.load_report_data("郑州市", period, demo=False)
    figs = ytd_figures(rd, 6.0)
    through, last_q = figs["through"], figs["last_q"]
    crossed = bool(revision_between(level_key(rd, through), level_key(rd, last_q)))
    if crossed and figs["level"] is not None:
        assert figs["nominal_pct"] is None and figs["basis_break"]
    sec = S.target(rd, 6.0, 2000.0, deflator_pct=2.0)
    # every (this year, last year) pair the table sets side by side is on one basis
    table = sec.tables[0][1]
    for k, (_, row) in enumerate(table.iterrows(), start=1):
        prev, cur = row.iloc[0], row.iloc[-1]
        if not (math.isnan(prev) or math.isnan(cur)):
            assert not revision_between(level_key(rd, f"{rd.year}Q{k}"),
                                        level_key(rd, f"{rd.year - 1}Q{k}")), (period, k)
    # no nominal growth or deflator from the 2024 first-published levels
    names = {r["name"] for r in sec.records}
    if period != "2025-12":
        assert "gdp_ytd_growth_nominal" not in names


def test_march_2025_says_why_and_uses_published_growth():
    rd = S.load_report_data("郑州市", "2025-03", demo=False)
    sec = S.target(rd, 6.0, 2000.0, deflator_pct=2.0)
    text = "".join(sec.notes)
    assert "3,537.90亿元是第五次全国经济普查修订前首次公布的数" in text
    assert "采用已公布的实际增速" in text
    assert "-2.22" not in text and "−2.22" not in text
    f = {r["name"]: r for r in sec.records}
    assert f["gdp_ytd_growth"]["value"] == 5.6


def test_same_basis_pair_is_still_used():
    # 2023 上半年 7008.6 (Aug 2023) and 2022 上半年 6740 (Jan 2023): one basis, so the nominal
    # growth 7008.6/6740 − 1 = +3.985 % is computed
    rd = S.load_report_data("郑州市", "2023-06", demo=False)
    figs = ytd_figures(rd, 7.0)
    assert figs["nominal_pct"] == pytest.approx((7008.6 / 6740 - 1) * 100)
    assert not figs["basis_break"]

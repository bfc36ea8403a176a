"""Each year is judged against that year's published target (issue 19, item 1).

The targets are the bundled ``data/regional/targets.csv`` rows, read from their sources:
郑州市 2023 "增长7%" (大象新闻 2023-02-13), 2024 "7%左右" (市长何雄, 2024 两会), 2025 "6%左右"
(大河财立方 2025-02-19); 金水区 2023 "8%以上"; 全国 2022 5.5%左右, 2023–2025 5%左右.
"""

from __future__ import annotations

import pytest

from jinshui_analysis.data import provenance
from jinshui_analysis.data.targets import load_targets, target_for
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.reports import sections as S
from jinshui_analysis.reports.phrases import target_phrase


@pytest.mark.parametrize(("region", "year", "value", "qualifier"), [
    ("郑州市", 2023, 7.0, ""), ("郑州市", 2024, 7.0, "左右"), ("郑州市", 2025, 6.0, "左右"),
    ("金水区", 2023, 8.0, "以上"), ("全国", 2022, 5.5, "左右"), ("全国", 2023, 5.0, "左右"),
    ("全国", 2024, 5.0, "左右"), ("全国", 2025, 5.0, "左右"), ("河南省", 2025, 5.5, "左右"),
])
def test_bundled_targets(region, year, value, qualifier):
    t = target_for(region, year)
    assert (t.value, t.qualifier) == (value, qualifier)
    assert t.source and t.grade in provenance.GRADES


def test_stated_grade_is_the_address_grade():
    raw = load_targets()
    for r in raw.itertuples():
        url = r.source.split(" ")[0].removeprefix("data/")
        assert provenance.grade_of(url)[0] == r.grade, r.source


def test_no_target_is_none():
    assert target_for("郑州市", 2019) is None
    assert target_for("金水区", 2025) is None


def test_phrase_keeps_the_qualifier():
    assert target_phrase(6, qualifier="左右") == "实际增长6%左右"
    assert target_phrase(8, qualifier="以上") == "实际增长8%以上"
    assert target_phrase(7) == "实际增长7%"
    assert target_phrase(6, qualifier="左右", language="en") == "real growth of about 6%"
    assert target_phrase(8, lower_bound=True, language="en") == "real growth of at least 8%"
    assert target_phrase(7.5, qualifier="力争") == "力争实际增长7.5%"
    assert target_phrase(7, language="en") == "7% real growth"
    with pytest.raises(ParameterError, match="qualifier"):
        target_phrase(7, qualifier="约")


def test_report_year_picks_its_own_target():
    # 2025 → 6 (not the profile's 7); 2024 → 7 (左右); 2022 has no 郑州市 target → profile 7
    for period, want in (("2025-12", 6.0), ("2024-06", 7.0), ("2022-12", 7.0)):
        rd = S.load_report_data("郑州市", period, demo=False)
        assert S.profile_targets(rd, required=False)[0] == want
    # an explicit parameter still wins
    rd = S.load_report_data("郑州市", "2025-12", demo=False)
    assert S.profile_targets(rd, 7.5, required=False)[0] == 7.5


def test_fallback_is_labelled():
    rd = S.load_report_data("郑州市", "2022-12", demo=False)
    goal, lower = S.target_goal(rd, 7.0)
    assert goal == "实际增长7%（未找到2022年目标，按配置7%）" and not lower
    goal_en, _ = S.target_goal(rd, 7.0, "en")
    assert "no published 2022 target found" in goal_en
    rd25 = S.load_report_data("郑州市", "2025-12", demo=False)
    goal, _ = S.target_goal(rd25, 7.0)
    assert "按配置" in goal and "2025年公布的目标为实际增长6%左右" in goal


def test_december_2025_is_point_six_below_six_percent():
    # published 2025 real growth 5.4 % (大象新闻 via 网易号; 2026 work report "增长5.4%"),
    # target 6%左右: 5.4 − 6 = −0.6 points
    rd = S.load_report_data("郑州市", "2025-12", demo=False)
    g, thr = S.profile_targets(rd, required=False)
    sec = S.target(rd, g, thr, deflator_pct=2.0)
    gap = next(r for r in sec.records if r["name"] == "target_gap_pp")
    assert gap["value"] == pytest.approx(5.4 - 6.0)
    assert "低于实际增长6%左右（非官方来源）的目标0.6个百分点" in "".join(sec.notes)


def test_jinshui_2023_target_is_a_floor():
    rd = S.load_report_data("金水区", "2023-06")
    goal, lower = S.target_goal(rd, 8.0)
    assert goal == "实际增长8%以上" and lower

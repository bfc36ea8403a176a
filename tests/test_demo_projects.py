"""Demo data reproduce the published totals exactly and are labelled synthetic."""

from __future__ import annotations

import pandas as pd
import pytest

from jinshui_analysis.data import demo, demo_projects
from jinshui_analysis.exceptions import ParameterError, SyntheticDataWarning
from jinshui_analysis.models.projects import schedule_pct, schedule_progress


def test_key_projects_match_article_totals():
    d = demo_projects.key_projects(warn=False)
    assert len(d.projects) == 242
    assert d.projects["total_investment"].sum() == pytest.approx(4361.5, abs=1e-6)
    assert d.projects["planned"].sum() == pytest.approx(587.7, abs=1e-6)
    assert set(d.projects["level"]) == {"省级", "市级", "区级"}
    assert d.projects["source"].str.startswith("synthetic").all()
    assert list(d.completed.index) == [f"2023-{m:02d}" for m in range(1, 13)]


def test_key_projects_reproducible_and_seeded():
    a = demo_projects.key_projects(seed=1, warn=False)
    b = demo_projects.key_projects(seed=1, warn=False)
    c = demo_projects.key_projects(seed=2, warn=False)
    pd.testing.assert_frame_equal(a.completed, b.completed)
    assert not a.completed.equals(c.completed)


def test_demo_warns():
    with pytest.warns(SyntheticDataWarning, match="示例数据"):
        demo_projects.key_projects()


def test_level_counts_validated():
    with pytest.raises(ParameterError, match="level_counts"):
        demo_projects.key_projects(level_counts={"省级": 1, "市级": 1, "区级": 1}, warn=False)


def test_schedule_pct_by_hand():
    assert schedule_pct("2023-06") == pytest.approx(50.0)
    assert schedule_pct("2023-03") == pytest.approx(25.0)
    with pytest.raises(ParameterError):
        schedule_pct("2023Q2")


def test_schedule_progress_hand_example():
    projects = pd.DataFrame(
        {"level": ["省级", "区级"], "planned": [100.0, 50.0]},
        index=pd.Index(["A", "B"], name="project_id"),
    )
    months = [f"2023-{m:02d}" for m in range(1, 7)]
    completed = pd.DataFrame({"A": [10.0] * 6, "B": [2.0] * 6}, index=months)
    res = schedule_progress(projects, completed, "2023-06")
    # A: 60/100 = 60% → +10 pp; B: 12/50 = 24% → −26 pp; total 72/150 = 48% → −2 pp
    assert res.table.loc["A", "completion_pct"] == pytest.approx(60.0)
    assert res.table.loc["B", "gap_pp"] == pytest.approx(-26.0)
    assert res.completion_pct == pytest.approx(48.0)
    assert res.gap_pp == pytest.approx(-2.0)
    assert res.furthest_behind(1).index[0] == "B"
    assert res.by_level.loc["合计", "behind"] == 1
    assert not res.synthetic
    assert "gap to schedule -2.0 pp" in str(res.summary())


def test_demo_progress_is_labelled():
    d = demo_projects.key_projects(warn=False)
    res = schedule_progress(d.projects, d.completed, "2023-09")
    assert res.synthetic
    assert "synthetic=True" in str(res.summary())  # the report words the flag
    assert 0 < res.table["behind"].sum() < 242  # some behind, some ahead


def test_quarterly_gdp_calibrated_to_annual():
    q = demo.quarterly_gdp(warn=False)
    q4 = q.set_index("period").loc["2022Q4", "value"]
    assert q4 == pytest.approx(1932.0)
    assert q.set_index("period").loc["2023Q4", "value"] == pytest.approx(2086.56)
    assert q.set_index("period").loc["2022Q1", "value"] == pytest.approx(
        1932 * 2969.8 / 12691.02, rel=0.02
    )


def test_monthly_indicators_follow_jan_feb_convention():
    m = demo.monthly_indicators(years=(2023,), warn=False)
    assert not m["period"].str.endswith("-01").any()
    assert m["period"].min() == "2023-02"
    assert m["cumulative"].all()
    assert m["source"].str.startswith("synthetic").all()
    # growth is consistent with the generated levels: recompute from the previous year
    full = demo.monthly_indicators(years=(2022, 2023), warn=False)
    lv = full[(full.indicator == "社会消费品零售总额") & (full.measure == "level")].set_index("period")
    g = full[(full.indicator == "社会消费品零售总额") & (full.measure == "yoy_pct")].set_index("period")
    assert g.loc["2023-06", "value"] == pytest.approx(
        (lv.loc["2023-06", "value"] / lv.loc["2022-06", "value"] - 1) * 100, abs=0.02
    )


# --------------------------------------------------------------------------- demo only when asked
def _gdp_rows(values: dict[str, float]) -> pd.DataFrame:
    """Published GDP levels of 金水区 as the bundled loader gives them (annual and YTD quarters)."""
    return pd.DataFrame({
        "region": "金水区", "indicator": "地区生产总值", "measure": "level",
        "period": list(values), "cumulative": [not p.endswith("Q1") for p in values],
        "value": list(values.values()), "unit": "亿元", "price_basis": "current",
        "source": "published"})


def test_demo_world_follows_the_city_and_the_article():
    # 金水区: 2018 1378.8 and 2022 1932 published; 2020H1 841.12 and 2021Q1 470.15 published.
    # 郑州市: 2018 10143.3, 2020 12003, 2021 12691.02, 2022 12934.7.
    pub = _gdp_rows({"2018": 1378.8, "2020Q2": 841.12, "2021Q1": 470.15, "2022": 1932.0})
    city = {2018: 10143.3, 2020: 12003.0, 2021: 12691.02, 2022: 12934.7}
    world = demo.demo_world("金水区", pub, range(2020, 2023), reference_annual=city,
                            reference_shares={(2021, 3): 2969.8 / 12691.02})
    s18, s22 = 1378.8 / 10143.3, 1932.0 / 12934.7      # 0.135931, 0.149366
    # 2021: share interpolated 3/4 of the way, 12691.02 × 0.135931 × (0.149366/0.135931)^0.75
    assert world.annual[2021] == pytest.approx(12691.02 * s18 * (s22 / s18) ** 0.75, abs=0.01)
    assert world.annual[2021] == pytest.approx(1851.4, abs=0.1)
    assert world.annual[2020] == pytest.approx(12003.0 * s18 * (s22 / s18) ** 0.5, abs=0.01)
    assert world.origin[2021] == "city_share" and world.origin[2022] == "published"
    # the article: 1932 in 2022 and the 2000亿 line not yet reached
    assert max(world.annual[y] for y in (2020, 2021, 2022)) < 2000
    # the published quarters are reproduced exactly
    q = world.quarterly.set_index("period")["value"]
    assert q["2021Q1"] == 470.15 and q["2020Q2"] == 841.12 and q["2022Q4"] == 1932.0
    # without the city's levels, the old rule blows 2021Q1 up with the city's Q1 share: 2009.1
    old = demo.demo_world("金水区", pub, range(2020, 2023),
                          reference_shares={(2021, 3): 2969.8 / 12691.02})
    assert old.annual[2021] == pytest.approx(470.15 / (2969.8 / 12691.02), abs=0.01)


def test_showcase_demo_world_below_2000_before_2023():
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("金水区", "2023-06", demo=True)
    q = rd.quarterly.set_index("period")["value"]
    assert q["2021Q4"] < 2000 and q["2020Q4"] < 2000 and q["2022Q4"] == 1932.0
    assert rd.sectors[0].loc["2021", "GDP"] == pytest.approx(q["2021Q4"])


def test_no_demo_unless_asked():
    from jinshui_analysis.data.profiles import default_reports
    from jinshui_analysis.render.params import load_schema
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("郑州市", "2023-06")  # no parameters: published figures only
    assert rd.synthetic == frozenset()
    for frame in (rd.monthly, rd.quarterly):
        assert not frame["source"].astype(str).str.startswith("synthetic").any()
    assert rd.projects is None and rd.sectors is None
    for name in ("monthly_report", "annual_review"):
        assert load_schema(name)["demo"].default is False
    asked = [(nb, p) for nb, p in default_reports() if p.get("demo")]
    assert asked == [("monthly_report", {"region": "金水区", "period": "2023-06", "demo": True})]

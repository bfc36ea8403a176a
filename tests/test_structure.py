"""Shift-share, location quotients and HHI on small examples worked by hand (示例数据)."""

from __future__ import annotations

import pandas as pd
import pytest

from jinshui_analysis.exceptions import ModelError, ParameterError
from jinshui_analysis.models.structure import herfindahl, location_quotient, shift_share

REG0 = pd.Series({"A": 100.0, "B": 200.0})
REG1 = pd.Series({"A": 130.0, "B": 210.0})
REF0 = pd.Series({"A": 1000.0, "B": 3000.0})
REF1 = pd.Series({"A": 1200.0, "B": 3150.0})
EFFECTS = ["national_share", "industry_mix", "competitive_shift"]


def test_dunn_by_hand() -> None:
    r = shift_share(REG0, REG1, REF0, REF1)
    # G = 4350/4000 − 1 = 8.75 %; G_A = 20 %, G_B = 5 %; g_A = 30 %, g_B = 5 %
    assert r.reference_growth_pct == pytest.approx(8.75)
    a = r.components.loc["A", EFFECTS].tolist()
    b = r.components.loc["B", EFFECTS].tolist()
    assert a == pytest.approx([8.75, 11.25, 10.0])  # 100·G, 100·(0.20 − G), 100·(0.30 − 0.20)
    assert b == pytest.approx([17.5, -7.5, 0.0])  # 200·G, 200·(0.05 − G), 0
    assert r.totals["change"] == pytest.approx(40)
    assert r.totals[EFFECTS].sum() == pytest.approx(40)
    frame = r.to_frame()
    assert frame.loc["total", "national_share"] == pytest.approx(26.25)
    assert "Dunn" in str(r.summary())


def test_esteban_marquillas_by_hand() -> None:
    r = shift_share(REG0, REG1, REF0, REF1, method="esteban")
    # ê_A = 300 × 1000/4000 = 75; CS'_A = 75 × 0.10 = 7.5; AE_A = (100 − 75) × 0.10 = 2.5
    assert r.components.loc["A", "homothetic"] == pytest.approx(75)
    assert r.components.loc["A", "homothetic_shift"] == pytest.approx(7.5)
    assert r.components.loc["A", "allocation_effect"] == pytest.approx(2.5)
    assert r.components.loc["B", "homothetic"] == pytest.approx(225)
    cs = r.components["competitive_shift"]
    assert (r.components["homothetic_shift"] + r.components["allocation_effect"]).tolist() == (
        pytest.approx(cs.tolist())
    )
    # reference employment shares 50/50 → ê_A = 150; CS'_A = 15; AE_A = (100 − 150)·0.1 = −5
    r2 = shift_share(REG0, REG1, REF0, REF1, method="esteban",
                     employment=pd.Series({"A": 50.0, "B": 50.0}))
    assert r2.components.loc["A", ["homothetic_shift", "allocation_effect"]].tolist() == (
        pytest.approx([15.0, -5.0])
    )


def test_dynamic_by_hand() -> None:
    idx = pd.Index([2020, 2021, 2022], name="period")
    reg = pd.DataFrame({"A": [100.0, 110, 130], "B": [200.0, 205, 210]}, index=idx)
    ref = pd.DataFrame({"A": [1000.0, 1100, 1200], "B": [3000.0, 3060, 3150]}, index=idx)
    r = shift_share(reg, None, ref, None, method="dynamic")
    # 2021: G = 4 %, G_A = 10 %, G_B = 2 %, g_A = 10 %, g_B = 2.5 %
    #   A: NS 4, IM 6, CS 0;   B: NS 8, IM −4, CS 1
    # 2022: G = 4350/4160 − 1; G_A = 1200/1100 − 1; g_A = 130/110 − 1 …
    g2 = 4350 / 4160 - 1
    a_2022 = [110 * g2, 110 * (1200 / 1100 - 1 - g2), 110 * (130 / 110 - 1200 / 1100)]
    b_2022 = [205 * g2, 205 * (3150 / 3060 - 1 - g2), 205 * (210 / 205 - 3150 / 3060)]
    assert r.components.loc["A", EFFECTS].tolist() == pytest.approx(
        [4 + a_2022[0], 6 + a_2022[1], 0 + a_2022[2]]
    )
    assert r.components.loc["B", EFFECTS].tolist() == pytest.approx(
        [8 + b_2022[0], -4 + b_2022[1], 1 + b_2022[2]]
    )
    assert r.components.loc["A", "competitive_shift"] == pytest.approx(10.0)
    assert r.components["change"].tolist() == [30.0, 10.0]
    assert r.components[EFFECTS].sum(axis=1).tolist() == pytest.approx([30.0, 10.0])
    assert len(r.by_period) == 4
    # differs from the one-step Dunn decomposition of the same endpoints
    one = shift_share(reg.iloc[0], reg.iloc[-1], ref.iloc[0], ref.iloc[-1])
    assert one.components.loc["A", "competitive_shift"] == pytest.approx(10.0)
    assert one.components.loc["A", "industry_mix"] != pytest.approx(
        r.components.loc["A", "industry_mix"]
    )


def test_shift_share_errors() -> None:
    with pytest.raises(ModelError, match="sectors"):
        shift_share(REG0, REG1.rename({"B": "C"}), REF0, REF1)
    with pytest.raises(ParameterError, match="method"):
        shift_share(REG0, REG1, REF0, REF1, method="x")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="DataFrames"):
        shift_share(REG0, REG1, REF0, REF1, method="dynamic")
    with pytest.raises(ModelError, match="negative"):
        shift_share(REG0 * -1, REG1, REF0, REF1)
    with pytest.raises(ParameterError, match="employment"):
        shift_share(REG0, REG1, REF0, REF1, employment=REF0)


def test_location_quotient_by_hand() -> None:
    lq = location_quotient(REG0, REF0)
    # A: (100/300) / (1000/4000) = 4/3; B: (200/300) / (3000/4000) = 8/9
    assert lq.tolist() == pytest.approx([4 / 3, 8 / 9])
    panel = location_quotient(pd.DataFrame([REG0, REG1]), pd.DataFrame([REF0, REF1]))
    assert panel.iloc[1]["A"] == pytest.approx((130 / 340) / (1200 / 4350))
    with pytest.raises(ParameterError):
        location_quotient(REG0, pd.DataFrame([REF0]))


def test_herfindahl_by_hand() -> None:
    assert herfindahl([50, 30, 20]) == pytest.approx(0.38)  # 0.25 + 0.09 + 0.04
    assert herfindahl([0.5, 0.3, 0.2]) == pytest.approx(0.38)
    assert herfindahl(pd.Series([5.0, 3, 2])) == pytest.approx(0.38)
    # normalised: (0.38 − 1/3) / (1 − 1/3) = 0.07
    assert herfindahl([50, 30, 20], normalized=True) == pytest.approx(0.07)
    assert herfindahl([1, 1, 1, 1], normalized=True) == pytest.approx(0.0)
    assert herfindahl([1, 0, 0], normalized=True) == pytest.approx(1.0)
    rows = herfindahl(pd.DataFrame([[50, 30, 20], [1, 1, 0]]))
    assert rows.tolist() == pytest.approx([0.38, 0.5])
    with pytest.raises(ModelError):
        herfindahl([1, -1])
    with pytest.raises(ModelError):
        herfindahl([0, 0])


def test_dynamic_sorts_periods_first() -> None:
    idx = pd.Index([2020, 2021, 2022], name="period")
    reg = pd.DataFrame({"A": [100.0, 110, 130], "B": [200.0, 205, 210]}, index=idx)
    ref = pd.DataFrame({"A": [1000.0, 1100, 1200], "B": [3000.0, 3060, 3150]}, index=idx)
    ordered = shift_share(reg, None, ref, None, method="dynamic")
    # rows given out of order (and the reference in yet another order): same decomposition,
    # start 2020 and end 2022 (A: 100 → 130, change 30; CS_A = 0 + 10 = 10 as worked above)
    shuffled = shift_share(reg.loc[[2022, 2020, 2021]], None, ref.loc[[2021, 2022, 2020]], None,
                           method="dynamic")
    pd.testing.assert_frame_equal(shuffled.components, ordered.components)
    assert shuffled.components.loc["A", ["start", "end", "change"]].tolist() == [100, 130, 30]
    assert shuffled.components.loc["A", "competitive_shift"] == pytest.approx(10.0)
    assert shuffled.by_period["period"].tolist() == [2021, 2021, 2022, 2022]
    # quarterly labels are sorted chronologically, not as text
    q = pd.Index(["2023Q1", "2022Q4"], name="period")
    r = shift_share(reg.iloc[:2].set_axis(q[::-1]), None, ref.iloc[:2].set_axis(q[::-1]), None,
                    method="dynamic")
    assert r.components.loc["A", "change"] == 10.0
    with pytest.raises(ModelError, match="chronological"):
        shift_share(reg.set_axis(["x", 1, 2.5]), None, ref.set_axis(["x", 1, 2.5]), None,
                    method="dynamic")
    with pytest.raises(ModelError, match="differ"):
        shift_share(reg, None, ref.set_axis([2020, 2021, 2023]), None, method="dynamic")


def test_location_quotient_panel_validates_like_series() -> None:
    # 示例数据: a region with no activity in 2021 has undefined shares (used to give NaN)
    idx = pd.Index([2020, 2021], name="period")
    reg = pd.DataFrame({"A": [100.0, 0.0], "B": [200.0, 0.0]}, index=idx)
    ref = pd.DataFrame({"A": [1000.0, 1200.0], "B": [3000.0, 3150.0]}, index=idx)
    with pytest.raises(ModelError, match=r"sum to zero in period\(s\) \[2021\]"):
        location_quotient(reg, ref)
    with pytest.raises(ModelError, match="sum to zero"):
        location_quotient(REG0 * 0, REF0)
    missing = reg.copy()
    missing.loc[2021] = [130.0, float("nan")]
    with pytest.raises(ModelError, match="missing values for period/sector 2021/B"):
        location_quotient(missing, ref)
    with pytest.raises(ModelError, match="missing values for sector"):
        location_quotient(REG0.where(REG0 > 150), REF0)
    with pytest.raises(ModelError, match="ref has missing values for period/sector 2020/A"):
        location_quotient(reg.iloc[:1], ref.iloc[:1].where(ref.iloc[:1] > 2000))

"""Property tests (hypothesis) for the growth, benchmark, structure and accounting models."""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jinshui_analysis.models import growth, prices, targets
from jinshui_analysis.models.accounting import solow_decomposition
from jinshui_analysis.models.catchup import catch_up
from jinshui_analysis.models.structure import herfindahl, shift_share

# `make test-slow` sets JINSHUI_THOROUGH=1 for many more examples
SETTINGS = settings(max_examples=1500 if os.environ.get("JINSHUI_THOROUGH") else 60, deadline=None)

level = st.floats(min_value=1.0, max_value=1e6, allow_nan=False)
rate = st.floats(min_value=-30.0, max_value=40.0, allow_nan=False)


@st.composite
def additive_economy(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Components whose constant-price levels add up to the total (3 years, base = first)."""
    n = draw(st.integers(min_value=2, max_value=4))
    base = draw(st.lists(level, min_size=n, max_size=n))
    years = [2020, 2021, 2022]
    comps = [f"c{i}" for i in range(n)]
    vi = {c: [100.0] for c in comps}
    for c in comps:
        for _ in years[1:]:
            vi[c].append(vi[c][-1] * (1 + draw(rate) / 100))
    const_total = [sum(base[i] * vi[c][t] / 100 for i, c in enumerate(comps)) for t in range(3)]
    total_vi = [100 * x / const_total[0] for x in const_total]
    idx = pd.Index(years, name="period")
    # current-price levels after the base year do not matter for constant-price results
    levels = pd.DataFrame({c: [base[i], base[i], base[i]] for i, c in enumerate(comps)}, index=idx)
    levels["GDP"] = sum(base)
    vol = pd.DataFrame(vi, index=idx)
    vol["GDP"] = total_vi
    return levels, vol


@SETTINGS
@given(additive_economy())
def test_rates_sum_to_100_and_pulling_to_growth(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    levels, vol = data
    total_inc = (vol["GDP"].diff().iloc[1:] / 100) * levels["GDP"].iloc[0]
    assume((total_inc.abs() > 1e-6 * levels["GDP"].iloc[0]).all())
    res_sum = growth.contributions(levels, volume_index=vol, base_years=(2020,))
    res = growth.contributions(levels, volume_index=vol, base_years=(2020,), denominator="total")
    np.testing.assert_allclose(res.rate.sum(axis=1), 100, rtol=1e-7)
    np.testing.assert_allclose(res_sum.rate.sum(axis=1), 100, rtol=1e-9)
    np.testing.assert_allclose(res.pulling.sum(axis=1), res.total_growth, atol=1e-7)
    np.testing.assert_allclose(res.discrepancy, 0, atol=1e-6 * levels["GDP"].iloc[0])


@SETTINGS
@given(
    st.floats(min_value=1.0, max_value=1e5),
    st.floats(min_value=1.0001, max_value=10.0),
    st.integers(min_value=1, max_value=60),
)
def test_required_growth_crosses_at_n_not_before(current: float, mult: float, n: int) -> None:
    target = current * mult
    g = targets.required_growth(current, target, n)
    result = targets.crossing(current, g, target, 2022, horizon=n + 5)
    assert result.periods_needed == n
    assert result.period == 2022 + n
    assert (result.path.iloc[:-1] < target).all()


@SETTINGS
@given(st.floats(0.5, 99.5), rate, st.floats(0.1, 30))
def test_implied_growth_inverts_contribution(share: float, gi: float, g: float) -> None:
    contribution = share * gi / g  # c = s·g_i/g
    assert growth.implied_growth(share, contribution, g) == pytest.approx(gi, abs=1e-9)


@SETTINGS
@given(rate, rate, st.floats(0.01, 0.99))
def test_remaining_growth_meets_target(g_ytd: float, target: float, w: float) -> None:
    rest = targets.required_remaining_growth(g_ytd, target, w)
    assume(rest > -100)
    annual = w * (1 + g_ytd / 100) + (1 - w) * (1 + rest / 100) - 1
    assert annual * 100 == pytest.approx(target, abs=1e-9)


@SETTINGS
@given(rate, st.floats(-20, 50))
def test_real_nominal_roundtrip(r: float, p: float) -> None:
    assert prices.to_real(prices.to_nominal(r, p), p) == pytest.approx(r, abs=1e-9)


@SETTINGS
@given(level, level, st.floats(0, 10), st.floats(0.5, 15))
def test_catch_up_period_consistent_with_years(lead: float, lag: float, gL: float,
                                               extra: float) -> None:
    gl = gL + extra
    res = catch_up(lead, lag, gL, gl, horizon=10_000)
    assert math.isfinite(res.years)
    k = res.periods_needed
    assert k is not None
    # k is the first whole period with lag ≥ lead, and the exact solution lies in (k − 1, k]
    assert res.years <= k + 1e-9
    assert k == 0 or res.years > k - 1 - 1e-9
    last = res.path.iloc[-1]
    assert last["lag"] >= last["lead"] * (1 - 1e-12)
    if k > 0:
        before = res.path.iloc[-2]
        assert before["lag"] < before["lead"]


@SETTINGS
@given(level, level, st.floats(0, 10), st.floats(1e-9, 0.5), st.integers(1, 300))
def test_catch_up_nearly_equal_rates_never_overflow(lead: float, lag: float, gL: float,
                                                    extra: float, max_years: int) -> None:
    # tiny rate differences give catch-up times far beyond any float power (10⁸+ years)
    gl = gL + extra
    res = catch_up(lead, lag, gL, gl, horizon=max_years)
    if lag >= lead:
        assert res.years == 0 and res.periods_needed == 0
        return
    expected = math.log(lead / lag) / math.log((1 + gl / 100) / (1 + gL / 100))
    assert res.years == pytest.approx(expected, rel=1e-6)
    if res.periods_needed is None:
        assert res.years > max_years - 1e-9 and len(res.path) == max_years + 1
    else:
        # first whole period with lag ≥ lead (relative tolerance 1e-12, as in catch_up)
        assert res.periods_needed - 1 - 1e-9 < res.years
        assert res.periods_needed <= max_years and len(res.path) == res.periods_needed + 1
        last = res.path.iloc[-1]
        assert last["lag"] >= last["lead"] * (1 - 1e-12)
        if res.periods_needed > 0:
            assert res.path.iloc[-2]["lag"] < res.path.iloc[-2]["lead"]


@st.composite
def regions(draw: st.DrawFn) -> tuple[pd.Series, ...]:
    n = draw(st.integers(2, 5))
    sectors = [f"s{i}" for i in range(n)]

    def s() -> pd.Series:
        return pd.Series(draw(st.lists(level, min_size=n, max_size=n)), index=sectors)

    return s(), s(), s(), s()


@SETTINGS
@given(regions())
def test_shift_share_identities(data: tuple[pd.Series, ...]) -> None:
    e0, e1, n0, n1 = data
    r = shift_share(e0, e1, n0, n1, method="esteban")
    c = r.components
    scale = float(c.drop(columns=["start", "end"]).abs().to_numpy().max()) + 1.0
    np.testing.assert_allclose(
        c["national_share"] + c["industry_mix"] + c["competitive_shift"], e1 - e0,
        rtol=0, atol=1e-12 * scale,
    )
    np.testing.assert_allclose(
        c["homothetic_shift"] + c["allocation_effect"], c["competitive_shift"],
        rtol=0, atol=1e-12 * scale,
    )
    # national shares add up to the region's total times the reference growth
    assert c["national_share"].sum() == pytest.approx(e0.sum() * (n1.sum() / n0.sum() - 1))


@SETTINGS
@given(st.lists(st.floats(0, 1e6), min_size=2, max_size=8))
def test_hhi_bounds(values: list[float]) -> None:
    assume(sum(values) > 0)
    hhi = herfindahl(values)
    assert 1 / len(values) - 1e-12 <= hhi <= 1 + 1e-12
    assert -1e-12 <= herfindahl(values, normalized=True) <= 1 + 1e-12


@SETTINGS
@given(
    st.lists(st.floats(-10, 20), min_size=3, max_size=8),
    st.lists(st.floats(-5, 30), min_size=3, max_size=8),
    st.lists(st.floats(-3, 5), min_size=3, max_size=8),
    st.floats(0.05, 0.95),
)
def test_solow_contributions_add_up(gy: list[float], gk: list[float], gl: list[float],
                                    alpha: float) -> None:
    n = min(len(gy), len(gk), len(gl))
    idx = pd.Index(range(2000, 2001 + n), name="period")

    def path(rates: list[float]) -> pd.Series:
        return pd.Series(100 * np.cumprod([1.0] + [1 + r / 100 for r in rates[:n]]), index=idx)

    res = solow_decomposition(path(gy), path(gk), path(gl), capital_share_pct=100 * alpha)
    c = res.contributions
    np.testing.assert_allclose(c["capital_pp"] + c["labour_pp"] + c["tfp_pp"], c["gdp_growth"],
                               atol=1e-10)

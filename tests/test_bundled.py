"""The bundled data: real published figures only, each with its source."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from jinshui_analysis.data import TIDY_COLUMNS, bundled, load_bundled, sources


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return load_bundled()


def test_tidy_columns_and_unique_keys(data):
    assert list(data.columns) == TIDY_COLUMNS
    assert not data.duplicated(["region", "indicator", "measure", "period"]).any()
    assert set(data["measure"]) <= {"level", "yoy_pct"}


def test_every_row_has_a_source(data):
    src = data["source"].astype(str)
    assert (src.str.len() > 0).all()
    assert src.str.contains(r"\[regional/[a-z_0-9]+\.csv row \d+\]").all()
    # every source is an address or the bundled article, never synthetic
    assert src.str.match(r"^(https?://|data/sources/)").all()
    assert not src.str.startswith("synthetic").any()


def test_covers_required_regions(data):
    regions = set(data["region"])
    for r in ["金水区", "郑州市", "中原区", "二七区", "管城区", "惠济区", "南山区", "河南省", "全国"]:
        assert r in regions, r


def test_published_figures_by_hand(data):
    gdp = bundled.series("金水区")
    assert gdp["2017"] == pytest.approx(1203.43)
    assert gdp["2018"] == pytest.approx(1378.80)
    assert gdp["2022"] == pytest.approx(1932.0)  # 大象新闻 2023-02-13
    # nominal growth 2017→2018 from the published levels: 1378.8/1203.43 − 1
    assert (gdp["2018"] / gdp["2017"] - 1) * 100 == pytest.approx(14.5725, abs=1e-3)
    growth = bundled.series("金水区", measure="yoy_pct")
    assert growth["2018"] == pytest.approx(9.5)
    assert bundled.series("南山区")["2022"] == pytest.approx(8035.88)


def test_half_year_and_ytd_periods_are_cumulative(data):
    row = data[(data.region == "金水区") & (data.period == "2020Q2")].iloc[0]
    assert row["value"] == pytest.approx(841.12) and bool(row["cumulative"])
    q1 = data[(data.region == "金水区") & (data.period == "2021Q1")].iloc[0]
    assert q1["value"] == pytest.approx(470.15)


def test_statistical_bases_are_kept_apart(data):
    j = data[(data.region == "金水区") & (data.period == "2025") & (data.measure == "level")]
    by_ind = j.set_index("indicator")["value"]
    assert by_ind["地区生产总值"] == pytest.approx(2272.28)  # 管理口径
    assert by_ind["地区生产总值(民政口径)"] == pytest.approx(3548.97)


def test_units_normalised(data):
    # per-capita in 万元 → 元/人; aggregates stay 亿元
    pc = data[(data.region == "金水区") & (data.indicator == "人均地区生产总值") & (data.measure == "level")]
    assert pc["unit"].eq("元/人").all()
    assert pc["value"].iloc[0] == pytest.approx(136700.0)
    assert data.loc[(data.indicator == "地区生产总值") & (data.measure == "level"), "unit"].eq("亿元").all()


def test_conflicts_resolved_with_reasons():
    alt = bundled.alternatives()
    assert len(alt) == len(bundled.CHOICES)
    assert alt["reason"].str.startswith("not chosen").all()
    assert len(bundled.excluded()) > 0


def test_sources_table():
    s = sources()
    assert {"source_url", "files", "regions", "n_rows"} <= set(s.columns)
    assert s["n_rows"].sum() > 400
    assert s["source_url"].str.len().gt(0).all()
    assert not s["indicators"].astype(str).str.contains("nan").any()


def test_loading_does_not_modify_raw_files():
    paths = [bundled.DATA_DIR / f for f in bundled.REGIONAL_FILES]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    bundled._curate.cache_clear()
    load_bundled()
    after = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    assert before == after


def test_official_table_loads():
    off = bundled.load_official("cn_nbs_annual_v2026")
    gdp2020 = off[(off.component == "GDP") & (off.year == "2020") & (off.measure == "current_value")]
    assert gdp2020["value"].iloc[0] == pytest.approx(1034867.6)

"""Figures an economist would sign (issue 11): price bases, one answer per question, demo data
that never contradict published figures.  Hand-worked numbers in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis import sections as S
from jinshui_analysis.data import load_bundled
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models import targets
from jinshui_analysis.models.prices import Deflator, deflator_from, to_real


@pytest.fixture()
def h1_table(tmp_path: Path) -> Path:
    d = tmp_path / "tables"
    d.mkdir()
    rows = ["region,indicator,period,value,unit,price_basis,source_url",
            "金水区,地区生产总值,2022年上半年,480,亿元,current,test",
            "金水区,地区生产总值,2022年,1000,亿元,current,test",
            "金水区,地区生产总值,2023年上半年,528,亿元,current,test",
            "金水区,地区生产总值增速,2023年上半年,5.0,%,comparable,test"]
    (d / "gdp.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def test_target_progress_by_hand():
    # w = 480/1000 = 0.48; 1.08 = 0.48 × 1.05 + 0.52 × (1 + g) → g = (1.08 − 0.504)/0.52 − 1
    r = targets.target_progress(480, 1000, target_growth_pct=8, ytd_level=528,
                                ytd_real_growth_pct=5.0)
    assert r.required_rest_growth_pct == pytest.approx(10.769230769)
    assert r.share == pytest.approx(0.48)
    assert r.ytd_origin == "published"
    # implied deflator: 1.10 / 1.05 − 1 = 4.7619 %
    assert r.deflator.pct == pytest.approx(4.761904762)
    # levels only: an explicit deflator is required (no silent 0)
    with pytest.raises(ParameterError, match="deflator"):
        targets.target_progress(480, 1000, target_growth_pct=8, ytd_level=528)
    d = targets.target_progress(480, 1000, target_growth_pct=8, ytd_level=528, deflator=2.0)
    assert d.ytd_growth_pct == pytest.approx((1.10 / 1.02 - 1) * 100)
    assert d.deflator == Deflator(2.0, "assumed")
    assert len(repr(d)) < 200
    assert deflator_from(10, 5) == pytest.approx(4.761904762)
    assert to_real(10, deflator_from(10, 5)) == pytest.approx(5.0)


def test_target_section_reads_published_real_growth(h1_table: Path):
    rd = S.load_report_data("金水区", "2023-06", h1_table)
    sec = S.target(rd, 8.0, 2000.0)
    f = sec.figures_dict()
    assert f["gdp_ytd_growth"] == pytest.approx(5.0)  # the published rate, not 528/480 − 1
    assert f["gdp_ytd_growth_nominal"] == pytest.approx(10.0)
    assert f["required_rest_growth"] == pytest.approx(10.769230769)
    text = "".join(sec.notes)
    assert "10.77%" in text and "实际增长" in text and "已公布实际增速" in text
    # the threshold is nominal, the target real: both said, with the deflator assumption
    assert "现价门槛" in text and "目标为实际增速" in text and "平减指数" in text
    assert "2023Q2" not in text and "w=" not in text


def test_projection_probability_one_year_says_cannot_estimate(h1_table: Path):
    rd = S.load_report_data("金水区", "2023-06", h1_table)
    sec = S.projection(rd, 8.0)
    text = "".join(sec.notes)
    assert "nan" not in text.lower()
    assert "无法估计" in text
    assert "target_probability" not in sec.figures_dict()
    # real growth = nominal 10 % deflated by the derived deflator 4.76 % = 5.00 %
    assert sec.figures_dict()["projected_growth"] == pytest.approx(5.0)


def test_target_without_deflator_or_published_real_does_not_assume_zero(tmp_path: Path):
    d = tmp_path / "t"
    d.mkdir()
    (d / "gdp.csv").write_text(
        "region,indicator,period,value,unit,price_basis,source_url\n"
        "金水区,地区生产总值,2022年上半年,480,亿元,current,test\n"
        "金水区,地区生产总值,2022年,1000,亿元,current,test\n"
        "金水区,地区生产总值,2023年上半年,528,亿元,current,test\n", encoding="utf-8")
    rd = S.load_report_data("金水区", "2023-06", d)
    f = S.target(rd, 8.0, 2000.0).figures_dict()
    assert "gdp_ytd_growth" not in f and "required_rest_growth" not in f
    assert f["gdp_ytd_growth_nominal"] == pytest.approx(10.0)
    f2 = S.target(rd, 8.0, 2000.0, deflator_pct=2.0).figures_dict()
    assert f2["gdp_ytd_growth"] == pytest.approx((1.10 / 1.02 - 1) * 100)
    p = S.projection(rd, 8.0)
    assert "不估计达标概率" in "".join(p.notes)

"""Model warnings carry a code and fields; the reports layer words them by code
(``reports.labels.plain``), never by reading the English message back."""

from __future__ import annotations

import pickle
import warnings

import pandas as pd
import pytest

from jinshui_analysis.exceptions import NominalWarning, ShortSeriesWarning
from jinshui_analysis.models.forecast import forecast, year_end_projection
from jinshui_analysis.reports.labels import plain


def _caught(fn, *args, **kwargs) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fn(*args, **kwargs)
    return [w for w in rec if issubclass(w.category, ShortSeriesWarning | NominalWarning)]


def test_short_series_warning_becomes_the_chinese_sentence() -> None:
    # 金水区 GDP 2019–2022 as published (亿元): 4 observations; ETS needs 6 consecutive ones,
    # ARIMA and LLT need 6; drift needs 3 (4 ≥ 3): all three fall back to drift
    gdp = pd.Series([1384.4, 1456.9, 1638.7, 1932.0], index=["2019", "2020", "2021", "2022"],
                    name="地区生产总值")
    rec = _caught(forecast, gdp, 1)
    by_model = {w.message.model: w for w in rec}
    assert set(by_model) == {"ets", "arima", "llt"}
    ets = by_model["ets"].message
    assert (ets.code, ets.n, ets.need, ets.fallback, ets.consecutive) == \
        ("short_series", 4, 6, "drift", True)
    assert plain(by_model["ets"], "zh") == \
        "序列“地区生产总值”只有4个连续观测值，指数平滑模型至少需要6个，改用漂移（按平均增量外推）模型。"
    assert plain(by_model["arima"], "zh") == \
        "序列“地区生产总值”只有4个观测值，ARIMA模型至少需要6个，改用漂移（按平均增量外推）模型。"
    assert plain(by_model["llt"], "en") == (
        "Series '地区生产总值' has 4 observations; the local linear trend model needs at least 6, "
        "so the drift (average change) model is used.")
    # the developer message stays English
    assert "needs at least 6" in str(ets)


def test_one_observation_and_plain_does_not_read_the_message() -> None:
    rec = _caught(forecast, pd.Series([10.0], index=["2022"], name="gdp"), 1)
    one = [w for w in rec if w.message.code == "one_observation"]
    assert len(one) == 1
    assert plain(one[0], "zh") == "序列“gdp”只有1个观测值，只能沿用该值作点预测，没有预测区间。"
    # an uncoded ShortSeriesWarning whose English looks like a coded one is not parsed back
    w = ShortSeriesWarning("series 'gdp' has 4 observations; model 'ets' needs at least 6: "
                           "falling back to 'drift'")
    assert plain(w, "zh") == "数据时期较短，模型作了简化：改用较简单的模型"


def test_one_share_and_nominal_projection_codes() -> None:
    # one past year (2022: 1-6月 100 of 210 for the year), this year 1-6月 110, current prices,
    # a target and no deflator: no spread (one_share) and no probability (nominal_projection),
    # nor the required growth (the YTD growth is nominal)
    ytd = pd.Series({"2023-06": 110.0})
    history = pd.Series({"2022-06": 100.0, "2022-12": 210.0})
    rec = _caught(year_end_projection, ytd, history, target_growth_pct=6, n_sims=1000)
    codes = {w.message.code: w for w in rec}
    assert set(codes) == {"one_share", "nominal_projection"}
    assert plain(codes["one_share"], "zh") == "往年同期比重只有一年数据，无法估计区间和概率。"
    assert codes["nominal_projection"].message.required is False
    assert plain(codes["nominal_projection"], "zh").endswith("剩余期间所需增速未计算。")
    # with the published real YTD growth the required growth is computed: the shorter sentence
    rec = _caught(year_end_projection, ytd, history, target_growth_pct=6, n_sims=1000,
                  ytd_growth_pct=5.0)
    nominal = [w for w in rec if w.message.code == "nominal_projection"][0]
    assert plain(nominal, "zh") == \
        "预测增速按现价（名义）计算，没有GDP平减指数，未计算达到（实际增速）目标的概率。"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_warnings_pickle_with_code_and_fields(language: str) -> None:
    """Reports run in forked workers: a warning crosses a pipe with its code and fields."""
    w = ShortSeriesWarning("series 'x' has 2 observations; …", code="short_series", name="x",
                           n=2, model="arima", need=6, fallback="naive")
    back = pickle.loads(pickle.dumps(w))
    assert type(back) is ShortSeriesWarning
    assert (back.code, back.fields, back.n, str(back)) == (w.code, w.fields, 2, str(w))
    assert plain(back, language) == plain(w, language)

"""``periods.in_year``: the year filter on period codes (no string prefix outside periods)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.periods import in_year, parse_period


def test_canonical_codes_of_the_year_and_near_misses():
    codes = ["2023", "2023Q2", "2023-05", "20230", "2023年", "2023H1", "2022Q4", "2024-01",
             "合计", None, np.nan]
    mask = in_year(codes, 2023)
    assert mask.dtype == bool and len(mask) == len(codes)
    # the three canonical spellings of 2023 (a year, a quarter, a month) are in 2023;
    # "20230" starts with "2023" but is no period code; "2023年"/"2023H1" are labels, not codes;
    # other years, text and missing values are not
    assert mask.tolist() == [True, True, True, False, False, False, False, False, False, False,
                             False]
    # a prefix test would have let three of the near misses through
    assert pd.Series(codes[:6]).str.startswith("2023").tolist() == [True] * 6


def test_series_mask_filters_its_frame_in_order():
    q = pd.DataFrame({"period": ["2022Q3", "2023Q1", "2022Q4", "2023Q2"], "value": [1, 2, 3, 4]},
                     index=[10, 11, 12, 13])
    mask = in_year(q["period"], 2023)
    assert q[mask]["value"].tolist() == [2, 4]
    assert q[~mask]["value"].tolist() == [1, 3]
    # repeated codes are parsed once but each keeps its own place
    many = pd.Index(["2023Q1", "2022Q4"] * 500)
    assert in_year(many, 2022).sum() == 500 and in_year(many, 2022)[1]


def test_period_objects_empty_input_and_bad_year():
    assert in_year([parse_period("2023年1-6月"), parse_period("2022")], 2023).tolist() == [True, False]
    assert in_year([], 2023).tolist() == []
    with pytest.raises(ParameterError, match="year"):
        in_year(["2023"], "2023")
    with pytest.raises(ParameterError, match="year"):
        in_year(["2023"], True)

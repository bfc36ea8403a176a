"""A big tidy CSV is read column by column (issue 18 item 8): the same frame, attrs, warnings and
errors (file, row, column) as the row-by-row reader.  Speed and memory are measured by
``benchmarks/read_table.py``, not here."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from jinshui_analysis.data.tables import tidy_csv
from jinshui_analysis.data.tables.read import read_table
from jinshui_analysis.exceptions import DataError, PeriodError

HEADER = "region,indicator,period,cumulative,value,unit,price_basis,source_url\n"


def big(path: Path, extra: list[str] = (), n: int = 6000) -> Path:
    """A tidy UTF-8 CSV over the fast-path size: money in 万元 and 亿元, growth names in %,
    cumulative flags, price bases, a few source URLs, identical duplicates."""
    lines = [HEADER]
    for i in range(n):
        y, m = 1900 + i // 48, (i // 4) % 12 + 1
        region = ("金水区", "二七区")[i % 2]
        kind = i % 4
        if kind == 0:
            lines.append(f"{region},社会消费品零售总额,{y}-{m:02d},true,{1000 + i}.5,万元,,\n")
        elif kind == 1:
            lines.append(f"{region},地区生产总值增速,{y}年{m}月,false,{i % 9}.1,%,comparable,\n")
        elif kind == 2:
            lines.append(f"{region},一般公共预算收入,{y}-{m:02d},false,{i}.25,亿元,current,"
                         f"https://example.org/{i}\n")
        else:
            lines.append(f"{region},人均可支配收入,{y}-{m:02d},false,{30000 + i},元,,\n")
    lines.append(lines[1])  # an identical duplicate: dropped
    lines.extend(extra)
    path.write_text("".join(lines), encoding="utf-8")
    assert path.stat().st_size >= tidy_csv.FAST_MIN_BYTES
    return path


def both(path: Path, monkeypatch, **kw):
    with warnings.catch_warnings(record=True) as w_fast:
        warnings.simplefilter("always")
        fast = read_table(path, **kw)
    with monkeypatch.context() as m:
        m.setattr(tidy_csv, "FAST_MIN_BYTES", 10**12)
        with warnings.catch_warnings(record=True) as w_slow:
            warnings.simplefilter("always")
            slow = read_table(path, **kw)
    return fast, slow, [str(w.message) for w in w_fast], [str(w.message) for w in w_slow]


def test_same_frame_as_row_by_row(tmp_path, monkeypatch):
    p = big(tmp_path / "t.csv")
    fast, slow, wf, ws = both(p, monkeypatch)
    pd.testing.assert_frame_equal(fast, slow)
    assert len(fast) == 6000
    # 1000.5万元 → 0.10005亿元 (a January: never cumulative); 地区生产总值增速 → yoy_pct of
    # 地区生产总值; 元 per capita kept as 元/人
    row = fast.iloc[0]
    assert (row.indicator, row.value, row.unit, bool(row.cumulative)) == (
        "社会消费品零售总额", pytest.approx(0.10005), "亿元", False)
    assert bool(fast.iloc[4].cumulative) and fast.iloc[4].period == "1900-02"
    assert fast.iloc[1].indicator == "地区生产总值" and fast.iloc[1].measure == "yoy_pct"
    assert fast.iloc[3].unit == "元/人"
    assert fast.iloc[2].source == "https://example.org/2 (t.csv row 4)"
    pd.testing.assert_frame_equal(pd.DataFrame(fast.attrs["read"]).astype(object),
                                  pd.DataFrame(slow.attrs["read"]).astype(object))
    assert wf == ws


def test_conflicts_kept_and_listed(tmp_path, monkeypatch):
    p = big(tmp_path / "c.csv", ["金水区,社会消费品零售总额,1900-01,true,7,万元,,\n"])
    fast, slow, wf, ws = both(p, monkeypatch, on_duplicate="keep")
    pd.testing.assert_frame_equal(fast, slow)
    assert wf == ws and any("more than once" in w for w in wf)


@pytest.mark.parametrize("line, message, row", [
    ("金水区,社会消费品零售总额,1900-01,true,7,万元,,\n", "duplicate entry", 6003),
    ("金水区,固定资产投资,2001-01,false,-3,亿元,,\n", "negative level", 6003),
    ("金水区,固定资产投资,2001-01,false,3,亿美元,,\n", "unknown unit", 6003),
    ("金水区,固定资产投资,2001年13月,false,3,亿元,,\n", "out of range", 6003),
    ("金水区,固定资产投资,2001-01,false,1e309,亿元,,\n", "finite", 6003),
    ("金水区,固定资产投资,2001-01,false,abc,亿元,,\n", "not a number", 6003),
])
def test_same_errors(tmp_path, monkeypatch, line, message, row):
    p = big(tmp_path / "e.csv", [line])
    errors = []
    for slow in (False, True):
        with monkeypatch.context() as m:
            if slow:
                m.setattr(tidy_csv, "FAST_MIN_BYTES", 10**12)
            with pytest.raises(DataError, match=message) as info:
                read_table(p)
        errors.append(info.value)
    assert [e.row for e in errors] == [row, row]
    assert errors[0].column == errors[1].column
    assert type(errors[0]) is type(errors[1])
    if "range" in message:
        assert isinstance(errors[0], PeriodError)


def test_blank_lines_and_placeholders_keep_row_numbers(tmp_path, monkeypatch):
    p = big(tmp_path / "b.csv", ["\n", "金水区,固定资产投资,2001-01,false,—,亿元,,\n",
                                 "金水区,固定资产投资,2001-02,false,-1,亿元,,\n"])
    with pytest.raises(DataError, match="negative level") as info:
        read_table(p)
    assert info.value.row == 6005


def test_placeholders_and_formatted_numbers(tmp_path, monkeypatch):
    p = big(tmp_path / "p.csv", [
        "金水区,固定资产投资,2001-01,false,—,亿元,,\n",         # not published → missing
        "金水区,固定资产投资,2001-02,false,\"1,234.5\",万元,,\n",  # 0.12345亿元
        "金水区,固定资产投资增速,2001-02,false,5.2%,%,,\n",
        "金水区,固定资产投资,2001-03,false,,亿元,,\n",             # blank → missing
    ])
    fast, slow, wf, ws = both(p, monkeypatch)
    pd.testing.assert_frame_equal(fast, slow)
    assert wf == ws and any("“—”" in w for w in wf)
    tail = fast.iloc[-4:]
    assert tail.value.isna().tolist() == [True, False, False, True]
    assert tail.value.iloc[1] == pytest.approx(0.12345) and tail.value.iloc[2] == 5.2


def test_percent_sign_on_a_level_refused(tmp_path):
    p = big(tmp_path / "q.csv", ["金水区,固定资产投资,2001-02,false,5.2%,亿元,,\n"])
    with pytest.raises(DataError, match="'%' sign") as info:
        read_table(p)
    assert info.value.row == 6003

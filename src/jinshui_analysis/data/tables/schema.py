"""The tidy layout every reader returns: its columns, the reading lists in ``attrs``, stocks,
and the dtypes of a tidy frame."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

#: The columns of a tidy frame, in order.
TIDY_COLUMNS = [
    "region", "indicator", "measure", "period", "cumulative", "value", "unit", "price_basis", "source",
]
#: Columns of ``attrs["not_read"]``: one row per file / sheet / block / row / column / note not
#: read, with its reason in Chinese and English (``row`` 1-based as a spreadsheet shows it).
NOT_READ_COLUMNS = ["file", "sheet", "block", "row", "column", "text", "reason_zh", "reason_en"]
#: Columns of ``attrs["read"]``: where each tidy row was read, in the frame's order.
READ_COLUMNS = ["file", "sheet", "block", "row", "column"]
#: Indicators that are stocks (end-of-period levels: 存款余额, 年末常住人口, 9月末 …).
STOCK_NAME = re.compile(
    r"余额|期末|年末|月末|季末|末户数|存量|保有量|实有|(?<!新增)(?<!新登记)(?<!新设立)(?<!注销)企业数"
)


class ReadingList(pd.DataFrame):
    """``attrs["read"]``/``attrs["not_read"]`` of a tidy frame: a DataFrame treated as immutable.

    pandas deep-copies ``attrs`` on every operation and compares them with ``==`` when frames
    are concatenated; a plain DataFrame there would be copied on every filter and make
    ``pd.concat`` fail.  A ReadingList is not copied (``deepcopy`` returns it) and ``==``
    between two ReadingLists is a plain bool (:meth:`DataFrame.equals`).  Operations on it
    return plain DataFrames.
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> ReadingList:
        return self

    def __eq__(self, other: object) -> Any:  # type: ignore[override]
        if isinstance(other, ReadingList):
            return self is other or bool(self.equals(other))
        return super().__eq__(other)

    __hash__ = object.__hash__  # type: ignore[assignment]


def reading_list(frame: pd.DataFrame) -> ReadingList:
    """``frame`` as a :class:`ReadingList` (text columns of few values stored as categories)."""
    out = ReadingList(frame.reset_index(drop=True))
    for c in out.columns:
        if out[c].dtype == object and len(out) > 1000:
            out[c] = out[c].astype("category")
    return out


def is_stock(indicator: str) -> bool:
    """Whether an indicator is a stock read at the end of its period (存款余额, 年末…人口).

    Stocks are stored as ``measure="level"``, ``cumulative=False``, ``period`` the period whose
    end they are measured at (``"2025-09"`` = at the end of September 2025); their growth is
    ``measure="yoy_pct"`` for the same period (against the end of the same month a year
    earlier).  They are never 当月 or 累计 flows: a 累计/1-9月 column is read at its end month.
    """
    return STOCK_NAME.search(indicator) is not None


#: Values of ``measure``: a level or year-on-year growth in %.
MEASURES = ("level", "yoy_pct")
#: Values of ``price_basis``: current prices, comparable prices, or not stated.
PRICE_BASES = ("current", "comparable", "")
#: The text columns of a tidy frame.
STR_COLUMNS = ["region", "indicator", "measure", "period", "unit", "price_basis", "source"]
#: The columns that identify a figure (one value per key).
KEY = ["region", "indicator", "measure", "period", "cumulative", "price_basis"]


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of the tidy columns with the tidy dtypes (str, bool, float64) and no index."""
    out = pd.DataFrame(
        {
            **{c: pd.Series(frame[c].to_numpy(), dtype="str") for c in STR_COLUMNS},
            "cumulative": pd.Series(frame["cumulative"].to_numpy(), dtype=bool),
            "value": pd.Series(frame["value"].to_numpy(), dtype="float64"),
        },
        columns=TIDY_COLUMNS,
    )
    out.columns.name = "field"
    return out

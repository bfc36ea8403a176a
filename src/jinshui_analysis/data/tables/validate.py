""":func:`tidy`: check that a frame is in the tidy layout and return a clean copy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from jinshui_analysis.data.tables.schema import (
    MEASURES,
    PRICE_BASES,
    STR_COLUMNS,
    TIDY_COLUMNS,
    coerce,
)
from jinshui_analysis.data.tables.units import (
    CANONICAL_UNITS,
    KNOWN_UNITS,
    MAY_BE_NEGATIVE,
    UnitInfo,
)
from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError
from jinshui_analysis.periods import Period, parse_period


@dataclass
class Record:
    """One row of a frame checked by tidy: its key and where it is."""

    region: str
    indicator: str
    measure: str
    period: Period
    value: float
    unit: str
    price_basis: str
    source: str
    row: int
    column: str

    @property
    def key(self) -> tuple[str, str, str, str, bool, str]:
        return (self.region, self.indicator, self.measure, self.period.period,
                self.period.cumulative, self.price_basis)


def tidy(frame: pd.DataFrame, *, on_duplicate: Literal["raise", "keep"] = "raise") -> pd.DataFrame:
    """Check that ``frame`` is in the tidy layout and return a clean copy.

    Checks: exactly the columns :data:`TIDY_COLUMNS` (any order); string columns hold strings
    (region, indicator, period, unit, source non-empty); ``measure`` in :data:`MEASURES`;
    ``period`` canonical (``parse_period(p).period == p``) and ``cumulative`` a bool consistent
    with it (a year, Q1 and January are never cumulative); ``value`` numeric (NaN allowed);
    ``unit`` canonical (money in 亿元; ``%`` for yoy_pct); ``price_basis`` in
    :data:`PRICE_BASES`; no negative level of a non-negative quantity; no conflicting duplicate
    (unless ``on_duplicate="keep"``).

    Returns
    -------
    DataFrame
        Columns in :data:`TIDY_COLUMNS` order with dtypes str/bool/float64, RangeIndex.

    Raises
    ------
    DataError
        Naming the column, the frame row (1-based position) and the offending value.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"must be a DataFrame, got {type(frame).__name__}", parameter="frame")
    if on_duplicate not in ("raise", "keep"):
        raise ParameterError("must be 'raise' or 'keep'", parameter="on_duplicate")
    cols = [str(c) for c in frame.columns]
    missing = [c for c in TIDY_COLUMNS if c not in cols]
    if missing:
        raise DataError(f"missing tidy column(s) {missing}", column=missing[0])
    extra = [c for c in cols if c not in TIDY_COLUMNS]
    if extra:
        raise DataError(f"unexpected column(s) {extra}; the tidy layout is {TIDY_COLUMNS}",
                        column=extra[0])
    f = frame.reset_index(drop=True)

    def fail(message: str, k: int, column: str, text: Any) -> DataError:
        return DataError(f"frame row {k + 1}: {message}", column=column, text=text)

    for c in STR_COLUMNS:
        for k, v in enumerate(f[c].tolist()):
            if not isinstance(v, str):
                raise fail("not a string", k, c, v)
            if c in ("region", "indicator", "period", "unit", "source") and not v.strip():
                raise fail("empty", k, c, v)
    try:
        values = pd.to_numeric(f["value"], errors="raise").astype("float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"value must be numeric ({exc})", column="value") from None
    cum = f["cumulative"].tolist()
    for k, v in enumerate(cum):
        if not isinstance(v, (bool, np.bool_)):
            raise fail("cumulative must be a bool", k, "cumulative", v)
    records = []
    for k, row in enumerate(f.itertuples(index=False)):
        if row.measure not in MEASURES:
            raise fail(f"measure must be one of {MEASURES}", k, "measure", row.measure)
        try:
            p = parse_period(row.period)
        except PeriodError as exc:
            raise fail(str(exc), k, "period", row.period) from None
        if p.period != row.period:
            raise fail(f"period not canonical (write {p.period!r})", k, "period", row.period)
        if p.as_cumulative(bool(cum[k])).cumulative != bool(cum[k]):
            raise fail(f"period {p.period} cannot be cumulative", k, "cumulative", cum[k])
        p = p.as_cumulative(bool(cum[k]))
        if row.unit not in CANONICAL_UNITS:
            raise fail(f"unit not canonical/known (money must be in 亿元; known: "
                       f"{', '.join(sorted(CANONICAL_UNITS))})", k, "unit", row.unit)
        if row.measure == "yoy_pct" and row.unit != "%":
            raise fail("yoy_pct rows must be in %", k, "unit", row.unit)
        if row.price_basis not in PRICE_BASES:
            raise fail(f"price_basis must be one of {PRICE_BASES}", k, "price_basis",
                       row.price_basis)
        v = float(values.iloc[k])
        info = KNOWN_UNITS.get(row.unit) or UnitInfo(row.unit)
        if (row.measure == "level" and info.nonnegative and v < 0
                and not MAY_BE_NEGATIVE.search(row.indicator)):
            raise fail(f"negative level of {row.indicator!r}", k, "value", v)
        records.append(Record(row.region, row.indicator, row.measure, p, v, row.unit,
                               row.price_basis, row.source, k + 1, "value"))
    seen: dict[tuple, Record] = {}
    for rec in records:
        prev = seen.setdefault(rec.key, rec)
        if prev is not rec and on_duplicate == "raise" and not (
            prev.value == rec.value or (math.isnan(prev.value) and math.isnan(rec.value))
        ):
            raise fail(f"duplicate of frame row {prev.row} with a different value "
                       f"({prev.value:g} vs {rec.value:g})", rec.row - 1, "value", rec.value)
    out = f.copy()
    out["value"] = values
    return coerce(out[TIDY_COLUMNS])

"""Bundled national monthly levels for seasonal adjustment (``data/official/*_monthly_*.csv``).

:func:`retail_sales_monthly` reads 全国社会消费品零售总额, 当月 levels in 亿元 (current prices),
2012-02 … 2018-05, as NBS publishes them: January and February only together (1-2月), held in
February.  Source, grade and the values checked against reprinted NBS releases are in each
row's ``source_url`` and ``note`` columns and in ``data/official/README.md``.
"""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

__all__ = ["MOM_FILE", "RETAIL_FILE", "retail_sales_mom_published", "retail_sales_monthly",
           "retail_sales_table"]

RETAIL_FILE = "nbs_retail_sales_monthly_2012_2018.csv"


def retail_sales_table() -> pd.DataFrame:
    """The bundled rows as published (one row per release, 1-2月 as one row)."""
    path = files("jinshui_analysis") / "data" / "official" / RETAIL_FILE
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"months": str, "period": str})


def retail_sales_monthly() -> pd.Series:
    """Monthly levels (亿元) on a full monthly ``PeriodIndex``: January NaN, February = 1-2月
    total — the input :func:`jinshui_analysis.models.seasonal.adjust` takes with
    ``jan_feb="combined"``."""
    t = retail_sales_table()
    idx = pd.PeriodIndex(t["period"], freq="M")
    s = pd.Series(t["value"].to_numpy(float), index=idx, name="社会消费品零售总额")
    full = pd.period_range(idx.min() - 1, idx.max(), freq="M")
    return s.reindex(full)


MOM_FILE = "nbs_retail_sales_mom_sa_2014.csv"


def retail_sales_mom_published() -> pd.Series:
    """NBS's published seasonally adjusted month-on-month growth (环比, %) of 社会消费品零售总额,
    2013-10 … 2014-10, one vintage (the revision table of the October 2014 release; NBS adjusts
    with NBS-SA on its unpublished single January and February figures)."""
    path = files("jinshui_analysis") / "data" / "official" / MOM_FILE
    with path.open("r", encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype={"period": str})
    return pd.Series(t["mom_pct"].to_numpy(float), index=pd.PeriodIndex(t["period"], freq="M"),
                     name="nbs_mom_pct")

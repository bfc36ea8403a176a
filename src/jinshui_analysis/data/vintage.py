"""Which basis (口径) a published GDP level is on: census revisions and publication dates.

A national economic census (全国经济普查) revises GDP levels: the results of the 4th census
(reference year 2018) were published on 2019-11-20, those of the 5th (reference year 2023) on
2024-12-26 (国家统计局 第四/第五次全国经济普查公报), and every later release — the annual figure
and the quarterly year-to-date figures of the following year, with their growth rates — is on
the revised basis.  A level first published *before* a revision and one published *after* it
are on different bases: their ratio mixes the revision with growth and prices.  郑州市 2025 一季度
3459.5亿 against 2024 一季度 3537.9亿 (first published April 2024) is −2.2 % in levels against
+5.6 % real growth — an implied deflator of −7.4 % within a year of near-zero consumer prices.

:func:`census_basis` numbers a level's basis by the revisions published before it was; levels
are compared across years only when :func:`same_basis`.  The publication date is the row's
``published`` where known, else the end of its period plus :data:`RELEASE_LAG_DAYS` (first
releases come 2–7 weeks after the period: quarterly ones in the following month, annual ones in
January–February); a row of vintage ``census-revised`` is on the latest basis whatever its
period.
"""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.periods import to_timestamp

__all__ = ["CENSUS_REVISIONS", "RELEASE_LAG_DAYS", "census_basis", "publication_date", "revision_between",
           "same_basis"]

#: (publication date of the results, census) of the GDP level revisions, oldest first.
CENSUS_REVISIONS: tuple[tuple[str, str], ...] = (
    ("2019-11-20", "第四次全国经济普查"),
    ("2024-12-26", "第五次全国经济普查"),
)

#: Days from the end of a period to its first release, where the row states no date.
RELEASE_LAG_DAYS = 45


def publication_date(period: str, published: str | None = None) -> pd.Timestamp:
    """When a figure for ``period`` was published: ``published`` (YYYY-MM-DD) where known,
    else the end of the period plus :data:`RELEASE_LAG_DAYS`.

    Examples
    --------
    >>> str(publication_date("2024Q3").date())
    '2024-11-14'
    >>> str(publication_date("2024Q1", "2024-04-19").date())
    '2024-04-19'
    """
    if published and str(published) not in ("", "nan", "NaT"):
        try:
            return pd.Timestamp(str(published))
        except ValueError:
            pass
    return to_timestamp(period, "end").normalize() + pd.Timedelta(days=RELEASE_LAG_DAYS)


def census_basis(period: str, published: str | None = None, vintage: str | None = None) -> int:
    """The number of census revisions published before the figure was (0, 1, 2, …).

    Examples
    --------
    >>> census_basis("2024Q1"), census_basis("2024"), census_basis("2025Q1")
    (1, 2, 2)
    >>> census_basis("2018"), census_basis("2019")
    (0, 1)
    >>> census_basis("2022", vintage="census-revised")
    2
    """
    if vintage == "census-revised":
        return len(CENSUS_REVISIONS)
    when = publication_date(period, published)
    return sum(when >= pd.Timestamp(d) for d, _ in CENSUS_REVISIONS)


def same_basis(a: tuple[str, str | None, str | None], b: tuple[str, str | None, str | None]
               ) -> bool:
    """Whether two levels, each ``(period, published, vintage)``, are on one census basis.

    Examples
    --------
    >>> same_basis(("2025Q1", "2025-05-12", "initial"), ("2024Q1", "", "initial"))
    False
    >>> same_basis(("2023Q2", "", "initial"), ("2022Q2", "2023-01-09", "initial"))
    True
    """
    return census_basis(*a) == census_basis(*b)


def revision_between(a: tuple[str, str | None, str | None],
                     b: tuple[str, str | None, str | None]) -> str:
    """The census whose revision lies between two levels' publications ("" when none)."""
    lo, hi = sorted((census_basis(*a), census_basis(*b)))
    return "、".join(name for _, name in CENSUS_REVISIONS[lo:hi])

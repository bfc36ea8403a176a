"""Published annual real GDP growth targets, by region and year (``regional/targets.csv``).

A growth target is set each year in the government work report (政府工作报告) and written with
a qualifier: "增长8%以上" (a floor), "增长6%左右" (about), "力争…" (striven for), or none
("增长7%").  A report judges a year against **that year's** target; a region profile's
``target_growth_pct`` is only a labelled fallback where no target for the year is bundled.

Every row carries the address it was read from, the publisher, the publication date where
known and the grade (official / press / secondary, as :func:`~jinshui_analysis.data.provenance.grade_of` gives the
address).  Not found (so not bundled): 河南省 2022 and 2023, 金水区 after 2023.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from jinshui_analysis.data.bundled import DATA_DIR
from jinshui_analysis.data.provenance import GRADES
from jinshui_analysis.exceptions import DataError

__all__ = ["QUALIFIERS", "TargetFact", "load_targets", "target_for"]

#: Qualifiers of a published target: 以上 (a floor), 左右 (about), 力争 (striven for); "" none.
QUALIFIERS = ("以上", "左右", "力争", "")

TARGETS_FILE = "regional/targets.csv"


@dataclass(frozen=True)
class TargetFact:
    """One published growth target.

    Attributes
    ----------
    region, year : the region and the year the target is for.
    value : the target, % (real growth, 按可比价).
    qualifier : 以上 / 左右 / 力争 / "" (see :data:`QUALIFIERS`).
    source : the address it was read from and the line of the bundled file.
    publisher, published, grade : provenance (grade official / press / secondary).
    """

    region: str
    year: int
    value: float
    qualifier: str
    source: str
    publisher: str
    published: str
    grade: str

    @property
    def lower_bound(self) -> bool:
        """Whether the target is a floor ("8%以上")."""
        return self.qualifier == "以上"


@cache
def load_targets() -> pd.DataFrame:
    """The bundled targets: ``region, year, target_pct, qualifier, source, publisher,
    published, grade``; a bad row is a :class:`DataError` naming file and row."""
    raw = pd.read_csv(DATA_DIR / TARGETS_FILE, dtype=str, keep_default_na=False,
                      encoding="utf-8")
    rows = []
    for i, r in enumerate(raw.itertuples(index=False), start=2):
        where = f"{TARGETS_FILE} row {i}"
        try:
            year, value = int(r.year), float(r.target_pct)
        except ValueError as exc:
            raise DataError(f"year {r.year!r} / target_pct {r.target_pct!r} is not a number",
                            file=where) from exc
        if r.qualifier not in QUALIFIERS or r.grade not in GRADES:
            raise DataError(f"qualifier {r.qualifier!r} / grade {r.grade!r} not in "
                            f"{QUALIFIERS} / {GRADES}", file=where)
        url = r.source_url
        shown = f"data/{url} (大象新闻 2023-02-13)" if url.startswith("sources/") else url
        rows.append({"region": r.region, "year": year, "target_pct": value,
                     "qualifier": r.qualifier, "source": f"{shown} [{TARGETS_FILE} row {i}]",
                     "publisher": r.publisher, "published": r.published, "grade": r.grade})
    frame = pd.DataFrame(rows)
    dup = frame[frame.duplicated(["region", "year"], keep=False)]
    if not dup.empty:
        raise DataError(f"two targets for {dup['region'].iloc[0]} {dup['year'].iloc[0]}",
                        file=TARGETS_FILE)
    return frame


def target_for(region: str, year: int) -> TargetFact | None:
    """The published growth target of ``region`` for ``year``, or None when none is bundled.

    Examples
    --------
    >>> t = target_for("郑州市", 2025)
    >>> (t.value, t.qualifier)
    (6.0, '左右')
    >>> target_for("郑州市", 2019) is None
    True
    """
    t = load_targets()
    hit = t[(t["region"] == region) & (t["year"] == int(year))]
    if hit.empty:
        return None
    r = hit.iloc[0]
    return TargetFact(region=region, year=int(year), value=float(r["target_pct"]),
                      qualifier=str(r["qualifier"]), source=str(r["source"]),
                      publisher=str(r["publisher"]), published=str(r["published"]),
                      grade=str(r["grade"]))

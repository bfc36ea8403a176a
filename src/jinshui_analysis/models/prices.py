r"""Price bases: real (实际, 按可比价) and nominal (名义, 按现价) growth, and GDP deflators.

Every growth rate in the reports is one of

* **real** growth (实际增速, at comparable prices, 按可比价格计算) — what statistics bureaus
  publish as "增长x%" and what growth targets are set in;
* **nominal** growth (名义增速, at current prices, 按现价计算) — the change of published levels
  (亿元, current prices).

They are linked by the growth of the implicit GDP deflator *p*:

.. math:: (1+n) = (1+r)(1+p).

A deflator is either **derived** from a published nominal and a published real rate for the same
region and period (:func:`deflator_from`), or **assumed** (a report parameter ``deflator_pct``);
:class:`Deflator` carries the value and says which (as codes: ``origin``; the reports
layer words it, :mod:`jinshui_analysis.reports.price_words`).  Nothing here defaults to 0: a report that
has neither a derived nor an assumed deflator states that it cannot convert.

Source: 国家统计局, 《地区生产总值统一核算改革方案》 (GDP at comparable prices; implicit
deflator = nominal index ÷ real index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ParameterError

__all__ = [
    "BASES",
    "Deflator",
    "deflator_from",
    "to_nominal",
    "to_real",
]

#: The two price bases of a growth rate or level.
BASES = ("real", "nominal")

Basis = Literal["real", "nominal"]


def to_nominal(real_growth_pct: float, deflator_growth_pct: float) -> float:
    r"""Nominal growth from real growth and deflator growth, %: :math:`(1+n)=(1+r)(1+p)`.

    Examples
    --------
    >>> round(to_nominal(5, 2), 6)
    7.1
    """
    r = checks.growth_pct(real_growth_pct, "real_growth_pct")
    p = checks.growth_pct(deflator_growth_pct, "deflator_growth_pct")
    return ((1 + r / 100) * (1 + p / 100) - 1) * 100


def to_real(nominal_growth_pct: float, deflator_growth_pct: float) -> float:
    r"""Real growth from nominal growth and deflator growth, %: :math:`(1+r)=(1+n)/(1+p)`.

    Examples
    --------
    >>> round(to_real(7.1, 2), 6)
    5.0
    """
    n = checks.growth_pct(nominal_growth_pct, "nominal_growth_pct")
    p = checks.growth_pct(deflator_growth_pct, "deflator_growth_pct")
    return ((1 + n / 100) / (1 + p / 100) - 1) * 100


def deflator_from(nominal_growth_pct: float, real_growth_pct: float) -> float:
    r"""Implicit deflator growth, %, from published nominal and real growth of one period.

    .. math:: p = \frac{1+n}{1+r} - 1

    Examples
    --------
    H1 levels 480 → 528 (nominal +10 %) with published real growth 5.0 %:

    >>> round(deflator_from(10, 5), 4)
    4.7619
    """
    n = checks.growth_pct(nominal_growth_pct, "nominal_growth_pct")
    r = checks.growth_pct(real_growth_pct, "real_growth_pct")
    return ((1 + n / 100) / (1 + r / 100) - 1) * 100


@dataclass(frozen=True)
class Deflator:
    """A deflator growth rate and where it comes from.

    Attributes
    ----------
    pct : float
        Deflator growth, %.
    origin : {"derived", "assumed"}
        ``derived`` from published nominal and real growth (:func:`deflator_from`), or
        ``assumed`` (a parameter).
    period : str
        Period it was derived for (empty when assumed).
    region : str
        Region whose published figures it was derived from (empty: unnamed / assumed).
    """

    pct: float
    origin: Literal["derived", "assumed"]
    period: str = ""
    region: str = ""

    def __post_init__(self) -> None:
        checks.growth_pct(self.pct, "deflator_pct")
        if self.origin not in ("derived", "assumed"):
            raise ParameterError("must be 'derived' or 'assumed'", parameter="origin")

    def __str__(self) -> str:
        """A technical one-liner (English, for summaries); reports word a deflator with
        :func:`jinshui_analysis.reports.price_words.deflator_words`."""
        if self.origin == "assumed":
            return f"GDP deflator growth {self.pct:g}% (assumed: parameter deflator_pct)"
        where = " ".join(x for x in (self.region, self.period) if x)
        return (f"GDP deflator growth {self.pct:.2f}% (derived from published nominal and real "
                f"growth{', ' + where if where else ''})")

    def __repr__(self) -> str:
        return (f"Deflator(pct={self.pct:.3g}, origin={self.origin!r}, period={self.period!r}, "
                f"region={self.region!r})")

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
:class:`Deflator` carries the value and says which.  Nothing here defaults to 0: a report that
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
    "basis_label",
    "deflator_from",
    "growth_label",
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

    def change_words(self) -> tuple[str, str]:
        """The deflator's change in Chinese as (word, size): ``("涨幅", "1.20%")`` /
        ``("降幅", "0.46%")`` — never ``涨幅-0.46%``.  Two decimals when derived, as given when
        assumed.  (English writes the signed rate: "deflator growth -0.46%".)"""
        size = f"{abs(self.pct):.2f}%" if self.origin == "derived" else f"{abs(self.pct):g}%"
        return ("降幅" if self.pct < 0 else "涨幅"), size

    def describe(self, language: str = "zh") -> str:
        """One sentence saying what the deflator is (for report notes)."""
        word, size = self.change_words()
        period = _period_words(self.period, language)
        if self.origin == "derived":
            return (f"GDP平减指数{word}{size}（由{self.region}{period}已公布的名义增速与实际增速"
                    "推算）"
                    if language == "zh" else
                    f"GDP deflator growth {self.pct:.2f}% (derived from the published nominal and "
                    f"real growth of {(self.region + ' ') if self.region else ''}{period})")
        return (f"GDP平减指数{word}假设为{size}（报告参数 deflator_pct）" if language == "zh"
                else f"GDP deflator growth assumed at {self.pct:g}% (report parameter deflator_pct)")

    def __repr__(self) -> str:
        return (f"Deflator(pct={self.pct:.3g}, origin={self.origin!r}, period={self.period!r}, "
                f"region={self.region!r})")


def _period_words(period: str, language: str) -> str:
    """A period code ("2023Q2") in words ("2023年上半年" / "H1 2023"); other text as given."""
    from jinshui_analysis.periods import describe

    try:
        return describe(period, True, language)
    except Exception:  # noqa: BLE001 — free text (e.g. "2024年上半年") is shown as given
        return period


def growth_label(basis: str, language: str = "zh") -> str:
    """实际增速 / 名义增速 (real growth / nominal growth)."""
    if basis not in BASES:
        raise ParameterError(f"must be one of {BASES}, got {basis!r}", parameter="basis")
    if language == "zh":
        return "实际增速" if basis == "real" else "名义增速"
    return "real growth" if basis == "real" else "nominal growth"


def basis_label(basis: str, language: str = "zh") -> str:
    """按可比价 / 按现价 (at comparable prices / at current prices)."""
    if basis not in BASES:
        raise ParameterError(f"must be one of {BASES}, got {basis!r}", parameter="basis")
    if language == "zh":
        return "按可比价" if basis == "real" else "按现价"
    return "at comparable prices" if basis == "real" else "at current prices"

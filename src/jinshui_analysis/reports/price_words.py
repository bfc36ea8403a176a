"""The words of price bases and deflators (实际/名义, 按可比价/按现价, GDP平减指数) in the
report's language, from the ``[price]`` table of the text catalogue.

:mod:`jinshui_analysis.models.prices` returns numbers and codes (a basis ``"real"`` or
``"nominal"``, a :class:`~jinshui_analysis.models.prices.Deflator` with its ``origin``
``"derived"`` or ``"assumed"``); this module words them.

Examples
--------
>>> from jinshui_analysis.models.prices import Deflator
>>> d = Deflator(-2.18, "derived", "2023Q2", "郑州市")
>>> deflator_words(d, "zh")
'GDP平减指数降幅2.18%（由郑州市2023年上半年已公布的名义增速与实际增速推算）'
>>> deflator_words(d, "en")
'GDP deflator growth -2.18% (derived from the published nominal and real growth of 郑州市 H1 2023)'
>>> change_words(Deflator(1.2, "assumed"))
('涨幅', '1.2%')
"""

from __future__ import annotations

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models.prices import BASES, Deflator
from jinshui_analysis.periods import describe
from jinshui_analysis.reports.text import msg, pick

__all__ = ["basis_label", "change_words", "deflator_words", "growth_label", "period_words"]


def period_words(period: str, language: str = "zh") -> str:
    """A period code (``"2023Q2"``) in words, read as year to date (``"2023年上半年"`` /
    ``"H1 2023"``); other text (``"2024年上半年"``, free text) as given."""
    try:
        return describe(period, True, language)
    except Exception:  # noqa: BLE001 — free text (e.g. "2024年上半年") is shown as given
        return period


def _size(defl: Deflator, signed: bool) -> str:
    value = defl.pct if signed else abs(defl.pct)
    return f"{value:.2f}%" if defl.origin == "derived" else f"{value:g}%"


def change_words(defl: Deflator, language: str = "zh") -> tuple[str, str]:
    """The deflator's change as (word, size): ``("涨幅", "1.20%")`` / ``("降幅", "0.46%")`` —
    never ``涨幅-0.46%``; in English ``("growth", "-0.46%")`` (the signed rate).  Two decimals
    when derived, as given when assumed."""
    word = msg("price.fall" if defl.pct < 0 else "price.rise", language)
    return word, _size(defl, signed=pick(language, zh=False, en=True))


def deflator_words(defl: Deflator, language: str = "zh") -> str:
    """One phrase saying what the deflator is and where it comes from (for report notes)."""
    word, size = change_words(defl, language)
    if defl.origin == "assumed":
        return msg("price.deflator_assumed", language, word=word, size=size)
    region = defl.region
    if region and language == "en":
        region += " "
    return msg("price.deflator_derived", language, word=word, size=size, region=region,
               period=period_words(defl.period, language))


def _check_basis(basis: str) -> None:
    if basis not in BASES:
        raise ParameterError(f"must be one of {BASES}, got {basis!r}", parameter="basis")


def growth_label(basis: str, language: str = "zh") -> str:
    """实际增速 / 名义增速 (real growth / nominal growth) of a basis code."""
    _check_basis(basis)
    return msg(f"price.growth_{basis}", language)


def basis_label(basis: str, language: str = "zh") -> str:
    """按可比价 / 按现价 (at comparable prices / at current prices) of a basis code."""
    _check_basis(basis)
    return msg(f"price.basis_{basis}", language)

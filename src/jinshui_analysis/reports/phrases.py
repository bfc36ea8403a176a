"""Words for the codes the models return: a growth target with its published qualifier, a
moving holiday and its window, the 1-2月 split rule of the seasonal adjustment.

The models keep numbers and codes (:data:`jinshui_analysis.models.targets.QUALIFIERS`, the
holiday names of :data:`jinshui_analysis.models.holidays.HOLIDAYS`, ``jan_feb="combined"``);
the wording is the catalogue's (``reports/text/zh.toml`` / ``en.toml``, keys ``model.*``).

Examples
--------
>>> target_phrase(8, qualifier="以上"), target_phrase(8, qualifier="以上", language="en")
('实际增长8%以上', 'real growth of at least 8%')
>>> from jinshui_analysis.models.holidays import WINDOWS
>>> holiday_window(WINDOWS["spring_festival"])
'春节（节前5天、节后15天）'
"""

from __future__ import annotations

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models.holidays import HOLIDAYS, Window
from jinshui_analysis.models.targets import QUALIFIERS
from jinshui_analysis.reports.text import msg

__all__ = ["holiday_name", "holiday_window", "jan_feb_rule", "target_phrase"]


def target_phrase(growth_pct: float, *, qualifier: str = "", lower_bound: bool = False,
                  language: str = "zh") -> str:
    """A real growth target as a bulletin writes it, with its qualifier.

    Targets are real growth rates (按可比价).  A target announced as "增长8%以上" is a lower
    bound: the phrase keeps "以上" / "at least", while the arithmetic uses the bound itself
    (8 %), so growth needed "to meet the target" is the growth needed to reach its floor.
    "增长6%左右" keeps "左右" / "about"; "力争…" is "力争实际增长…" / "aiming at".

    Parameters
    ----------
    growth_pct : float
        The target, %.
    qualifier : {"", "以上", "左右", "力争"}
        The published qualifier (:data:`~jinshui_analysis.models.targets.QUALIFIERS`).
    lower_bound : bool
        Whether the published target is "X%以上" (same as ``qualifier="以上"``).
    language : {"zh", "en"}

    Examples
    --------
    >>> target_phrase(6, qualifier="左右"), target_phrase(6, qualifier="左右", language="en")
    ('实际增长6%左右', 'real growth of about 6%')
    >>> target_phrase(7, language="en")
    '7% real growth'
    """
    g = checks.growth_pct(growth_pct, "growth_pct")
    if qualifier not in QUALIFIERS:
        raise ParameterError(f"must be one of {QUALIFIERS}, got {qualifier!r}",
                             parameter="qualifier")
    if lower_bound or qualifier == "以上":
        return msg("model.target_at_least", language, growth_pct=g)
    if qualifier == "左右":
        return msg("model.target_about", language, growth_pct=g)
    if qualifier == "力争":
        return msg("model.target_striven", language, growth_pct=g)
    return msg("model.target_plain", language, growth_pct=g)


def holiday_name(holiday: str, language: str = "zh") -> str:
    """The name of a moving holiday (a key of
    :data:`~jinshui_analysis.models.holidays.HOLIDAYS`): ``"spring_festival"`` → 春节."""
    if holiday not in HOLIDAYS:
        raise ParameterError(f"unknown holiday {holiday!r}; known: {sorted(HOLIDAYS)}",
                             parameter="holiday")
    if holiday == "spring_festival":
        return msg("model.holiday_spring_festival", language)
    if holiday == "dragon_boat":
        return msg("model.holiday_dragon_boat", language)
    return msg("model.holiday_mid_autumn", language)


def holiday_window(window: Window, language: str = "zh") -> str:
    """A holiday window as the notes write it: 春节（节前5天、节后15天）."""
    return msg("model.holiday_window", language, holiday=holiday_name(window.holiday, language),
               before=window.before, after=window.after)


def jan_feb_rule(language: str = "zh") -> str:
    """The rule by which a 1-2月 total is split before seasonal adjustment
    (:func:`jinshui_analysis.models.seasonal.adjust` with ``jan_feb="combined"``)."""
    return msg("model.seasonal_jan_feb_rule", language)

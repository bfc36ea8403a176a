"""A period as bulletins write it, in Chinese or English (:func:`describe`)."""

from __future__ import annotations

from typing import Any

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.periods.parsing import parse_period

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZH_QUARTERS = ("一", "二", "三", "四")
_ZH_YTD_QUARTERS = {2: "上半年", 3: "前三季度", 4: "全年"}
_EN_YTD_QUARTERS = {2: "H1", 3: "Q1–Q3", 4: "full year"}


def describe(code: Any, cumulative: bool | None = None, language: str = "zh") -> str:
    """A period as bulletins write it, for prose and table captions.

    ==============================  ==================  =================
    ``code``, ``cumulative``        ``"zh"``            ``"en"``
    ==============================  ==================  =================
    ``"2023"``                      ``2023年``           ``2023``
    ``"2023-06"``, True             ``2023年1-6月``      ``Jan–Jun 2023``
    ``"2023-06"``, False            ``2023年6月``        ``Jun 2023``
    ``"2023-02"``, True             ``2023年1-2月``      ``Jan–Feb 2023``
    ``"2023Q1"``                    ``2023年一季度``      ``Q1 2023``
    ``"2023Q2"``, True              ``2023年上半年``      ``H1 2023``
    ``"2023Q2"``, False             ``2023年二季度``      ``Q2 2023``
    ``"2023Q3"``, True              ``2023年前三季度``    ``Q1–Q3 2023``
    ==============================  ==================  =================

    Parameters
    ----------
    code : any label :func:`parse_period` reads (canonical codes or bulletin labels).
    cumulative : True for year to date (累计), False for the single period (当月/当季); None
        takes the flag the label itself carries (``"2023年上半年"`` is year to date).  A January,
        a first quarter and a year are the same either way.
    language : "zh" or "en".
    """
    if language not in ("zh", "en"):
        raise ParameterError("expected 'zh' or 'en'", parameter="language")
    p = parse_period(code)
    cum = p.cumulative if cumulative is None else bool(cumulative)
    zh = language == "zh"
    if p.freq == "Y":
        return f"{p.year}年" if zh else str(p.year)
    if p.freq == "Q":
        q = p.quarter or 1
        if cum and q > 1:
            return f"{p.year}年{_ZH_YTD_QUARTERS[q]}" if zh else f"{_EN_YTD_QUARTERS[q]} {p.year}"
        return f"{p.year}年{_ZH_QUARTERS[q - 1]}季度" if zh else f"Q{q} {p.year}"
    m = p.last_month
    if cum and m > 1:
        return f"{p.year}年1-{m}月" if zh else f"Jan–{_EN_MONTHS[m - 1]} {p.year}"
    return f"{p.year}年{m}月" if zh else f"{_EN_MONTHS[m - 1]} {p.year}"

"""Words of the reports in Chinese and English: the message table, :func:`msg`, and
:func:`plain`, which turns the package's warnings into one plain sentence in the report's
language (no English developer message in a Chinese report, no ``nan``, no ``2023Q2``).

Sections write notes with :func:`msg` (or ``tr``) and pass warnings — reader warnings
(:class:`~jinshui_analysis.exceptions.TableWarning`, which carry ``text(language)``), model
fall-backs (:class:`~jinshui_analysis.exceptions.ShortSeriesWarning`), demo-data and nominal
warnings — through :func:`plain` before showing them (normally in the data notes).
:class:`Note` is a bilingual note with the same ``text(language)`` interface, so
``ReportData.notes`` can hold reader warnings and the loader's own notes alike.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import Any

from jinshui_analysis.exceptions import (
    DEMO_LABEL_EN,
    DEMO_LABEL_ZH,
    JinshuiWarning,
    NominalWarning,
    ParameterError,
    ShortSeriesWarning,
    SyntheticDataWarning,
)
from jinshui_analysis.periods import describe

__all__ = ["MESSAGES", "Note", "describe", "msg", "number", "plain", "pp_comparison", "rank_text",
           "rankable"]


def rankable(n_with_data: int, n_units: int) -> bool:
    """A rank is given only among at least half of the units (and at least two with data):
    "2/2" among 2 of 16 units says nothing about the 14 that published nothing."""
    return n_with_data >= 2 and 2 * n_with_data >= n_units


def rank_text(position: int, n_with_data: int, n_units: int, language: str = "zh") -> str:
    """``第2位（16个单位中9个有数据）`` / ``2nd (9 of 16 units have data)``."""
    if language == "en":
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(position % 10 if position % 100 not in (11, 12, 13)
                                                 else 0, "th")
        return f"{position}{suffix} ({n_with_data} of {n_units} units have data)"
    return f"第{position}位（{n_units}个单位中{n_with_data}个有数据）"

LANGUAGES = ("zh", "en")

#: key → (Chinese, English); ``{name}`` fields are filled by :func:`msg`.
MESSAGES: dict[str, tuple[str, str]] = {
    # headline table columns
    "col.indicator": ("指标", "Indicator"),
    "col.unit": ("单位", "Unit"),
    "col.month": ("当月", "This month"),
    "col.ytd": ("累计", "Year to date"),
    "col.growth": ("同比增长（%，可比价）", "YoY growth, real (%, comparable prices)"),
    "col.growth_nominal": ("同比增长（%，现价）", "YoY growth, nominal (%, current prices)"),
    "col.change": ("比上年同期（百分点）", "vs same period last year (pp)"),
    "col.parent": ("{parent_word}同比增长（%，可比价）", "YoY growth, {parent_word} (%, real)"),
    "col.parent_nominal": ("{parent_word}同比增长（%，现价）",
                           "YoY growth, {parent_word} (%, nominal)"),
    "col.gap": ("与{parent_word}差距（百分点）", "Gap to {parent_word} (pp)"),
    "col.rank": ("{parent_word}位次", "Rank in {parent_word}"),
    "col.schedule": ("序时进度", "Against schedule"),
    "col.remark": ("说明", "Remarks"),
    # words for the comparison units
    "word.city": ("全市", "city"),
    "word.province": ("全省", "province"),
    "word.country": ("全国", "nation"),
    # remarks in the headline table
    "remark.month_derived": ("当月值由累计值相减推算", "monthly value derived from YTD values"),
    "remark.ytd_derived": ("累计值由各月当月值相加推算", "YTD value derived by adding monthly values"),
    "remark.jan_feb": ("当月值为1-2月合计（1月不单独发布）",
                       "monthly value is Jan–Feb combined (January not published separately)"),
    "remark.demo": (DEMO_LABEL_ZH, DEMO_LABEL_EN),
    "remark.quarter": ("季度数据：{when}", "quarterly figure: {when}"),
    "remark.growth_month": ("当月{value}", "this month {value}"),
    # notes
    "note.growth_is_ytd": ("同比增长为累计增速；{basis}。",
                           "YoY growth is year-to-date growth; {basis}."),
    "note.basis": ("实际增速（按可比价）与名义增速（按现价）分列两栏，列名注明；地区生产总值、规模以上工业"
                   "增加值公布的是实际增速，其余指标公布的是名义增速，由总量推算的地区生产总值增速为名义增速",
                   "real growth (comparable prices) and nominal growth (current prices) are in "
                   "separate columns, named in the header; GDP and industrial value added are "
                   "published as real growth, the rest as nominal growth, and GDP growth derived "
                   "from levels is nominal"),
    "note.lacking": ("数据中没有{when}的{what}。", "The data have no {what} for {when}."),
    "note.lacking_all": ("数据中没有{region}{when}的主要指标，本表为空。",
                         "The data have no headline indicator of {region} for {when}; the table is empty."),
    "note.no_parent": ("数据中没有{parent}{when}的对应数据，“{parent_word}”一列为空。",
                       "The data have no {when} figures of {parent}; the {parent_word} column is empty."),
    "note.schedule": ("序时进度：{when}时间过半比例为{time}%，“完成全年计划”按数据中的年度计划计算。",
                      "Schedule: {time}% of the year has passed by {when}; completion is against "
                      "the annual plan in the data."),
    "note.gdp_last_year": ("最近公布的年度地区生产总值：{year}年{value}亿元（来源：{source}）。",
                           "Latest published annual GDP: {value}亿元 in {year} (source: {source})."),
    "note.no_gdp_last_year": ("数据中没有{region}{year}年及以前的年度地区生产总值；本表仍列出本年已有数据。",
                              "The data have no annual GDP of {region} for {year} or earlier; the "
                              "table still shows this year's figures."),
    "note.demo_rows": ("{what}为示例数据（未公开发布，按已公布年度总量校准）。",
                       "{what}: synthetic demo data (not published; calibrated to published annual totals)."),
    "note.published_rows": ("{what}为已公布数据。", "{what}: published figures."),
    "note.no_demo": ("本报告只用已公布数据，未公布的指标留空。",
                     "This report uses published figures only; what is not published is left empty."),
    "note.source_grades": ("数据来源等级：{grades}。", "Source grades: {grades}."),
    "note.rank": ("位次按{n}个{parent_word}下属单位中有{when}数据的单位排列（增速由高到低）；不足半数单位有数据的指标不排位次。",
                  "Ranks are among the {n} units of the {parent_word} with {when} data (highest growth first); "
                  "an indicator with data for fewer than half of the units is not ranked."),
    # comparison sentences
    "cmp.higher": ("高于{who}{pp}个百分点", "{pp} percentage points above the {who}"),
    "cmp.lower": ("低于{who}{pp}个百分点", "{pp} percentage points below the {who}"),
    "cmp.same": ("与{who}持平", "level with the {who}"),
    "cmp.sentence": ("{when}，{region}{indicator}累计{change}，{parts}。",
                     "{when}: {region}'s {indicator} {change} year to date, {parts}."),
    "cmp.no_data": ("数据中没有可与{who}比较的{when}累计增速。",
                    "The data have no {when} year-to-date growth to compare with the {who}."),
    "rank.too_few": ("{parent_word}{n}个下属单位中只有{k}个（{names}）有{when}{indicator}累计增速，不足半数，不排位次。",
                     "Only {k} of the {n} units of the {parent_word} ({names}) have {when} "
                     "year-to-date growth of {indicator}: fewer than half, so no rank is given."),
    "cmp.districts_missing": ("数据中没有{region}下属单位{when}的累计增速，无法排位。",
                              "The data have no {when} year-to-date growth of {region}'s units: no ranking."),
    # reading and model notes
    "warn.reading": ("读取数据时：{text}", "While reading the data: {text}"),
    "warn.short": ("序列{name}只有{n}个观测值，{model}模型至少需要{need}个，改用{fallback}模型。",
                   "Series {name} has {n} observations; the {model} model needs at least {need}, "
                   "so the {fallback} model is used."),
    "warn.short_other": ("数据时期较短，模型作了简化：{detail}",
                         "The series is short and the model was simplified: {detail}"),
    "warn.one_share": ("往年同期比重只有一年数据，无法估计区间和概率。",
                       "Only one past year gives the same-period share: no interval or probability."),
    "warn.model_failed": ("{model}模型在全序列上拟合失败，已舍弃。",
                          "The {model} model failed on the full series and was dropped."),
    "warn.nominal": ("按现价（名义）计算，未扣除价格因素。", "Computed at current prices (nominal), not deflated."),
    "warn.demo": ("使用了示例数据（不代表真实统计）。", "Synthetic demo data were used (not official statistics)."),
    "warn.other": ("计算时有一条技术提示（{kind}），不影响表中已公布的数字。",
                   "A technical note arose in the computation ({kind}); published figures are unaffected."),
}

_MODEL_NAMES = {
    "ets": ("指数平滑", "exponential smoothing"),
    "drift": ("漂移（按平均增量外推）", "drift (average change)"),
    "naive": ("朴素（沿用最近值）", "naive (last value)"),
    "arima": ("ARIMA", "ARIMA"),
    "llt": ("局部线性趋势", "local linear trend"),
    "theta": ("Theta", "Theta"),
}


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ParameterError(f"expected one of {LANGUAGES}, got {language!r}", parameter="language")


def msg(key: str, language: str = "zh", /, **fields: Any) -> str:
    """The message ``key`` of :data:`MESSAGES` in ``language`` with ``fields`` filled in."""
    _check(language)
    zh, en = MESSAGES[key]
    return (zh if language == "zh" else en).format(**fields)


def number(value: Any, nd: int = 1) -> str:
    """A number for prose: ``nd`` decimals, thousands separators; never ``nan`` (``—``)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(x):
        return "—"
    return f"{x:,.{nd}f}"


def pp_comparison(own: float, other: float, who: str, language: str = "zh", nd: int = 1) -> str:
    """``"高于全省0.8个百分点"`` / ``"低于全国1.2个百分点"`` / ``"与全市持平"`` (rounded to ``nd``)."""
    diff = round(float(own) - float(other), nd)
    if diff == 0:
        return msg("cmp.same", language, who=who)
    key = "cmp.higher" if diff > 0 else "cmp.lower"
    return msg(key, language, who=who, pp=f"{abs(diff):.{nd}f}")


@dataclass(frozen=True)
class Note:
    """A bilingual note with the same interface as the reader warnings (``text(language)``)."""

    zh: str
    en: str

    def text(self, language: str = "zh") -> str:
        _check(language)
        return self.zh if language == "zh" else self.en

    def __str__(self) -> str:
        return self.en

    @classmethod
    def of(cls, key: str, **fields: Any) -> Note:
        """The note of message ``key`` in both languages."""
        return cls(msg(key, "zh", **fields), msg(key, "en", **fields))


_SHORT = re.compile(r"series '(?P<name>[^']*)' has (?P<n>\d+) (?:consecutive )?observations?; model "
                    r"'(?P<model>\w+)' needs at least (?P<need>\d+): falling back to '(?P<fb>\w+)'")
_FAILED = re.compile(r"model '(?P<model>\w+)' failed on the full series")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _model(name: str, language: str) -> str:
    zh, en = _MODEL_NAMES.get(name, (name, name))
    return zh if language == "zh" else en


def plain(warning: Any, language: str = "zh") -> str:
    """One plain sentence in ``language`` for a warning or note.

    Parameters
    ----------
    warning : object with ``text(language)`` (reader warnings, :class:`Note`), a warning
        instance (:class:`ShortSeriesWarning`, :class:`SyntheticDataWarning`,
        :class:`NominalWarning`, other :class:`JinshuiWarning`), a
        :class:`warnings.WarningMessage` as caught by ``warnings.catch_warnings(record=True)``,
        or a plain string (returned as it is).
    language : "zh" or "en".

    Returns
    -------
    str
        The sentence.  A Chinese report never gets the English developer text: a warning whose
        wording is not known becomes a short Chinese sentence naming its kind.
    """
    _check(language)
    if isinstance(warning, warnings.WarningMessage):
        message = warning.message
        if not isinstance(message, Warning):
            message = warning.category(str(message))
        warning = message
    if hasattr(warning, "text") and callable(warning.text):
        return str(warning.text(language))
    if isinstance(warning, str):
        return warning
    text = str(warning)
    if isinstance(warning, ShortSeriesWarning):
        m = _SHORT.search(text)
        if m:
            return msg("warn.short", language, name=f"“{m['name']}”" if language == "zh" else
                       repr(m["name"]), n=m["n"], model=_model(m["model"], language),
                       need=m["need"], fallback=_model(m["fb"], language))
        m = _FAILED.search(text)
        if m:
            return msg("warn.model_failed", language, model=_model(m["model"], language))
        if "one past year" in text:
            return msg("warn.one_share", language)
        if language == "en":
            return msg("warn.short_other", language, detail=text)
        return msg("warn.short_other", language, detail="改用较简单的模型")
    if isinstance(warning, SyntheticDataWarning):
        return msg("warn.demo", language)
    if isinstance(warning, NominalWarning):
        return msg("warn.nominal", language)
    if language == "en" or _CJK.search(text) and not re.search(r"[A-Za-z]{4,}", text):
        return text
    kind = type(warning).__name__ if isinstance(warning, JinshuiWarning | Warning) else "note"
    return msg("warn.other", language, kind=kind)

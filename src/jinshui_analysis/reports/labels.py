"""Words of the reports in Chinese and English: :func:`msg` (from the catalogues of
:mod:`jinshui_analysis.reports.text`), and
:func:`plain`, which turns the package's warnings into one plain sentence in the report's
language (no English developer message in a Chinese report, no ``nan``, no ``2023Q2``).

Sections write notes with :func:`msg` and pass warnings — reader warnings
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
    JinshuiWarning,
    NominalWarning,
    ShortSeriesWarning,
    SyntheticDataWarning,
)
from jinshui_analysis.periods import describe
from jinshui_analysis.reports.text import LANGUAGES, check_language, msg, pick

__all__ = ["LANGUAGES", "Note", "describe", "msg", "number", "plain", "pp_comparison", "project_level",
           "rank_text", "rankable"]


def rankable(n_with_data: int, n_units: int) -> bool:
    """A rank is given only among at least half of the units (and at least two with data):
    "2/2" among 2 of 16 units says nothing about the 14 that published nothing."""
    return n_with_data >= 2 and 2 * n_with_data >= n_units


def rank_text(position: int, n_with_data: int, n_units: int, language: str = "zh") -> str:
    """``第2位（16个单位中9个有数据）`` / ``2nd (9 of 16 units have data)``."""
    # the English ordinal's suffix (1st, 2nd, 3rd, 11th …); Chinese writes 第2位 for every one
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(position % 10 if position % 100 not in (11, 12, 13)
                                             else 0, "th")
    return msg("labels.rank", language, n_with_data=n_with_data, n_units=n_units,
               ordinal=msg(f"labels.ordinal_{suffix}", language, n=position))

#: key-project levels as the data write them → their catalogue key (``labels.level_<name>``)
_LEVELS = {"省级": "provincial", "市级": "municipal", "区级": "district", "合计": "total"}


def project_level(value: Any, language: str = "zh") -> Any:
    """A key project's level (省级, 市级, 区级, 合计) in ``language``; other values as given."""
    key = _LEVELS.get(value) if isinstance(value, str) else None
    return msg(f"labels.level_{key}", language) if key else value


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
        return pick(language, zh=self.zh, en=self.en)

    def __str__(self) -> str:
        return self.en

    @classmethod
    def of(cls, key: str, **fields: Any) -> Note:
        """The note of message ``key`` in both languages."""
        return cls(msg(key, "zh", **fields), msg(key, "en", **fields))


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def _model(name: Any, language: str) -> str:
    """The words of a model code (``"ets"`` → 指数平滑); an unknown code as given."""
    try:
        return msg(f"warn.model_{name}", language)
    except KeyError:
        return str(name)


def _coded(warning: JinshuiWarning, language: str) -> str | None:
    """The sentence of a coded model warning (``warning.code``), or None for an unknown code."""
    code, f = warning.code, warning.fields
    if code == "short_series":
        name = f"“{f['name']}”" if language == "zh" else repr(str(f["name"]))
        key = "warn.short_consecutive" if f.get("consecutive") else "warn.short"
        return msg(key, language, name=name, n=f["n"], model=_model(f["model"], language),
                   need=f["need"], fallback=_model(f["fallback"], language))
    if code == "one_observation":
        name = f"“{f['name']}”" if language == "zh" else repr(str(f["name"]))
        return msg("warn.one_observation", language, name=name)
    if code == "model_failed":
        return msg("warn.model_failed", language, model=_model(f["model"], language))
    if code == "one_share":
        return msg("warn.one_share", language)
    if code == "nominal_projection":
        key = "warn.nominal_projection" if f.get("required", True) else \
            "warn.nominal_projection_required"
        return msg(key, language)
    return None


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
    check_language(language)
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
    if isinstance(warning, JinshuiWarning) and getattr(warning, "code", ""):
        coded = _coded(warning, language)
        if coded is not None:
            return coded
    if isinstance(warning, ShortSeriesWarning):
        # raised without a code: say what kind of thing happened, never the English text
        return msg("warn.short_other", language,
                   detail=text if language == "en" else "改用较简单的模型")
    if isinstance(warning, SyntheticDataWarning):
        return msg("warn.demo", language)
    if isinstance(warning, NominalWarning):
        return msg("warn.nominal", language)
    if language == "en" or _CJK.search(text) and not _LATIN_WORD.search(text):
        return text
    kind = type(warning).__name__ if isinstance(warning, JinshuiWarning | Warning) else "note"
    return msg("warn.other", language, kind=kind)

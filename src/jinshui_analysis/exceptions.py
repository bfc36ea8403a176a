"""One exception hierarchy and the warnings of the package, beside their message templates.

Every error a user can provoke with bad input derives from :class:`JinshuiError`, so that
``except JinshuiError`` catches all of them.  Messages name the file, row/column or parameter
and say what is wrong (see the templates below).

Modelled on ``arch/utility/exceptions.py`` and ``papermill/exceptions.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any


class JinshuiError(Exception):
    """Base class of every error raised by jinshui_analysis."""


class DataError(JinshuiError, ValueError):
    """A data file or frame is malformed.

    Attributes
    ----------
    file, row, column, text : location of the problem and the offending text, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        text: Any = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.text = text
        where = []
        if file is not None:
            where.append(f"file {file!s}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        full = f"{prefix}: {message}" if prefix else message
        if text is not None and repr(str(text)) not in full:
            full += f" (found {str(text)!r})"
        super().__init__(full)


class PeriodError(DataError):
    """A period label that cannot be parsed."""


class ParameterError(JinshuiError, ValueError):
    """A function or notebook parameter is invalid.

    Attributes
    ----------
    parameter : name of the offending parameter.
    """

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}" if parameter else message)


class ModelError(JinshuiError, ValueError):
    """A model cannot be computed from the given inputs (mismatched indexes, missing periods…)."""


class RenderError(JinshuiError, RuntimeError):
    """Executing or exporting a report notebook failed.

    Attributes
    ----------
    notebook : path of the (saved, partially executed) notebook.
    cell_index : index of the failing cell, when known.
    traceback : the kernel's traceback text, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        notebook: str | None = None,
        cell_index: int | None = None,
        traceback: str | None = None,
    ) -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        self.traceback = traceback
        parts = [message]
        if cell_index is not None:
            parts.append(f"(cell {cell_index})")
        if notebook is not None:
            parts.append(f"— notebook kept at {notebook}")
        super().__init__(" ".join(parts))


# --------------------------------------------------------------------------- warnings
class JinshuiWarning(UserWarning):
    """Base class of the package's warnings."""


class ShortSeriesWarning(JinshuiWarning):
    """A series is too short for a model; a simpler model was used."""


class SyntheticDataWarning(JinshuiWarning):
    """Synthetic (示例数据) data is being used."""


class NominalWarning(JinshuiWarning):
    """A result is computed at current prices (nominal), not at constant prices."""


# --------------------------------------------------------------------------- templates
short_series_warning = (
    "series {name!r} has {n} observations; model {model!r} needs at least {need}: "
    "falling back to {fallback!r}"
)
synthetic_data_warning = "示例数据 / synthetic demo data: {what}"
nominal_warning = (
    "contributions computed at current prices (nominal): {why}. Label them 名义 / nominal."
)


# --------------------------------------------------------------------------- read_table (data/tables.py)
@dataclass(frozen=True, slots=True)
class Cell:
    """One item of a reader warning, named in plain words.

    Attributes
    ----------
    what : what the cell is about — the indicator (``"固定资产投资"``) or, for a whole column,
        the column heading.
    where : the column heading or period as the table shows it (``"1-3月"``), or ``""``.
    text : what the cell held (``"—"``), or the values in a conflict (``"3548.97、2272.28"``).
    reason : for skipped items, one of :data:`SKIP_REASONS`; else ``""``.
    """

    what: str
    where: str = ""
    text: str = ""
    reason: str = ""

    def label(self) -> str:
        """``"固定资产投资 1-3月"``."""
        return f"{self.what} {self.where}".strip()


#: Why a reader skipped something: code → (Chinese, English), in plain words.
SKIP_REASONS: dict[str, tuple[str, str]] = {
    "period": ("时期无法识别", "the period is not recognised"),
    "pp": ("以百分点表示的增减不读取", "changes in percentage points are not read"),
    "rate_change": ("比率的增减不是同比增速，不读取",
                    "the change of a rate is not a year-on-year growth rate"),
}
_MAX_LISTED = 12
LANGUAGES = ("zh", "en")


def _file_name(file: Any) -> str:
    if not file:
        return ""
    s = str(file)
    name, sep, sheet = s.partition("!")
    return PurePath(name).name + (sep + sheet if sep else "")


def _listing(items: list[str], language: str, total: int | None = None) -> str:
    """The first items joined, with how many more there are (``total``: all items, when only
    the first ones were given)."""
    sep = "、" if language == "zh" else "; "
    shown = sep.join(items[:_MAX_LISTED])
    n = len(items) if total is None else total
    if n > _MAX_LISTED:
        more = n - _MAX_LISTED
        shown += f"等（另有{more}项）" if language == "zh" else f"; and {more} more"
    return shown


class TableWarning(JinshuiWarning):
    """Base of the warnings of :func:`~jinshui_analysis.data.read_table`, with structured fields.

    Attributes
    ----------
    file : the file name (no folder; ``"book.xlsx!Sheet1"`` for a worksheet).
    cells : the :class:`Cell` items concerned.
    n : ``len(cells)``.

    :meth:`text` gives the warning as a plain sentence in Chinese (``"zh"``) or English
    (``"en"``); ``str(warning)`` is the English sentence.  Constructed with a single message
    string (``warnings.warn("…", MissingValuesWarning)``), the warning is that message.
    """

    def __init__(self, message: str | None = None, *, file: Any = "",
                 cells: Iterable[Cell] = ()) -> None:
        self.file = _file_name(file)
        self.cells = tuple(cells)
        self.n = len(self.cells)
        self._message = message
        super().__init__(message if message is not None else self.text("en"))

    def text(self, language: str = "zh") -> str:
        """The warning as a plain sentence in ``language`` (``"zh"`` or ``"en"``)."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
        if self._message is not None:
            return self._message
        return self._text(language)

    def _text(self, language: str) -> str:  # pragma: no cover - overridden
        return ""

    def __str__(self) -> str:
        return self.text("en")


class MissingValuesWarning(TableWarning):
    """Placeholders such as “—” (not published) or blank cells were read as missing values."""

    def _text(self, language: str) -> str:
        marks = list(dict.fromkeys(c.text for c in self.cells))
        zh_marks = "、".join("空白" if not m else f"“{m}”" for m in marks)
        en_marks = ", ".join("blank" if not m else f"“{m}”" for m in marks)
        items = _listing([c.label() for c in self.cells[:_MAX_LISTED]], language, self.n)
        if language == "zh":
            return (f"{self.file}：{self.n}个单元格为{zh_marks}（未公布），按缺失处理："
                    f"{items}。")
        return (f"{self.file}: {self.n} cell(s) hold a placeholder ({en_marks}, not published) "
                f"and are read as missing: {items}.")


class SkippedDataWarning(TableWarning):
    """Rows or columns of a table were not read (an unrecognised period, 百分点 changes …)."""

    def _text(self, language: str) -> str:
        k = 0 if language == "zh" else 1
        items = [
            f"{c.label()}（{SKIP_REASONS.get(c.reason, (c.reason, c.reason))[0]}）" if k == 0
            else f"{c.label()} ({SKIP_REASONS.get(c.reason, (c.reason, c.reason))[1]})"
            for c in self.cells[:_MAX_LISTED]
        ]
        if language == "zh":
            return f"{self.file}：{self.n}项未读取：{_listing(items, language, self.n)}。"
        return f"{self.file}: {self.n} item(s) not read: {_listing(items, language, self.n)}."


class ConflictingValuesWarning(TableWarning):
    """Figures given more than once with different values were all kept."""

    def _text(self, language: str) -> str:
        if language == "zh":
            items = [f"{c.label()}（{c.text}）" for c in self.cells[:_MAX_LISTED]]
            return (f"{self.file}：{self.n}项数据出现多次且数值不同，均已保留："
                    f"{_listing(items, language, self.n)}。")
        items = [f"{c.label()} ({c.text.replace('、', ' and ')})"
                 for c in self.cells[:_MAX_LISTED]]
        return (f"{self.file}: {self.n} figure(s) appear more than once with different "
                f"values; all kept: {_listing(items, language, self.n)}.")


class TableNotesWarning(TableWarning):
    """A table has notes (注：…, 说明：…, 资料来源：…); they are not data but worth reading."""

    def __init__(self, message: str | None = None, *, file: Any = "",
                 notes: Iterable[str] = ()) -> None:
        self.notes = tuple(notes)
        super().__init__(message, file=file, cells=(Cell(n) for n in self.notes))

    def _text(self, language: str) -> str:
        if language == "zh":
            return f"{self.file}的表注：" + " ".join(self.notes)
        return f"Notes in {self.file}: " + " ".join(self.notes)


#: Kinds of reader warnings (for isinstance checks and documentation).
TABLE_WARNINGS: tuple[type[TableWarning], ...] = (MissingValuesWarning, SkippedDataWarning, ConflictingValuesWarning,
                            TableNotesWarning)

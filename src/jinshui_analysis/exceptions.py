"""One exception hierarchy and the warnings of the package, beside their message templates.

Every error a user can provoke with bad input derives from :class:`JinshuiError`, so that
``except JinshuiError`` catches all of them.  Messages name the file, row/column or parameter
and say what is wrong (see the templates below).

Modelled on ``arch/utility/exceptions.py`` and ``papermill/exceptions.py``.
"""

from __future__ import annotations

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


class MissingValuesWarning(JinshuiWarning):
    """Placeholders such as “—” were read as missing values."""


class ShortSeriesWarning(JinshuiWarning):
    """A series is too short for a model; a simpler model was used."""


class SyntheticDataWarning(JinshuiWarning):
    """Synthetic (示例数据) data is being used."""


class NominalWarning(JinshuiWarning):
    """A result is computed at current prices (nominal), not at constant prices."""


# --------------------------------------------------------------------------- templates
missing_values_warning = (
    "{file}: {n} placeholder value(s) read as missing: {cells}"
)
short_series_warning = (
    "series {name!r} has {n} observations; model {model!r} needs at least {need}: "
    "falling back to {fallback!r}"
)
synthetic_data_warning = "示例数据 / synthetic demo data: {what}"
nominal_warning = (
    "contributions computed at current prices (nominal): {why}. Label them 名义 / nominal."
)


# --------------------------------------------------------------------------- read_table (data/tables.py)
class SkippedDataWarning(JinshuiWarning):
    """Rows or columns of a table were skipped (e.g. ``on_bad_period="skip"``)."""


class ConflictingValuesWarning(JinshuiWarning):
    """Rows with the same key but different values were kept (``on_duplicate="keep"``)."""


skipped_data_warning = "{file}: {n} {what} skipped: {cells}"
conflicting_values_warning = (
    "{file}: {n} group(s) of rows share region/indicator/measure/period but differ in value; "
    "all kept: {groups}"
)

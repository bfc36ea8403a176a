"""One cell of a table: its display text, its number (placeholders —, …, blank as missing;
thousands separators, a % sign, full-width minus), true/false cells; :class:`CellProblem` for a
cell that is none of these (the caller adds file, row and column)."""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from typing import Any

import numpy as np


class CellProblem(Exception):
    """A problem with one cell; the caller adds file/row/column."""

    def __init__(self, message: str, text: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.text = text


#: Texts read as a missing value (after NFKC: "…" → "...", "－" → "-").
PLACEHOLDERS = frozenset(
    {"", "-", "--", "---", "—", "——", "–", "––", "...", "......", "…", "……", "/", "\\", "－"}
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_MINUS = str.maketrans({"−": "-", "﹣": "-", "－": "-"})


def cell_text(value: Any) -> str:
    """Display text of a cell (for headers, names and messages)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if not math.isfinite(value) or abs(value) >= 1e16:
            return f"{value:g}"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def parse_value(raw: Any, *, percent_ok: bool) -> float | None:
    """A cell as a float; None for a placeholder; CellProblem otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellProblem("not a number", raw)
    if isinstance(raw, (int, float, np.integer, np.floating)):
        v = float(raw)
        return None if math.isnan(v) else _finite(v, raw)
    if not isinstance(raw, str):
        raise CellProblem(f"not a number ({type(raw).__name__})", raw)
    if _PLAIN_NUMBER.fullmatch(raw):  # fast path: "123.45", "-1.5"
        return _finite(float(raw), raw)
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if s in PLACEHOLDERS:
        return None
    s = s.translate(_MINUS)
    if s.endswith("%"):
        if not percent_ok:
            raise CellProblem("a '%' sign on a value that is not a percentage", raw)
        s = s[:-1]
    if "," in s:
        if not _THOUSANDS.fullmatch(s):
            raise CellProblem("not a number (misplaced thousands separator)", raw)
        s = s.replace(",", "")
    if not _NUMBER.fullmatch(s):
        raise CellProblem("not a number", raw)
    return _finite(float(s), raw)


#: Largest magnitude of a figure read (in the table's own unit, 元 included): China's GDP is
#: about 1.3e14 元, so anything at 1e16 or beyond is a typing or export error.
MAX_MAGNITUDE = 1e16


def _finite(v: float, raw: Any) -> float:
    if not math.isfinite(v):
        raise CellProblem("not a finite number (infinite or too large to be a figure)", raw)
    if abs(v) >= MAX_MAGNITUDE:
        raise CellProblem(f"implausible magnitude {v:.3g} (limit {MAX_MAGNITUDE:.0e} in any "
                           "unit): a typing or export error?", raw)
    return v


def is_placeholder(raw: Any) -> bool:
    """Whether a cell is empty or a placeholder (—, …, /, blank)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return True
    if not isinstance(raw, str):
        return False
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)) in PLACEHOLDERS


def parse_value_or_none(raw: Any) -> float | None:
    """Like parse_value but None for anything that is not a number."""
    try:
        return parse_value(raw, percent_ok=True)
    except CellProblem:
        return None


def norm_header(value: Any) -> str:
    """A header cell's text, NFKC-normalised and without whitespace (for matching words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))


def parse_bool(raw: Any) -> bool | None:
    """A 累计/cumulative cell as True, False or None (blank); CellProblem otherwise."""
    s = norm_header(raw).lower()
    if s in ("", "nan", "none"):
        return None
    if s in ("true", "1", "yes", "y", "是", "累计", "t"):
        return True
    if s in ("false", "0", "no", "n", "否", "当期", "f"):
        return False
    raise CellProblem("cumulative must be true/false", raw)

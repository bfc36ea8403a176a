"""Argument checks shared by the models (base layer): numbers that must be finite, positive, or a
growth rate in percent above −100.  Each raises :class:`~jinshui_analysis.exceptions.ParameterError`
naming the argument."""

from __future__ import annotations

import math
import warnings
from typing import Any

from jinshui_analysis.exceptions import ParameterError


def finite(value: float, name: str) -> float:
    """``value`` as a finite float, or ParameterError naming ``name``."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"must be a number, got {value!r}", parameter=name) from None
    if not math.isfinite(out):
        raise ParameterError(f"must be finite, got {value!r}", parameter=name)
    return out


def positive(value: float, name: str) -> float:
    out = finite(value, name)
    if out <= 0:
        raise ParameterError(f"must be > 0, got {value!r}", parameter=name)
    return out


def growth_pct(value: float, name: str) -> float:
    out = finite(value, name)
    if out <= -100:
        raise ParameterError(f"growth must be > -100 %, got {value!r}", parameter=name)
    return out


def renamed(new_value: Any, old_value: Any, old: str, new: str) -> Any:
    """Honour a keyword's old name for one release: ``old_value`` (when given) wins over
    ``new_value`` with a :class:`DeprecationWarning` naming the new keyword."""
    if old_value is None:
        return new_value
    warnings.warn(f"keyword {old!r} is renamed {new!r}", DeprecationWarning, stacklevel=3)
    return old_value

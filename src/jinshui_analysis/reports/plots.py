"""All charts of the package; each function takes results objects or tidy frames.

Importing this module registers a CJK-capable, openly licensed font shipped by the project's own
install — Noto Sans CJK (SIL Open Font License 1.1) from the PyPI package ``noto-cjk-sans-otc`` —
and sets a fallback chain, so Chinese titles render without boxes on any machine, with no
download at run time and no reliance on system fonts.  The font is added to matplotlib's font
manager directly (``fontManager.addfont``), so matplotlib's cached font list does not matter.

Charts built from demo data carry a 示例数据 / synthetic watermark (``synthetic=True`` or a
results object whose ``synthetic`` attribute is true).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Font families tried in order: the bundled Noto Sans CJK SC face first, then common system
#: CJK fonts (used only if the bundled one were missing), then DejaVu Sans for Latin/symbols.
FALLBACK_CHAIN = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
]

DEMO_WATERMARK = "示例数据 / synthetic demo data"
COLORS = ["#1f5fa8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#6c757d"]


def register_cjk_font() -> str | None:
    """Register the bundled Noto Sans CJK font and set the fallback chain.

    Returns
    -------
    str or None
        Path of the registered font file, or None when the package providing it is missing
        (then the system fonts in :data:`FALLBACK_CHAIN` are tried).
    """
    path: str | None
    try:
        import noto_cjk_sans_otc

        path = str(noto_cjk_sans_otc.FONT_PATH)
        font_manager.fontManager.addfont(path)
    except (ImportError, OSError, RuntimeError):  # pragma: no cover - install problem
        path = None
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = FALLBACK_CHAIN + [
        f for f in matplotlib.rcParams["font.sans-serif"] if f not in FALLBACK_CHAIN
    ]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 110
    matplotlib.rcParams["axes.spines.top"] = False
    matplotlib.rcParams["axes.spines.right"] = False
    return path


FONT_PATH = register_cjk_font()


def _is_synthetic(obj: Any) -> bool:
    if isinstance(obj, pd.DataFrame) and "source" in obj.columns:
        return bool(obj["source"].astype(str).str.startswith("synthetic").any())
    return bool(getattr(obj, "synthetic", False))


def watermark(fig: Figure, text: str = DEMO_WATERMARK) -> None:
    """Stamp a diagonal 示例数据 watermark and a footer label on ``fig``."""
    fig.text(0.5, 0.5, text, fontsize=26, color="grey", alpha=0.22, rotation=25,
             ha="center", va="center", zorder=10)
    fig.text(0.99, 0.01, text, fontsize=8, color="#b00", ha="right", va="bottom")


def _finish(fig: Figure, ax: Axes, title: str, ylabel: str, synthetic: bool,
            source: str | None = None) -> Figure:
    ax.set_title(title, fontsize=12)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    if source:
        fig.text(0.01, 0.01, f"来源 / source: {source}", fontsize=7, color="#555", ha="left")
    if synthetic:
        watermark(fig)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def line(
    series: pd.Series | pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    synthetic: bool = False,
    source: str | None = None,
    marker: str = "o",
    ax: Axes | None = None,
) -> Figure:
    """Line chart of one or more series indexed by period; ``ylabel`` must carry the unit."""
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(8, 4))
    frame = series.to_frame() if isinstance(series, pd.Series) else series
    for i, col in enumerate(frame.columns):
        s = frame[col].dropna()
        ax.plot([str(p) for p in s.index], s.to_numpy(), marker=marker, color=COLORS[i % 7],
                label=str(col))
        for x, y in zip([str(p) for p in s.index], s.to_numpy()):
            ax.annotate(f"{y:,.1f}", (x, y), textcoords="offset points", xytext=(0, 5),
                        ha="center", fontsize=7)
    if frame.shape[1] > 1:
        ax.legend(fontsize=8)
    return _finish(fig, ax, title, ylabel, synthetic, source)


def target_path(
    actual: pd.Series,
    target: pd.Series,
    *,
    title: str = "地区生产总值与目标路径 / GDP against the target path",
    ylabel: str = "亿元 / 100 million yuan",
    threshold: float | None = None,
    synthetic: bool = False,
    source: str | None = None,
) -> Figure:
    """Actual levels against a target path, with an optional threshold line (e.g. 2000亿元)."""
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot([str(p) for p in target.index], target.to_numpy(), "--", color=COLORS[1],
            label="目标路径 / target path")
    a = actual.dropna()
    ax.plot([str(p) for p in a.index], a.to_numpy(), "o-", color=COLORS[0],
            label="实际 / actual")
    if threshold is not None:
        ax.axhline(threshold, color=COLORS[2], lw=1, label=f"{threshold:,.0f} 亿元")
    ax.legend(fontsize=8)
    return _finish(fig, ax, title, ylabel, synthetic, source)


def fan_chart(
    result: Any,
    *,
    history: pd.Series | None = None,
    title: str = "预测与区间 / Forecast with 80% and 95% intervals",
    ylabel: str = "亿元 / 100 million yuan",
    target: float | None = None,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Fan chart from a forecast or projection results object.

    ``result.forecast`` (or ``result.fan_data``) must be a DataFrame indexed by period with
    columns ``mean, lower_80, upper_80, lower_95, upper_95``; ``history`` (or
    ``result.history``) is the observed series.
    """
    fc = getattr(result, "forecast", None)
    if not isinstance(fc, pd.DataFrame):
        fc = result.fan_data if hasattr(result, "fan_data") else result
    if history is None:
        history = getattr(result, "history", None)
    fig, ax = plt.subplots(figsize=(8, 4))
    x_f = [str(p) for p in fc.index]
    if history is not None:
        h = history.dropna()
        ax.plot([str(p) for p in h.index], h.to_numpy(), "o-", color=COLORS[0],
                label="实际 / observed")
    ax.fill_between(x_f, fc["lower_95"], fc["upper_95"], color=COLORS[0], alpha=0.15,
                    label="95% 区间 / interval")
    ax.fill_between(x_f, fc["lower_80"], fc["upper_80"], color=COLORS[0], alpha=0.3,
                    label="80% 区间 / interval")
    ax.plot(x_f, fc["mean"], "o--", color=COLORS[1], label="预测 / forecast")
    if target is not None:
        ax.axhline(target, color=COLORS[2], lw=1, label=f"目标 / target {target:,.1f}")
    ax.legend(fontsize=8)
    syn = _is_synthetic(result) if synthetic is None else synthetic
    return _finish(fig, ax, title, ylabel, syn, source)


def contributions(
    result: Any,
    *,
    kind: str = "pulling",
    title: str | None = None,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Stacked bars of pulling points (拉动, 百分点) or contribution rates (贡献率, %).

    ``result`` is a contributions results object with ``.pulling`` / ``.rate`` DataFrames
    (periods × components) and a ``nominal`` flag.
    """
    frame = result.pulling if kind == "pulling" else result.rate
    unit = "百分点 / pp" if kind == "pulling" else "% "
    name = "拉动 / pulling" if kind == "pulling" else "贡献率 / contribution rate"
    if getattr(result, "nominal", False):
        name += "（名义 / nominal）"
    fig, ax = plt.subplots(figsize=(8, 4))
    x = [str(p) for p in frame.index]
    pos = pd.Series(0.0, index=frame.index)
    neg = pd.Series(0.0, index=frame.index)
    for i, col in enumerate(frame.columns):
        v = frame[col].fillna(0.0)
        bottom = pos.where(v >= 0, neg)
        ax.bar(x, v, bottom=bottom, color=COLORS[i % 7], label=str(col))
        pos = pos + v.clip(lower=0)
        neg = neg + v.clip(upper=0)
    total = getattr(result, "total_growth", None)
    if kind == "pulling" and isinstance(total, pd.Series):
        ax.plot(x, total.reindex(frame.index).to_numpy(), "ko-", label="总增速 / total growth %")
    ax.axhline(0, color="black", lw=0.8)
    ax.legend(fontsize=8)
    syn = _is_synthetic(result) if synthetic is None else synthetic
    return _finish(fig, ax, title or name, unit, syn, source)


def catch_up(
    result: Any,
    *,
    lead: str,
    lag: str,
    title: str | None = None,
    source: str | None = None,
) -> Figure:
    """Paths of the leading and lagging regions from a catch-up results object (``.path``)."""
    path = result.path
    fig, ax = plt.subplots(figsize=(8, 4))
    x = [str(p) for p in path.index]
    ax.plot(x, path["lead"], "-", color=COLORS[1], label=lead)
    ax.plot(x, path["lag"], "-", color=COLORS[0], label=lag)
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step])
    ax.legend(fontsize=8)
    years = getattr(result, "years", float("nan"))
    t = title or f"{lag} 追赶 {lead} / catch-up: {years:.1f} 年"
    return _finish(fig, ax, t, "亿元 / 100 million yuan", _is_synthetic(result), source)


def dashboard(
    panels: Sequence[tuple[str, pd.DataFrame | pd.Series, str]],
    *,
    title: str = "月度指标 / Monthly indicators",
    synthetic: bool = False,
    source: str | None = None,
) -> Figure:
    """Small multiples: each panel is (title, series or frame indexed by period, unit label)."""
    n = len(panels)
    cols = 2
    rows = (n + 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(10, 3.2 * rows), squeeze=False)
    for k, (ptitle, data, unit) in enumerate(panels):
        ax = axes[k // cols][k % cols]
        frame = data.to_frame() if isinstance(data, pd.Series) else data
        for i, col in enumerate(frame.columns):
            s = frame[col].dropna()
            ax.plot([str(p)[-5:] for p in s.index], s.to_numpy(), "o-", ms=3,
                    color=COLORS[i % 7], label=str(col))
        ax.set_title(ptitle, fontsize=10)
        ax.set_ylabel(unit, fontsize=8)
        ax.tick_params(axis="x", labelsize=7, rotation=45)
        ax.grid(axis="y", alpha=0.3)
        if frame.shape[1] > 1:
            ax.legend(fontsize=7)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle(title, fontsize=12)
    if source:
        fig.text(0.01, 0.005, f"来源 / source: {source}", fontsize=7, color="#555")
    if synthetic:
        watermark(fig)
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return fig


def project_progress(result: Any, *, title: str | None = None) -> Figure:
    """Completion by level against 序时进度 from a :class:`~jinshui_analysis.projects.ProgressResults`."""
    by = result.by_level
    fig, ax = plt.subplots(figsize=(8, 4))
    x = [str(i) for i in by.index]
    ax.bar(x, by["completion_pct"], color=[COLORS[0]] * (len(x) - 1) + [COLORS[3]])
    for xi, v in zip(x, by["completion_pct"]):
        ax.annotate(f"{v:.1f}%", (xi, v), textcoords="offset points", xytext=(0, 3),
                    ha="center", fontsize=8)
    ax.axhline(result.schedule_pct, color=COLORS[1], ls="--",
               label=f"序时进度 / schedule {result.schedule_pct:.1f}%")
    ax.legend(fontsize=8)
    t = title or f"重点项目完成年度计划 / key projects, completion of annual plan ({result.through})"
    return _finish(fig, ax, t, "% of annual plan", _is_synthetic(result))


def bars(
    series: pd.Series,
    *,
    title: str,
    ylabel: str,
    highlight: str | None = None,
    synthetic: bool = False,
    source: str | None = None,
) -> Figure:
    """Horizontal bars (e.g. district GDP ranking), optionally highlighting one label."""
    s = series.dropna().sort_values()
    fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(s) + 1)))
    colors = [COLORS[1] if str(i) == highlight else COLORS[0] for i in s.index]
    ax.barh([str(i) for i in s.index], s.to_numpy(), color=colors)
    for i, v in enumerate(s.to_numpy()):
        ax.annotate(f"{v:,.1f}", (v, i), textcoords="offset points", xytext=(3, -3), fontsize=7)
    ax.set_xlabel(ylabel)
    ax.set_title(title, fontsize=12)
    if source:
        fig.text(0.01, 0.01, f"来源 / source: {source}", fontsize=7, color="#555")
    if synthetic:
        watermark(fig)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig

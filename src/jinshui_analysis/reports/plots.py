"""All charts of the package; each function takes results objects or tidy frames.

Importing this module registers a CJK-capable, openly licensed font shipped by the project's own
install — Noto Sans CJK (SIL Open Font License 1.1) from the PyPI package ``noto-cjk-sans-otc`` —
and sets a fallback chain, so Chinese titles render without boxes on any machine, with no
download at run time and no reliance on system fonts.  The font is added to matplotlib's font
manager directly (``fontManager.addfont``), so matplotlib's cached font list does not matter.

Charts built from demo data carry a 示例数据 / synthetic watermark (``synthetic=True`` or a
results object whose ``synthetic`` attribute is true).

One style for every chart, sized for A4: 160 mm wide (the text width of an A4 page with 25 mm
margins) at 8–9 pt type, one palette (:data:`COLORS`), light horizontal grid, no top/right
spines.  A chart's source is not drawn into the picture: it is kept on the figure
(``fig.jinshui_source``) and printed as a source line under the chart in HTML, Word and PDF
(:mod:`jinshui_analysis.reports.present`).  Legends and axis labels follow the report's language
(:func:`use_language`, set by the title section); English titles get English units
(:func:`jinshui_analysis.reports.numbers.english`).
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

from jinshui_analysis.exceptions import DEMO_LABEL, DEMO_LABEL_EN
from jinshui_analysis.reports.fonts import cjk_font_path
from jinshui_analysis.reports.text import LANGUAGES, demo_label, msg, pick

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

COLORS = ["#1f5fa8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#6c757d"]

#: Chart size for A4: about the text width (147 of 160 mm) by 47 mm, a fifth of the text height
#: (three charts and their text fit on a page).
WIDTH_IN = 5.8
HEIGHT_IN = 1.85

_LANGUAGE = ["zh"]


def use_language(language: str) -> None:
    """Write legends, axis labels and watermarks of the following charts in ``language``."""
    _LANGUAGE[0] = language if language in LANGUAGES else "zh"


def _t(text: str) -> str:
    """A title or label passed in by a section, with English units in an English report."""
    if not text:
        return text
    from jinshui_analysis.reports.numbers import english

    return pick(_LANGUAGE[0], zh=str, en=english)(text)


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
        path = str(cjk_font_path())
        font_manager.fontManager.addfont(path)
    except (ImportError, OSError, RuntimeError):  # pragma: no cover - install problem
        path = None
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = FALLBACK_CHAIN + [
        f for f in matplotlib.rcParams["font.sans-serif"] if f not in FALLBACK_CHAIN
    ]
    matplotlib.rcParams["axes.unicode_minus"] = False
    # text from data is never markup: "$…$" in a region name is shown as written, not parsed
    # as mathtext (nor typeset with TeX)
    matplotlib.rcParams["text.parse_math"] = False
    matplotlib.rcParams["text.usetex"] = False
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 170
    matplotlib.rcParams["axes.spines.top"] = False
    matplotlib.rcParams["axes.spines.right"] = False
    matplotlib.rcParams["font.size"] = 8
    matplotlib.rcParams["axes.titlesize"] = 9.5
    matplotlib.rcParams["axes.labelsize"] = 8
    matplotlib.rcParams["xtick.labelsize"] = 7.5
    matplotlib.rcParams["ytick.labelsize"] = 7.5
    matplotlib.rcParams["legend.fontsize"] = 7.5
    matplotlib.rcParams["legend.frameon"] = False
    matplotlib.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=COLORS)
    matplotlib.rcParams["axes.edgecolor"] = "#555555"
    matplotlib.rcParams["axes.titleweight"] = "bold"
    matplotlib.rcParams["figure.figsize"] = (WIDTH_IN, HEIGHT_IN)
    return path


FONT_PATH = register_cjk_font()


def _is_synthetic(obj: Any) -> bool:
    if isinstance(obj, pd.DataFrame) and "source" in obj.columns:
        return bool(obj["source"].astype(str).str.startswith("synthetic").any())
    return bool(getattr(obj, "synthetic", False))


def watermark(fig: Figure, text: str | None = None) -> None:
    """Stamp a diagonal 示例数据 watermark on ``fig`` (the report's one demo notice is in its
    title block; the chart carries the watermark)."""
    # the bilingual label on a Chinese chart, the English one on an English chart
    text = text or pick(_LANGUAGE[0], zh=DEMO_LABEL, en=DEMO_LABEL_EN)
    fig.text(0.5, 0.5, text, fontsize=22, color="grey", alpha=0.2, rotation=20,
             ha="center", va="center", zorder=10)
    fig.jinshui_synthetic = True


def _mark(fig: Figure, synthetic: bool, source: str | None) -> None:
    fig.jinshui_source = source or ""
    fig.jinshui_synthetic = bool(synthetic)
    if synthetic:
        watermark(fig)


def _finish(fig: Figure, ax: Axes, title: str, ylabel: str, synthetic: bool,
            source: str | None = None) -> Figure:
    ax.set_title(_t(title))
    ax.set_ylabel(_t(ylabel))
    ax.grid(axis="y", alpha=0.3, lw=0.6)
    _mark(fig, synthetic, source)
    fig.tight_layout()
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
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    frame = series.to_frame() if isinstance(series, pd.Series) else series
    for i, col in enumerate(frame.columns):
        s = frame[col].dropna()
        ax.plot([str(p) for p in s.index], s.to_numpy(), marker=marker, color=COLORS[i % 7],
                label=str(col))
        for x, y in zip([str(p) for p in s.index], s.to_numpy()):
            ax.annotate(f"{y:,.1f}", (x, y), textcoords="offset points", xytext=(0, 5),
                        ha="center", fontsize=7)
    if frame.shape[1] > 1:
        ax.legend(fontsize=7.5)
    return _finish(fig, ax, title, ylabel, synthetic, source)


def target_path(
    actual: pd.Series,
    target: pd.Series,
    *,
    title: str = "地区生产总值与目标路径 / GDP against the target path",
    ylabel: str = "",
    threshold: float | None = None,
    synthetic: bool = False,
    source: str | None = None,
) -> Figure:
    """Actual levels against a target path, with an optional threshold line (e.g. 2000亿元)."""
    ylabel = ylabel or msg("plots.yi_yuan", _LANGUAGE[0])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    ax.plot([str(p) for p in target.index], target.to_numpy(), "--", color=COLORS[1],
            label=msg("plots.target_path", _LANGUAGE[0]))
    a = actual.dropna()
    ax.plot([str(p) for p in a.index], a.to_numpy(), "o-", color=COLORS[0],
            label=demo_label(_LANGUAGE[0]) if synthetic else msg("plots.actual", _LANGUAGE[0]))
    if threshold is not None:
        ax.axhline(threshold, color=COLORS[2], lw=1,
                   label=msg("plots.threshold", _LANGUAGE[0], threshold=threshold))
    ax.legend(fontsize=7.5)
    return _finish(fig, ax, title, ylabel, synthetic, source)


def fan_chart(
    result: Any,
    *,
    history: pd.Series | None = None,
    title: str = "",
    ylabel: str = "",
    target: float | None = None,
    synthetic: bool | None = None,
    source: str | None = None,
    history_synthetic: bool | None = None,
) -> Figure:
    """Fan chart from a forecast or projection results object.

    ``result.forecast`` (or ``result.fan_data``) must be a DataFrame indexed by period with
    columns ``mean, lower_80, upper_80, lower_95, upper_95``; ``history`` (or
    ``result.history``) is the observed series.  Its legend says 示例数据 / demo when
    ``history_synthetic`` (default: the figure's ``synthetic`` flag) is true, never 实际.
    """
    fc = getattr(result, "forecast", None)
    if not isinstance(fc, pd.DataFrame):
        fc = result.fan_data if hasattr(result, "fan_data") else result
    if history is None:
        history = getattr(result, "history", None)
    title = title or msg("plots.forecast_title", _LANGUAGE[0])
    ylabel = ylabel or msg("plots.yi_yuan", _LANGUAGE[0])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    x_f = [str(p) for p in fc.index]
    syn = _is_synthetic(result) if synthetic is None else synthetic
    if history is not None:
        h = history.dropna()
        demo_history = syn if history_synthetic is None else history_synthetic
        ax.plot([str(p) for p in h.index], h.to_numpy(), "o-", color=COLORS[0],
                label=demo_label(_LANGUAGE[0]) if demo_history
                else msg("plots.observed", _LANGUAGE[0]))
    ax.fill_between(x_f, fc["lower_95"], fc["upper_95"], color=COLORS[0], alpha=0.15,
                    label=msg("plots.band_95", _LANGUAGE[0]))
    ax.fill_between(x_f, fc["lower_80"], fc["upper_80"], color=COLORS[0], alpha=0.3,
                    label=msg("plots.band_80", _LANGUAGE[0]))
    ax.plot(x_f, fc["mean"], "o--", color=COLORS[1], label=msg("plots.forecast", _LANGUAGE[0]))
    if target is not None:
        ax.axhline(target, color=COLORS[2], lw=1,
                   label=msg("plots.target", _LANGUAGE[0], target=target))
    ax.legend(fontsize=7.5)
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
    unit = msg("plots.pp", _LANGUAGE[0]) if kind == "pulling" else "%"
    name = (msg("plots.pulling", _LANGUAGE[0]) if kind == "pulling"
            else msg("plots.contribution_rate", _LANGUAGE[0]))
    if getattr(result, "nominal", False):
        name += msg("plots.nominal", _LANGUAGE[0])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
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
        ax.plot(x, total.reindex(frame.index).to_numpy(), "ko-",
                label=msg("plots.total_growth", _LANGUAGE[0]))
    ax.axhline(0, color="black", lw=0.8)
    ax.legend(fontsize=7.5)
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
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    x = [str(p) for p in path.index]
    ax.plot(x, path["lead"], "-", color=COLORS[1], label=_t(lead))
    ax.plot(x, path["lag"], "-", color=COLORS[0], label=_t(lag))
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step])
    ax.legend(fontsize=7.5)
    years = getattr(result, "years", float("nan"))
    t = title or msg("plots.catch_up_title", _LANGUAGE[0], lag=lag, lead=lead, years=years)
    return _finish(fig, ax, t, msg("plots.yi_yuan", _LANGUAGE[0]), _is_synthetic(result), source)


def dashboard(
    panels: Sequence[tuple[str, pd.DataFrame | pd.Series, str]],
    *,
    title: str = "",
    synthetic: bool = False,
    source: str | None = None,
) -> Figure:
    """Small multiples: each panel is (title, series or frame indexed by period, unit label)."""
    n = len(panels)
    cols = 2
    rows = (n + 1) // cols
    title = title or msg("plots.dashboard_title", _LANGUAGE[0])
    fig, axes = plt.subplots(rows, cols, figsize=(WIDTH_IN, 1.2 * rows + 0.3), squeeze=False)
    for k, (ptitle, data, unit) in enumerate(panels):
        ax = axes[k // cols][k % cols]
        frame = data.to_frame() if isinstance(data, pd.Series) else data
        for i, col in enumerate(frame.columns):
            s = frame[col].dropna()
            ax.plot([str(p)[-5:] for p in s.index], s.to_numpy(), "o-", ms=3,
                    color=COLORS[i % 7], label=str(col))
        ax.set_title(_t(ptitle), fontsize=8.5)
        ax.set_ylabel(_t(unit), fontsize=7.5)
        ax.tick_params(axis="x", labelsize=6.5, rotation=45)
        ax.tick_params(axis="y", labelsize=6.5)
        ax.grid(axis="y", alpha=0.3, lw=0.6)
        if frame.shape[1] > 1:
            ax.legend(fontsize=6.5)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle(_t(title), fontsize=9.5, fontweight="bold")
    _mark(fig, synthetic, source)
    fig.tight_layout()
    return fig


def project_progress(result: Any, *, title: str | None = None) -> Figure:
    """Completion by level against 序时进度 from a :class:`~jinshui_analysis.models.projects.ProgressResults`."""
    from jinshui_analysis.reports.labels import project_level
    from jinshui_analysis.reports.numbers import period_text

    by = result.by_level
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    x = [project_level(str(i), _LANGUAGE[0]) for i in by.index]
    ax.bar(x, by["completion_pct"], color=[COLORS[0]] * (len(x) - 1) + [COLORS[3]])
    for xi, v in zip(x, by["completion_pct"]):
        ax.annotate(f"{v:.1f}%", (xi, v), textcoords="offset points", xytext=(0, 3),
                    ha="center", fontsize=8)
    ax.axhline(result.schedule_pct, color=COLORS[1], ls="--",
               label=msg("plots.schedule", _LANGUAGE[0], schedule_pct=result.schedule_pct))
    ax.legend(fontsize=7.5)
    through = period_text(result.through, _LANGUAGE[0])
    t = title or msg("plots.projects_title", _LANGUAGE[0], through=through)
    return _finish(fig, ax, t, msg("plots.share_of_plan", _LANGUAGE[0]), _is_synthetic(result))


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
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(1.9, 0.2 * len(s) + 0.7)))
    colors = [COLORS[1] if str(i) == highlight else COLORS[0] for i in s.index]
    ax.barh([_t(str(i)) if len(s) <= 8 else str(i) for i in s.index], s.to_numpy(),
            color=colors)
    for i, v in enumerate(s.to_numpy()):
        ax.annotate(f"{v:,.1f}", (v, i), textcoords="offset points", xytext=(3, -3), fontsize=7)
    ax.set_xlabel(_t(ylabel))
    ax.set_title(_t(title))
    ax.grid(axis="x", alpha=0.3, lw=0.6)
    _mark(fig, synthetic, source)
    fig.tight_layout()
    return fig

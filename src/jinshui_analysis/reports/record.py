"""Key figures and demo banners, called inside a report notebook (kernel side).

:func:`record` names a key figure; it is kept in a per-process registry and emitted as a display
output of mime type ``application/vnd.jinshui.figure+json`` (hidden from the HTML), which the
renderer collects from the executed notebook.  :func:`demo_banner` shows a 示例数据 / demo-data
banner; :func:`watermark` marks a figure.
"""

from __future__ import annotations

import html as _html
import math
from typing import Any

from jinshui_analysis.exceptions import DEMO_LABEL, DEMO_LABEL_EN, DEMO_LABEL_ZH, ParameterError

FIGURE_MIME = "application/vnd.jinshui.figure+json"
#: a section that could not be computed (hidden from the HTML; the renderer marks the report
#: ``partial`` and lists the section)
FAILED_MIME = "application/vnd.jinshui.section-failed+json"
BANNER_CLASS = "jinshui-demo-banner"
#: The report's one demo-data notice (the title block's and the banner's), by language.
DEMO_TEXT = {
    "zh": f"{DEMO_LABEL_ZH}：本报告中未公开发布的数据为按公开总量校准生成的示例数据（{DEMO_LABEL_EN}），"
          "仅用于演示分析方法，不是官方统计数据。",
    "en": f"{DEMO_LABEL_EN.capitalize()}: figures that are not published were generated and "
          "calibrated to the published totals. They illustrate the method and are not official "
          "statistics.",
}

# =========================================================================== kernel side
_RECORDED: list[dict[str, Any]] = []


def _plain(value: Any) -> Any:
    """numpy/pandas scalars → plain Python; NaN → None (JSON has no NaN)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    raise ParameterError(
        f"a key figure must be a number or text, got {type(value).__name__}", parameter="value"
    )


def record(
    name: str,
    value: Any,
    *,
    unit: str,
    label_zh: str | None = None,
    label_en: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    headline: bool = True,
) -> dict[str, Any]:
    """Record a named key figure of the report being rendered.

    Parameters
    ----------
    name : identifier of the figure (e.g. ``"gdp_growth"``); recording a name again replaces it.
    value : number (numpy scalars accepted; NaN becomes ``null``) or short text.
    unit : its unit, e.g. ``"亿元"``, ``"%"``, ``"百分点"`` — required, never guessed.
    label_zh, label_en : labels shown in the index page and the JSON.
    source : where the value comes from (table, URL or ``"示例数据"``).
    synthetic : True when computed from synthetic demo data (labelled 示例数据 everywhere).
    headline : show it in ``index.html``.

    Returns
    -------
    dict
        The entry as written to ``<stem>.json``.
    """
    if not isinstance(name, str) or not name.strip():
        raise ParameterError("a key figure needs a non-empty name", parameter="name")
    if not isinstance(unit, str):
        raise ParameterError("unit must be text such as '亿元' or '%'", parameter="unit")
    entry = {
        "name": name, "value": _plain(value), "unit": unit,
        "label_zh": label_zh, "label_en": label_en, "source": source,
        "synthetic": bool(synthetic), "headline": bool(headline),
    }
    _RECORDED[:] = [e for e in _RECORDED if e["name"] != name]
    _RECORDED.append(entry)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return entry
    if get_ipython() is not None:
        label = label_zh or label_en or name
        demo = " [示例数据 / demo]" if synthetic else ""
        text = f"{label}: {entry['value']} {unit}{demo}"
        html = (f'<div class="jinshui-key-figure" style="color:#555;font-size:90%">'
                f"关键数据 / key figure · {_html.escape(label)}: "
                f"<b>{_html.escape(str(entry['value']))}</b> {_html.escape(unit)}"
                f"{_html.escape(demo)} <code>{_html.escape(name)}</code></div>")
        # readable in JupyterLab (text/html) and kept for the renderer (FIGURE_MIME); the HTML
        # export drops these outputs, the JSON beside the report keeps them
        display({FIGURE_MIME: entry, "text/plain": text, "text/html": html}, raw=True)
    return entry


def section_failed(failed: dict[str, Any]) -> None:
    """Tell the renderer that a section could not be computed (``failed``: section, title,
    reason_zh, reason_en, error — see :func:`jinshui_analysis.reports.section.failed_section`)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return
    if get_ipython() is not None:
        display({FAILED_MIME: {k: str(v) for k, v in failed.items()}, "text/plain": ""},
                raw=True)


def recorded() -> list[dict[str, Any]]:
    """Key figures recorded so far in this process (copies)."""
    return [dict(e) for e in _RECORDED]


def clear_recorded() -> None:
    """Forget the recorded key figures (the fork engine starts each report with none)."""
    _RECORDED.clear()


class Banner:
    """A 示例数据 / demo-data banner: HTML in reports and notebooks, plain text in consoles."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return (
            f'<div class="{BANNER_CLASS}" style="border:2px solid #c0392b;background:#fdecea;'
            'color:#8e1b10;padding:0.6em 1em;margin:0.5em 0;font-weight:bold;border-radius:4px">'
            f"{_html.escape(self.text)}</div>"
        )

    def __repr__(self) -> str:
        return f"*** {self.text} ***"


def demo_banner(language: str = "zh", what: str | None = None) -> Banner:
    """Banner labelling synthetic data (示例数据); display it as a cell's last expression.

    ``language`` is ``"zh"`` or ``"en"``; both labels are always shown, the chosen one first.
    """
    if language not in DEMO_TEXT:
        raise ParameterError("expected 'zh' or 'en'", parameter="language")
    other = "en" if language == "zh" else "zh"
    text = f"{DEMO_TEXT[language]} / {DEMO_TEXT[other]}"
    if what:
        text += f" ({what})"
    return Banner(text)


def watermark(fig: Any, text: str = DEMO_LABEL) -> Any:
    """Write a large diagonal watermark across a matplotlib figure; returns the figure."""
    fig.text(0.5, 0.5, text, fontsize=28, color="#c0392b", alpha=0.18, rotation=25,
             ha="center", va="center", transform=fig.transFigure, zorder=1000)
    return fig

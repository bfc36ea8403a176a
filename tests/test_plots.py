"""Charts render Chinese text with the bundled font, without missing-glyph warnings."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from jinshui_analysis.data import demo_projects  # noqa: E402
from jinshui_analysis.exceptions import DEMO_LABEL  # noqa: E402
from jinshui_analysis.models.projects import schedule_progress  # noqa: E402
from jinshui_analysis.reports import plots  # noqa: E402


def _draw(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    matplotlib.pyplot.close(fig)
    return buf.getvalue()


def test_bundled_font_is_registered_and_first():
    assert plots.FONT_PATH is not None and plots.FONT_PATH.endswith(".ttc")
    names = {f.name for f in matplotlib.font_manager.fontManager.ttflist}
    assert "Noto Sans CJK SC" in names
    assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    found = matplotlib.font_manager.findfont(matplotlib.font_manager.FontProperties(family=["sans-serif"]))
    assert found == plots.FONT_PATH


def test_chinese_title_has_no_missing_glyphs():
    gdp = pd.Series([1203.43, 1378.8, 1932.0], index=pd.Index(["2017", "2018", "2022"], name="period"))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*Glyph .* missing.*")
        fig = plots.line(gdp, title="金水区 地区生产总值（亿元）", ylabel="亿元")
        png = _draw(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_glyph_check_can_fail():
    """The check above is live: with a Latin-only font the same title warns."""
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        with pytest.warns(UserWarning, match="missing"):
            fig = plots.line(pd.Series([1.0, 2.0], index=["a", "b"]), title="金水区", ylabel="亿元")
            _draw(fig)


def test_project_chart_is_watermarked():
    data = demo_projects.key_projects(warn=False)
    res = schedule_progress(data.projects, data.completed, "2023-06")
    fig = plots.project_progress(res)
    texts = [t.get_text() for t in fig.texts]
    assert DEMO_LABEL in texts
    _draw(fig)

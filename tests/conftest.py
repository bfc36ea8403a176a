"""Shared fixtures.

``rendered`` renders the report notebooks once per test process (per xdist worker) with their
default parameters, the way ``make report`` does, so that the tests reading a rendered report
share one set instead of each rendering its own (a report takes about 3 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "src" / "jinshui_analysis" / "reports" / "notebooks"

#: name → (notebook, parameters) of the shared rendered set
RENDERED = {
    "monthly_report": ("monthly_report", {"period": "2023-06", "demo": True}),  # the showcase
    "annual_review": ("annual_review", {"region": "金水区", "year": 2022}),
    "benchmark": ("benchmark", {"peers": "中原区,管城区"}),
    "explore": ("explore", {}),
}


class _Rendered(dict):
    """Renders each report on first access, so a test pays only for the reports it reads."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out

    def __missing__(self, name: str):
        from jinshui_analysis import render_report

        notebook, params = RENDERED[name]
        self[name] = render_report(notebook, params, self.out)
        return self[name]


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``rendered["monthly_report"]`` → RenderPaths (``.html``, ``.json``, ``.notebook``)."""
    return _Rendered(tmp_path_factory.mktemp("rendered"))

"""Kept for existing notebooks: ``report.record`` / ``report.render`` / ``report.collect`` and the
other names of the first build now live in :mod:`jinshui_analysis.reports.record` (kernel side)
and :mod:`jinshui_analysis.render` (renderer side)."""

from jinshui_analysis.data.files import data_fingerprint
from jinshui_analysis.render.export import external_resources, figures_of
from jinshui_analysis.render.jobs import Job, RenderPaths, default_stem, is_current, prepare_job
from jinshui_analysis.render.outputs import collect, index
from jinshui_analysis.render.runner import run_job
from jinshui_analysis.render.single import render
from jinshui_analysis.reports.record import (
    BANNER_CLASS,
    FIGURE_MIME,
    Banner,
    clear_recorded,
    demo_banner,
    record,
    recorded,
    watermark,
)

__all__ = [
    "BANNER_CLASS", "FIGURE_MIME", "Banner", "Job", "RenderPaths", "clear_recorded", "collect",
    "data_fingerprint", "default_stem", "demo_banner", "external_resources", "figures_of",
    "index", "is_current", "prepare_job", "record", "recorded", "render", "run_job", "watermark",
]

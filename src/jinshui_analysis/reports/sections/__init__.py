"""The report sections, one module each; a notebook cell calls one of them and shows it.

A report notebook cell is one call, e.g. ``S.show(S.target(rd, target_growth=8.0))``: the section
function gathers its inputs from :class:`~jinshui_analysis.reports.inputs.ReportData`, calls the
model functions (:mod:`jinshui_analysis.models`), and returns a
:class:`~jinshui_analysis.reports.section.Section` holding tables, charts, notes and the key
figures to record.  So any number in a report is two hops from its formula:
report → section function → model function (whose docstring states the formula and source).
"""

from jinshui_analysis.data.projects import read_projects
from jinshui_analysis.reports.inputs import (
    DEMO,
    GDP,
    MONTHLY_INDICATORS,
    ReportData,
    latest_annual,
    source_of,
    split_list,
)
from jinshui_analysis.reports.loader import load_report_data
from jinshui_analysis.reports.section import Section, show
from jinshui_analysis.reports.sections.benchmark import benchmark_section, gap_section
from jinshui_analysis.reports.sections.commentary import commentary
from jinshui_analysis.reports.sections.common import profile_targets, target_goal
from jinshui_analysis.reports.sections.compare import compare
from jinshui_analysis.reports.sections.contributions import contributions, national_contributions
from jinshui_analysis.reports.sections.dashboard import dashboard
from jinshui_analysis.reports.sections.estimate import estimate_section
from jinshui_analysis.reports.sections.headline import headline
from jinshui_analysis.reports.sections.notes import data_notes
from jinshui_analysis.reports.sections.overview import annual_overview, forecast_section
from jinshui_analysis.reports.sections.projection import projection
from jinshui_analysis.reports.sections.projects import key_projects
from jinshui_analysis.reports.sections.seasonal import seasonal_adjustment
from jinshui_analysis.reports.sections.summary import summary
from jinshui_analysis.reports.sections.target import target
from jinshui_analysis.reports.sections.title import heading

__all__ = [
    "DEMO", "GDP", "MONTHLY_INDICATORS", "ReportData", "Section", "annual_overview",
    "benchmark_section", "estimate_section", "profile_targets", "commentary", "compare", "contributions", "dashboard", "data_notes", "forecast_section",
    "gap_section", "heading", "headline", "key_projects", "latest_annual", "load_report_data",
    "national_contributions", "projection", "read_projects", "show", "source_of", "split_list",
    "summary", "target", "target_goal",
]
__all__ += ["seasonal_adjustment"]

# a section that cannot compute says why in the report instead of failing it (issue 18)
from jinshui_analysis.reports.section import guard_sections  # noqa: E402

guard_sections(globals())

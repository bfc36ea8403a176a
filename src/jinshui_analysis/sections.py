"""Moved to :mod:`jinshui_analysis.reports.sections`; this name stays so that existing notebooks
keep working (``from jinshui_analysis import sections as S``)."""

import sys

from jinshui_analysis.reports import sections as _target

sys.modules[__name__] = _target

"""Moved to :mod:`jinshui_analysis.reports.plots`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.reports.plots as _target

sys.modules[__name__] = _target

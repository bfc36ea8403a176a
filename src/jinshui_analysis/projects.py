"""Moved to :mod:`jinshui_analysis.models.projects`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.models.projects as _target

sys.modules[__name__] = _target

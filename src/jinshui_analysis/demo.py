"""Moved to :mod:`jinshui_analysis.data.demo`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.data.demo as _target

sys.modules[__name__] = _target

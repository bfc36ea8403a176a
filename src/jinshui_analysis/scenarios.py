"""Moved to :mod:`jinshui_analysis.models.scenarios`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.models.scenarios as _target

sys.modules[__name__] = _target

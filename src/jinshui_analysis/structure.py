"""Moved to :mod:`jinshui_analysis.models.structure`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.models.structure as _target

sys.modules[__name__] = _target

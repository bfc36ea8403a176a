"""Moved to :mod:`jinshui_analysis.render.params`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.render.params as _target

sys.modules[__name__] = _target

"""Moved to :mod:`jinshui_analysis.render.webfont`; this name stays so that existing notebooks keep working."""

import sys

import jinshui_analysis.render.webfont as _target

sys.modules[__name__] = _target

"""Render layer: parameter schema, jobs, execution, export (HTML; Word/PDF), outputs, batch."""

from jinshui_analysis.render import deferred as _deferred

_deferred.install()  # before anything imports nbformat (see render.deferred)

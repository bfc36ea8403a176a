"""Data layer: read users' bulletin tables, load the bundled sourced data, make demo data.

- :func:`read_table` reads a CSV/XLSX bulletin table (tidy or wide layout) into the tidy frame;
  :func:`read_folder` reads a folder of them, refusing files that contradict each other;
  :func:`inspect` lists what was read from them, where, and what was not (and why).
- :func:`write_templates` writes blank monthly tables for users to fill.
- :func:`load_bundled` returns the bundled, sourced figures in the same tidy layout;
  :func:`sources` lists their sources.
"""

from jinshui_analysis.data.bundled import load_bundled, sources
from jinshui_analysis.data.folder import read_folder
from jinshui_analysis.data.inspect import Inspection
from jinshui_analysis.data.inspect import inspect as inspect
from jinshui_analysis.data.regions import known_regions
from jinshui_analysis.data.tables.read import read_table
from jinshui_analysis.data.tables.schema import TIDY_COLUMNS
from jinshui_analysis.data.tables.units import normalise_unit
from jinshui_analysis.data.tables.validate import tidy
from jinshui_analysis.data.template import write_templates

__all__ = [
    "TIDY_COLUMNS",
    "Inspection",
    "inspect",
    "known_regions",
    "load_bundled",
    "normalise_unit",
    "read_folder",
    "read_table",
    "sources",
    "tidy",
    "write_templates",
]

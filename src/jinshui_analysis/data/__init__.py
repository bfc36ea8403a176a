"""Data layer: read users' bulletin tables, load the bundled sourced data, make demo data.

- :func:`read_table` reads a CSV/XLSX bulletin table (tidy or wide layout) into the tidy frame.
- :func:`load_bundled` returns the bundled, sourced figures in the same tidy layout;
  :func:`sources` lists their sources.
"""

from jinshui_analysis.data.bundled import load_bundled, sources
from jinshui_analysis.data.tables import TIDY_COLUMNS, normalise_unit, read_table, tidy

__all__ = ["TIDY_COLUMNS", "load_bundled", "normalise_unit", "read_table", "sources", "tidy"]

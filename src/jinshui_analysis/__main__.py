"""``python -m jinshui_analysis …`` runs the command line (see :mod:`jinshui_analysis.cli`)."""

import sys

from jinshui_analysis.cli import main

if __name__ == "__main__":
    sys.exit(main())

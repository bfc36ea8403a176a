"""Command line: ``jinshui`` / ``python -m jinshui_analysis``.

Subcommands
-----------
``params NOTEBOOK``         print the declared parameters (name, type, default, allowed, help).
``render NOTEBOOK …``       render one report or a months × regions grid (see ``--help``).
``report-default``          render the default report set (:func:`default_reports`, from the region profiles), write
                            ``index.html`` and print the paths to open (``make report``).
``template DEST``           write blank monthly bulletin tables (CSV, XLSX) for an office to fill in.
``index OUT``               rewrite ``OUT/index.html``.
``collect OUT``             print the key figures of all reports in ``OUT`` (``--csv`` to save).
``screenshot HTML --out P`` PNG of a page with headless Chromium (Debian ``chromium``).
``inspect DATA``            the reading list of a table or folder: every figure read (file, sheet,
                            block, row, indicator, period, 当月/累计/期末, level/growth, unit,
                            value) and every item not read with its reason (``--csv``, ``--html``).

Exit codes: 0 every job ok or up to date; 1 some job failed; 2 invalid arguments/parameters;
3 every report was written but some are ``partial`` (a section could not be computed and says
why) or ``empty`` (no figure from the data); 130 interrupted.

Modules: this one (entry point, errors → exit codes, the dispatch), :mod:`.messages` (language,
one-line errors, terminal-safe text), :mod:`.parser` (arguments), :mod:`.render` (``render``,
``report-default``), :mod:`.tools` (the other subcommands).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from jinshui_analysis.cli.messages import (
    LANG,
    echo,
    error_line,
    language,
    one_line,
    say,
    terminal_safe,
)
from jinshui_analysis.cli.parser import parser
from jinshui_analysis.cli.render import cmd_render, cmd_report_default
from jinshui_analysis.cli.tools import (
    cmd_coverage,
    cmd_inspect,
    cmd_notebooks,
    cmd_screenshot,
    cmd_template,
)
from jinshui_analysis.exceptions import JinshuiError, ParameterError

__all__ = ["default_reports", "language", "main", "terminal_safe"]


def default_reports() -> list[tuple[str, dict[str, Any]]]:
    """The reports ``make report`` renders: ``[[default_reports]]`` of the region profiles
    (bundled ``data/profiles.toml``, overridable by ``./jinshui.toml``)."""
    from jinshui_analysis.data.profiles import default_reports as _defaults

    return _defaults()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jinshui`` console script.

    Every failure is one line on stderr: exit 2 for invalid arguments or parameters, 1 when the
    work failed (a report, a file that cannot be written …), 130 on Ctrl-C, 143 on SIGTERM
    (both write the summary and the index first).  Set
    ``JINSHUI_DEBUG=1`` to see the traceback of an unexpected error.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    LANG[0] = language(argv)
    # --lang may come anywhere (`jinshui render … --lang en`): taken here, not by a subcommand
    rest: list[str] = []
    skip = False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            skip = True
            continue
        if a in ("--lang=zh", "--lang=en"):
            continue
        rest.append(a)
    args = parser().parse_args(rest)
    before = signal.getsignal(signal.SIGTERM)
    terminated = _on_sigterm()
    try:
        return _main(args, terminated)
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, before if before is not None else signal.SIG_DFL)


def _main(args: argparse.Namespace, terminated: list[int]) -> int:
    try:
        code = _dispatch(args)
        return 143 if terminated and code == 130 else code
    except ParameterError as exc:
        print(error_line(one_line(exc)), file=sys.stderr)
        return 2
    except JinshuiError as exc:
        print(error_line(one_line(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(say("已终止", "terminated") if terminated else say("已中断", "interrupted"),
              file=sys.stderr)
        return 143 if terminated else 130
    except BrokenPipeError:  # `jinshui collect | head`
        return 1
    except OSError as exc:
        where = f" {exc.filename!r}" if exc.filename else ""
        echo(error_line(say(f"无法访问{where}：{exc.strerror or exc}",
                              f"cannot access{where}: {exc.strerror or exc}")), file=sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get("JINSHUI_DEBUG"):
            raise
        echo(error_line(say(f"意外错误 {type(exc).__name__}：{one_line(exc)}"
                              "（设置 JINSHUI_DEBUG=1 可查看详细信息）",
                              f"unexpected {type(exc).__name__}: {one_line(exc)} "
                              "(JINSHUI_DEBUG=1 shows the traceback)")), file=sys.stderr)
        return 1


def _on_sigterm() -> list[int]:
    """SIGTERM ends a run like Ctrl-C — jobs in flight stopped, nothing more started, the
    summary and the index written — and the exit code is 143; a second SIGTERM while the run
    winds down is ignored.  Returns a list that holds the signal once one arrived.  (Main thread
    only; elsewhere the default action stays.)"""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        return got

    def handler(signum: int, frame: Any) -> None:
        got.append(signum)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    return got


def _dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand (errors are turned into one line by :func:`main`)."""
    if args.command == "params":
        from jinshui_analysis.render.params import format_schema

        echo(format_schema(args.notebook, as_json=args.json))
        return 0
    if args.command == "render":
        return cmd_render(args)
    if args.command == "report-default":
        return cmd_report_default(args, default_reports())
    if args.command == "coverage":
        return cmd_coverage(args)
    if args.command == "index":
        from jinshui_analysis.render import outputs as report

        echo(report.index(args.out))
        return 0
    if args.command == "collect":
        from jinshui_analysis.render import outputs as report

        frame = report.collect(args.out)
        if args.csv:  # text cells starting with = + - @ are neutralised (')
            echo(report.write_csv(frame, args.csv))
        else:
            echo(frame.to_string())
        return 0
    if args.command == "screenshot":
        return cmd_screenshot(args)
    if args.command == "inspect":
        return cmd_inspect(args)
    if args.command == "notebooks":
        return cmd_notebooks(args)
    if args.command == "template":
        return cmd_template(args)
    return 2  # pragma: no cover - argparse enforces a command


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())

"""Hostile input, round 2 (issue 21): nothing followed, nothing stale, nothing slow, every
profile checked up front.  One test (or a few) per item of the issue, with the case as described;
unit calls where they suffice, one small batch of the tiny notebook where the run itself matters.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jinshui_analysis.exceptions import JinshuiError
from jinshui_analysis.render import batch
from jinshui_analysis.render.outputs import (
    OutputLock,
    atomic_write,
    collect,
    index,
    open_regular,
    prepare_out,
)

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"
SECRET = "root:$6$secret-hash:19000:0:99999:7:::\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the output folder that a planted link points at."""
    v = tmp_path / "victim" / "shadow"
    v.parent.mkdir()
    v.write_text(SECRET, "utf-8")
    return v


def _untouched(victim: Path) -> None:
    assert victim.read_text("utf-8") == SECRET
    assert sorted(p.name for p in victim.parent.iterdir()) == ["shadow"]


# =========================================================================== 1. symlinks
def test_planted_lock_link_is_replaced_not_truncated(tmp_path: Path, victim: Path) -> None:
    """round 2: a `.jinshui/lock` symlink made a run truncate its target to 0 bytes."""
    out = tmp_path / "out"
    (out / ".jinshui").mkdir(parents=True)
    (out / ".jinshui" / "lock").symlink_to(victim)
    with OutputLock(out):
        lock = out / ".jinshui" / "lock"
        assert not lock.is_symlink() and lock.read_text() == str(os.getpid())
    _untouched(victim)


def test_planted_status_folder_link_is_replaced(tmp_path: Path, victim: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".jinshui").symlink_to(victim.parent, target_is_directory=True)
    (out / "notebooks").symlink_to(victim.parent, target_is_directory=True)
    (out / "logs").symlink_to(tmp_path / "nowhere")  # dangling
    prepare_out(out)
    with OutputLock(out):
        pass
    for sub in (".jinshui", "notebooks", "logs"):
        assert (out / sub).is_dir() and not (out / sub).is_symlink(), sub
    _untouched(victim)


def test_a_file_where_a_folder_belongs_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "logs").write_text("my notes", "utf-8")
    with pytest.raises(JinshuiError, match="logs is not a folder"):
        prepare_out(out)
    assert (out / "logs").read_text("utf-8") == "my notes"


def test_log_link_and_fifo_are_not_written_through(tmp_path: Path, victim: Path) -> None:
    """round 2: log lines were appended through a symlinked `logs/*.log`; a FIFO would block."""
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "a.log").symlink_to(victim)
    os.mkfifo(logs / "b.log")
    for name in ("a.log", "b.log"):
        fd = open_regular(logs / name, os.O_WRONLY | os.O_APPEND)
        os.write(fd, b"start job\n")
        os.close(fd)
        assert (logs / name).read_text() == "start job\n"
        assert not (logs / name).is_symlink()
    _untouched(victim)


def test_report_file_links_are_replaced(tmp_path: Path, victim: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.html").symlink_to(victim)
    (out / f".r.html.tmp-{os.getpid()}").symlink_to(victim)  # a planted temporary name
    atomic_write(out / "r.html", "<p>新报告</p>")
    assert (out / "r.html").read_text("utf-8") == "<p>新报告</p>"
    assert not (out / "r.html").is_symlink()
    (out / "index.html").symlink_to(victim)
    index(out)
    assert not (out / "index.html").is_symlink()
    _untouched(victim)


def test_batch_with_planted_links_leaves_targets_untouched(tmp_path: Path, victim: Path) -> None:
    """The whole run: lock, logs (job and worker), notebooks folder, the report's HTML/JSON and
    the index planted as links; the run succeeds and every target is as it was."""
    out = tmp_path / "out"
    job = batch.build_jobs(TINY, params={"scale": 3}, out_dir=out)[0][1]
    stem = job.stem
    for sub in (".jinshui", "logs"):
        (out / sub).mkdir(parents=True)
    (out / ".jinshui" / "lock").symlink_to(victim)
    (out / "logs" / f"{stem}.log").symlink_to(victim)
    (out / "logs" / "worker-0.log").symlink_to(victim)
    (out / "notebooks").symlink_to(victim.parent, target_is_directory=True)
    for name in (f"{stem}.html", f"{stem}.json", "index.html"):
        (out / name).symlink_to(victim)
    result = batch.render_grid(TINY, params={"scale": 3}, out_dir=out, jobs=1, progress=False)
    assert result.exit_code == 0, result.summary
    _untouched(victim)
    for p in [out / ".jinshui" / "lock", out / "logs" / f"{stem}.log", out / "notebooks",
              out / f"{stem}.html", out / f"{stem}.json", out / "index.html"]:
        assert not p.is_symlink(), p
    assert json.loads((out / f"{stem}.json").read_text("utf-8"))["report"] == stem


# =========================================================================== 7. low items
def test_foreign_json_does_not_break_index_or_collect(tmp_path: Path) -> None:
    """round 2: a foreign JSON in the output folder crashed `index`/`collect`."""
    out = tmp_path / "out"
    (out / ".jinshui").mkdir(parents=True)
    (out / "package.json").write_text('{"name": "x", "report": 1}', "utf-8")
    (out / "list.json").write_text("[1, 2]", "utf-8")
    (out / "odd.json").write_text('{"report": "odd", "figures": [1, 2]}', "utf-8")
    (out / "half.json").write_text('{"report": "half", "figures": [{"name": "a", "value": 1}]}',
                                   "utf-8")
    (out / ".jinshui" / "x.failed.json").write_text('{"report": ["x"]}', "utf-8")
    os.mkfifo(out / "pipe.json")  # would block a plain read
    page = index(out).read_text("utf-8")
    assert "half" in page and "odd" not in page
    frame = collect(out)
    assert list(frame["report"]) == ["half"] and list(frame["value"]) == [1]

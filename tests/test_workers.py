"""Warm workers forked from a warm worker (``Zygote(clones=…)``, what :func:`zygote_pool` does
for two or more workers): a clone renders like its parent, inherits no report's state, is not
its parent's child (so the parent's clean-up after a job never ends it), ends what its own jobs
leave running, and ends when its handle is closed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from jinshui_analysis.render.jobs import prepare_job
from jinshui_analysis.render.workers import Zygote

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return False


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as fh:
        return int(fh.read().rsplit(b")", 1)[-1].split()[1])


def test_a_clone_renders_isolated_and_ends_what_it_started(tmp_path: Path) -> None:
    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    shutil.copy(TINY, nb_dir / "tiny.ipynb")
    pids = tmp_path / "pids"
    detach = nbformat.read(TINY, as_version=4)
    detach.cells.append(nbformat.v4.new_code_cell(
        "import subprocess\n"
        "p = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        f"open('{pids}', 'w').write(str(p.pid))\n"))
    nbformat.write(detach, nb_dir / "detach.ipynb")
    out = tmp_path / "out"
    leak = prepare_job(nb_dir / "tiny.ipynb", {"mode": "leak", "period": "2023-01"}, out)
    probe = prepare_job(nb_dir / "tiny.ipynb", {"mode": "probe", "period": "2023-02"}, out)
    detached = prepare_job(nb_dir / "detach.ipynb", {"period": "2023-03"}, out)

    parent = Zygote(clones=1)
    (clone,) = parent.clones
    try:
        first = parent.run(leak)  # the clone is forked from the parent at this, its first job
        second = clone.run(probe)
        assert (first["status"], second["status"]) == ("ok", "ok"), (first, second)
        figures = {f["name"]: f["value"] for f in second["figures"]}
        assert {k: v for k, v in figures.items() if k.startswith("leak_")} == {
            "leak_var": 0, "leak_rc": 0, "leak_registry": 0, "leak_cwd": 0, "leak_env": 0}
        assert clone.proc.pid not in (None, parent.proc.pid)
        assert _parent(clone.proc.pid) not in (parent.proc.pid, os.getpid())  # re-parented away

        assert parent.run(leak)["status"] == "ok"  # the parent's clean-up spares the clone
        assert _alive(clone.proc.pid) and clone._alive()
        assert clone.run(detached)["status"] == "ok"
        assert not _alive(int(pids.read_text()))  # ended with its report, by the clone
    finally:
        clone_pid = clone.proc.pid
        clone.close()
        parent.close()
    deadline = time.monotonic() + 10
    while _alive(clone_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(clone_pid)


@pytest.mark.slow  # a second warm-up (seconds of CPU) for a rare case
def test_a_clone_whose_parent_died_before_forking_it_is_replaced(tmp_path: Path) -> None:
    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    shutil.copy(TINY, nb_dir / "tiny.ipynb")
    job = prepare_job(nb_dir / "tiny.ipynb", {"period": "2023-01"}, tmp_path / "out")
    parent = Zygote(clones=1)
    (clone,) = parent.clones
    try:
        parent.proc.kill()
        parent.proc.wait()
        assert not clone._alive()  # never forked: its channel's other end died with the parent
        result = clone.run(job)  # a fresh worker in its place
        assert result["status"] == "ok", result
        assert clone.proc.pid != parent.proc.pid and not clone.clones
    finally:
        clone.close()
        parent.close()


def test_rfc3987_syntax_is_imported_on_first_use_only() -> None:
    """render.deferred: reading notebooks does not build rfc3987_syntax's grammar (0.9 s of
    CPU per process), and jsonschema's IRI check still works, importing it then."""
    import subprocess
    import sys

    script = """
import sys
import jinshui_analysis.render.params, nbformat
nbformat.validate(nbformat.v4.new_notebook())
print("syntax_helpers" in str(sorted(sys.modules)))
from jsonschema import Draft7Validator, FormatChecker
check = Draft7Validator({"format": "iri"}, format_checker=FormatChecker())
print(check.is_valid("http://例子.测试/ü"), check.is_valid("ht tp://not an iri"))
print("rfc3987_syntax.syntax_helpers" in sys.modules)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True", "False", "True"]

"""Batch rendering of a grid: failures, incremental reruns, interrupted runs, isolation, dask.

Every job runs the tiny fixture notebook in a fork of a warm zygote (no kernel start), so a job
costs a fraction of a second; the zygotes are reused across the tests of a process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from jinshui_analysis import collect
from jinshui_analysis.render import batch

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"


@pytest.fixture()
def nb(tmp_path: Path) -> Path:
    """A private copy of the fixture notebook (its hash is part of the job key)."""
    path = tmp_path / "nb" / "tiny.ipynb"
    path.parent.mkdir()
    shutil.copy(TINY, path)
    return path


def _table(path: Path, zhongyuan: float) -> Path:
    pd.DataFrame({"region": ["金水区", "金水区", "中原区"], "indicator": ["x"] * 3,
                  "period": ["2023-01", "2023-02", "2023-01"], "value": [1.0, 2.0, zhongyuan],
                  "unit": ["亿元"] * 3}).to_csv(path, index=False)
    return path


def _statuses(result: batch.BatchResult) -> dict[str, str]:
    return {r.stem: r.status for r in result.results}


def _visible_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_failing_job_is_isolated(nb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    kw = dict(periods=["2023-01", "2023-02", "2023-13"], regions=["金水区", "中原区"],
              params={"fail_at": "中原区/2023-02"}, out_dir=out, jobs=2, progress=False)
    result = batch.render_grid(nb, **kw)
    st = _statuses(result)
    assert st == {
        "tiny_金水区_2023-01": "ok", "tiny_金水区_2023-02": "ok", "tiny_金水区_2023-13": "invalid",
        "tiny_中原区_2023-01": "ok", "tiny_中原区_2023-02": "failed", "tiny_中原区_2023-13": "invalid",
    }
    assert result.exit_code == 1
    # valid reports are all written; the invalid ones never reached a kernel
    for stem, status in st.items():
        assert (out / f"{stem}.html").exists() == (status == "ok")
        assert not (out / "logs" / f"{stem}.log").exists() or status != "invalid"
    # the failure: executed notebook kept, failing cell named in the summary
    row = result.summary.loc["tiny_中原区_2023-02"]
    failed = out / "notebooks" / "tiny_中原区_2023-02.failed.ipynb"
    cells = nbformat.read(failed, as_version=4).cells
    assert "raise ValueError" in cells[int(row["cell"])].source
    assert "故意失败" in row["error"]
    assert "2023-13" in result.summary.loc["tiny_金水区_2023-13", "error"]
    index = result.index_html.read_text("utf-8")
    assert '<td class="failed">failed</td>' in index and '<td class="invalid">invalid</td>' in index
    # --retry-failed reruns only the failed job
    again = batch.render_grid(nb, retry_failed=True, **kw)
    assert [r.stem for r in again.results if r.status not in ("skipped", "invalid")] == [
        "tiny_中原区_2023-02"]
    assert _statuses(again)["tiny_中原区_2023-02"] == "failed"


def test_incremental_and_data_change(nb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = _table(tmp_path / "mine.csv", zhongyuan=5.0)
    grid = [{"region": r, "period": "2023-01", "data": str(data)} for r in ("金水区", "中原区")]
    grid += [{"region": "二七区", "period": "2023-01"}]  # bundled data
    first = batch.render_grid(nb, grid=grid, out_dir=out, jobs=2, progress=False)
    assert set(_statuses(first).values()) == {"ok"} and first.exit_code == 0
    figures = collect(out).set_index(["report", "figure"])["value"]
    assert figures[("tiny_中原区_2023-01", "data_sum")] == 5.0
    assert figures[("tiny_金水区_2023-01", "data_sum")] == 3.0
    stamp = {p: p.stat().st_mtime_ns for p in out.glob("tiny_*.html")}

    unchanged = batch.render_grid(nb, grid=grid, out_dir=out, jobs=2, progress=False)
    assert set(_statuses(unchanged).values()) == {"skipped"} and unchanged.exit_code == 0
    assert {p: p.stat().st_mtime_ns for p in stamp} == stamp

    _table(data, zhongyuan=7.0)  # the user's file changed: its two jobs re-render …
    # … but not under --retry-failed, which says they are stale instead of "up to date"
    retry = batch.render_grid(nb, grid=grid, out_dir=out, jobs=2, progress=False,
                              retry_failed=True)
    assert _statuses(retry) == {"tiny_金水区_2023-01": "stale", "tiny_中原区_2023-01": "stale",
                                "tiny_二七区_2023-01": "skipped"}
    changed = batch.render_grid(nb, grid=grid, out_dir=out, jobs=2, progress=False)
    assert _statuses(changed) == {"tiny_金水区_2023-01": "ok", "tiny_中原区_2023-01": "ok",
                                  "tiny_二七区_2023-01": "skipped"}
    figures = collect(out).set_index(["report", "figure"])["value"]
    assert figures[("tiny_中原区_2023-01", "data_sum")] == 7.0

    forced = batch.render_grid(nb, grid=grid[2:], out_dir=out, force=True, progress=False)
    assert _statuses(forced) == {"tiny_二七区_2023-01": "ok"}


def test_library_change_makes_reports_stale(nb: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A report rendered by other library code (an upgrade, or an edit in a checkout, where the
    version number does not change) is not "up to date": the job key holds the code's hash."""
    from jinshui_analysis.render import jobs

    out = tmp_path / "out"
    grid = [{"region": "二七区", "period": "2023-01"}]
    assert _statuses(batch.render_grid(nb, grid=grid, out_dir=out, progress=False)) == {
        "tiny_二七区_2023-01": "ok"}
    assert _statuses(batch.render_grid(nb, grid=grid, out_dir=out, progress=False)) == {
        "tiny_二七区_2023-01": "skipped"}
    real = jobs.code_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", real) and jobs.code_fingerprint.__wrapped__() == real
    monkeypatch.setattr(jobs, "code_fingerprint", lambda: "0" * 64)
    assert _statuses(batch.render_grid(nb, grid=grid, out_dir=out, progress=False)) == {
        "tiny_二七区_2023-01": "ok"}


def test_no_state_leaks_between_reports(nb: Path, tmp_path: Path) -> None:
    """Job 1 sets a global, rcParams, env, cwd and records a figure; job 2 (same worker) sees none."""
    grid = [{"mode": "leak", "period": "2023-01"}, {"mode": "probe", "period": "2023-02"}]
    result = batch.render_grid(nb, grid=grid, out_dir=tmp_path / "out", jobs=1, progress=False)
    assert [r.status for r in result.results] == ["ok", "ok"]
    leak, probe = ({f["name"]: f["value"] for f in r.figures} for r in result.results)
    assert leak["leaked"] == 1.0
    assert {k: v for k, v in probe.items() if k.startswith("leak_")} == {
        "leak_var": 0, "leak_rc": 0, "leak_registry": 0, "leak_cwd": 0, "leak_env": 0}
    assert "leaked" not in probe


def test_probe_detects_leaks_without_fork(nb: Path, tmp_path: Path) -> None:
    """Control: the same two jobs in ONE process without forking do leak (the probe works)."""
    script = f"""
import json, sys
from jinshui_analysis import collect
from jinshui_analysis.render.jobs import prepare_job
from jinshui_analysis.render.runner import run_job
out = {str(tmp_path / "ctl")!r}
jobs = [prepare_job({str(nb)!r}, {{"mode": m}}, out, stem=m) for m in ("leak", "probe")]
results = [run_job(j, engine="inprocess") for j in jobs]
print(json.dumps({{f["name"]: f["value"] for f in results[1]["figures"]}}), file=sys.__stdout__)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "MPLBACKEND": "agg"})
    assert proc.returncode == 0, proc.stderr
    probe = json.loads(proc.stdout.strip().splitlines()[-1])
    assert probe["leak_var"] == 1 and probe["leak_rc"] == 1 and probe["leak_env"] == 1
    assert probe["leak_registry"] >= 1


def test_timeout_and_dead_kernel(nb: Path, tmp_path: Path) -> None:
    grid = [{"mode": "sleep", "sleep": 60, "period": "2023-01"},
            {"mode": "die", "period": "2023-02"}]
    result = batch.render_grid(nb, grid=grid, out_dir=tmp_path / "out", jobs=2, timeout=2,
                               progress=False)
    assert [r.status for r in result.results] == ["timeout", "dead"]
    assert result.exit_code == 1
    assert "time limit" in result.summary.iloc[0]["error"]
    assert "exited with code 3" in result.summary.iloc[1]["error"]
    for stem in ("tiny_金水区_2023-01", "tiny_金水区_2023-02"):
        assert (tmp_path / "out" / "notebooks" / f"{stem}.failed.ipynb").is_file()


def test_killed_batch_leaves_no_partial_files_and_resumes(nb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jinshui_analysis", "render", str(nb),
           "--period", "2023-01:2023-04", "--region", "金水区", "--param", "mode=sleep",
           "--param", "sleep=1.5", "--jobs", "1", "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not list(out.glob("tiny_*.json")):
            assert proc.poll() is None, "the batch ended before it could be interrupted"
            assert time.monotonic() < deadline, "no report finished in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # the controller only: its workers must clean up
        proc.wait()
        time.sleep(2.0)  # let the orphaned worker notice and stop its job
    finally:
        if proc.poll() is None:
            proc.kill()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # our own session, in case anything survived
        except ProcessLookupError:
            pass
    done = sorted(p.stem for p in out.glob("tiny_*.json"))
    assert 1 <= len(done) < 4
    # every visible report file is complete: html with its json, json parses
    for html in out.glob("*.html"):
        if html.name != "index.html":
            assert html.read_text("utf-8").rstrip().endswith("</html>")
            assert html.with_suffix(".json").is_file()
    for f in out.glob("tiny_*.json"):
        assert json.loads(f.read_text("utf-8"))["status"] == "ok"
    for f in (out / "notebooks").glob("*.ipynb"):
        nbformat.read(f, as_version=4)
    # the rerun (same parameters) renders only what is missing
    rerun = batch.render_grid(nb, periods=["2023-01", "2023-02", "2023-03", "2023-04"],
                              regions=["金水区"], params={"mode": "sleep", "sleep": 1.5},
                              out_dir=out, jobs=2, progress=False)
    assert rerun.exit_code == 0
    assert _statuses(rerun) == {f"tiny_金水区_2023-0{m}": "skipped" if f"tiny_金水区_2023-0{m}"
                                in done else "ok" for m in range(1, 5)}
    assert not list(out.rglob(".*.tmp-*"))


def test_dask_matches_local(nb: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    grid = [{"region": r, "period": "2023-03", "scale": 3} for r in ("金水区", "中原区")]
    grid.append({"region": "二七区", "period": "2023-03", "fail_at": "二七区/2023-03"})
    local = batch.render_grid(nb, grid=grid, out_dir=tmp_path / "local", jobs=2, progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        remote = batch.render_grid(nb, grid=grid, out_dir=tmp_path / "dask", executor="dask",
                                   scheduler=cluster.scheduler_address, progress=False)
    assert [r.status for r in remote.results] == [r.status for r in local.results] == [
        "ok", "ok", "failed"]
    assert [r.figures for r in remote.results] == [r.figures for r in local.results]
    assert remote.summary["cell"].fillna(-1).tolist() == local.summary["cell"].fillna(-1).tolist()
    assert remote.summary["cell"].iloc[2] == local.summary["cell"].iloc[2] > 0
    assert (tmp_path / "dask" / "tiny_中原区_2023-03.html").is_file()

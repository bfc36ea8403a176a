"""Issue 18 item 4: one reading of the data (:func:`open_source`) for the render step and the
notebook — validated, listed, hashed and read once per process; a worker adopts the reading it
is sent (pickled, as the zygote receives it) and reads nothing again; 数据说明 lists what was
not read."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pandas as pd
import pytest

from jinshui_analysis.data import folder as folder_mod
from jinshui_analysis.data import source as src
from jinshui_analysis.data.source import NOT_READ_COLUMNS, DataSource, adopt, open_source


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "二七区报表"
    d.mkdir()
    _csv(d / "2023年1-6月主要指标.csv", [
        "2023年1-6月二七区主要经济指标,,,,",
        "指标,单位,6月,1-6月,同比增长%",
        "社会消费品零售总额,万元,712345,4053000,5.2",   # 71.2345 / 405.3 亿元
        "一般公共预算收入,万元,—,303000,6.1",
    ])
    _csv(d / "2023年1-5月主要指标.csv", [
        "2023年1-5月二七区主要经济指标,,,,",
        "指标,单位,5月,1-5月,同比增长%",
        "社会消费品零售总额,万元,690000,3340655,5.0",
    ])
    return d


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of read_folder calls and content hashings in this process (cache cleared)."""
    src.clear_cache()
    calls = {"read_folder": 0}
    real = folder_mod.read_folder

    def counting(*args, **kwargs):
        calls["read_folder"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_mod, "read_folder", counting)
    monkeypatch.setitem(src.COUNTS, "hash", 0)
    monkeypatch.setitem(src.COUNTS, "read", 0)
    yield calls
    src.clear_cache()


def test_open_source_reads_and_hashes_once(folder: Path, counted: dict[str, int]) -> None:
    a = open_source(str(folder), region="二七区")
    b = open_source(folder, region="二七区")
    assert a is b
    assert counted["read_folder"] == 1 and src.COUNTS["hash"] == 1
    # 405.3亿元 = 4053000万元 / 10000, 1-6月 retail sales
    ytd = a.frame[(a.frame["indicator"] == "社会消费品零售总额") & (a.frame["period"] == "2023-06")
                  & a.frame["cumulative"].astype(bool) & (a.frame["measure"] == "level")]
    assert ytd["value"].tolist() == pytest.approx([405.3])
    assert [p.name for p in a.tables] == ["2023年1-5月主要指标.csv", "2023年1-6月主要指标.csv"]
    assert a.projects == () and a.regions() == {"二七区"}
    assert list(a.not_read.columns) == NOT_READ_COLUMNS
    assert len(a.fingerprint["files"]) == 2 and len(a.sha256) == 64
    # a new batch (since = now) hashes again, but the same content is not read again
    c = open_source(folder, region="二七区", since=float("-inf"))
    assert c is a and counted["read_folder"] == 1 and src.COUNTS["hash"] == 1
    import time

    d = open_source(folder, region="二七区", since=time.monotonic() + 1)
    assert d is a and counted["read_folder"] == 1 and src.COUNTS["hash"] == 2


def test_changed_file_is_read_again(folder: Path, counted: dict[str, int]) -> None:
    a = open_source(folder, region="二七区")
    f = folder / "2023年1-5月主要指标.csv"
    _csv(f, ["2023年1-5月二七区主要经济指标,,,,", "指标,单位,5月,1-5月,同比增长%",
             "社会消费品零售总额,万元,690000,3340000,5.0"])
    os.utime(f, ns=(1, 10**18))  # another time: seen without asking
    b = open_source(folder, region="二七区")
    assert b is not a and counted["read_folder"] == 2 and b.sha256 != a.sha256
    v = b.frame[(b.frame["period"] == "2023-05") & b.frame["cumulative"].astype(bool)
                & (b.frame["measure"] == "level")]["value"]
    assert v.tolist() == pytest.approx([334.0])  # 3340000万元 = 334.0亿元


def test_report_and_render_step_share_one_reading(folder: Path, counted: dict[str, int]) -> None:
    """Two jobs of one batch (the render step validates regions, hashes for the job keys) and
    the notebook's loader: one read_folder, one hashing in this process."""
    from jinshui_analysis.render.batch import build_jobs
    from jinshui_analysis.reports.loader import load_report_data

    planned = build_jobs("monthly_report", regions=["二七区"], periods=["2023-05", "2023-06"],
                         data=str(folder), out_dir=folder.parent / "out")
    jobs = [j for _, j in planned]
    assert all(not isinstance(j, Exception) for j in jobs), jobs
    assert counted["read_folder"] == 1 and src.COUNTS["hash"] == 1
    assert jobs[0].sources[0] is jobs[1].sources[0]
    assert jobs[0].data[0]["sha256"] == jobs[0].sources[0].sha256
    rd = load_report_data("二七区", "2023-06", str(folder), demo=False)
    assert rd.source is jobs[0].sources[0]
    assert rd.data_hash == jobs[0].sources[0].sha256
    assert counted["read_folder"] == 1 and src.COUNTS["hash"] == 1


def test_worker_adopts_the_sent_reading(folder: Path, counted: dict[str, int],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The zygote receives the job pickled: the worker adopts its reading and neither reads
    nor hashes; the reader's warnings keep their Chinese text through the pickle."""
    sent = open_source(folder, region="二七区")
    assert counted["read_folder"] == 1
    received: DataSource = pickle.loads(pickle.dumps(sent))
    src.clear_cache()  # a fresh worker process

    def refuse(*args, **kwargs):
        raise AssertionError("the worker read the tables again")

    monkeypatch.setattr(folder_mod, "read_folder", refuse)
    monkeypatch.setattr(src, "_content_fingerprint", refuse)
    adopt(received)
    got = open_source(str(folder), region="二七区")
    assert got is received
    pd.testing.assert_frame_equal(got.frame, sent.frame)
    zh = [n.text("zh") for n in got.notes if hasattr(n, "text")]
    assert any("按缺失处理" in t for t in zh), zh  # the “—” of 一般公共预算收入 6月


def test_forked_child_inherits_the_reading(folder: Path, counted: dict[str, int]) -> None:
    open_source(folder, region="二七区")
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 1
        try:
            open_source(folder, region="二七区")
            os.write(wfd, f"{src.COUNTS['read']},{src.COUNTS['hash']}".encode())
            code = 0
        finally:
            os._exit(code)
    os.close(wfd)
    got = os.read(rfd, 100).decode()
    os.close(rfd)
    os.waitpid(pid, 0)
    assert got == "1,1"  # the parent's one read and one hashing; none in the child


def test_bundled_source(counted: dict[str, int]) -> None:
    s = open_source("bundled")
    assert s.path is None and s.frame.empty and s.not_read.empty and s.data == "bundled"
    assert s is open_source("bundled") and counted["read_folder"] == 0
    assert s.fingerprint["data"].startswith("bundled")


def test_data_notes_list_every_item_not_read(folder: Path, counted: dict[str, int]) -> None:
    """数据说明: counts of items read and not read, and each item not read (escaped in HTML)."""
    from jinshui_analysis.reports import present
    from jinshui_analysis.reports.loader import load_report_data
    from jinshui_analysis.reports.sections.notes import data_notes

    base = open_source(folder, region="二七区")
    frame = base.frame.copy()
    frame.attrs["not_read"] = pd.DataFrame([
        {"file": "2023年1-6月主要指标.csv", "sheet": "", "block": "", "row": 7, "column": "",
         "text": "<b>工业用电量</b>", "reason_zh": "单位“千瓦时”不认识", "reason_en": "unknown unit"},
        {"file": "book.xlsx", "sheet": "9月", "block": "二、增长速度", "row": float("nan"),
         "column": "1-9月", "text": "", "reason_zh": "工作表未读取", "reason_en": "sheet not read"},
    ], columns=NOT_READ_COLUMNS)
    made = DataSource(path=base.path, region="二七区", tables=base.tables, projects=(),
                      frame=frame, not_read=src._not_read_of(frame), notes=base.notes,
                      fingerprint=base.fingerprint)
    adopt(made)
    rd = load_report_data("二七区", "2023-06", str(folder), demo=False)
    assert rd.source is made
    n = int(frame["value"].notna().sum())  # the “—” of 一般公共预算收入 6月 is not a figure
    assert n == len(frame) - 1
    for language, head, first, second in (
        ("zh", f"读取了2个表格文件中的{n}个数字；2项未读取",
         "2023年1-6月主要指标.csv，第7行“<b>工业用电量</b>”：单位“千瓦时”不认识",
         "book.xlsx，工作表9月，“二、增长速度”部分，“1-9月”列：工作表未读取"),
        ("en", f"{n} figure(s) read from 2 table file(s); 2 item(s) not read",
         "2023年1-6月主要指标.csv, row 7 '<b>工业用电量</b>': unknown unit",
         "book.xlsx, sheet 9月, block '二、增长速度', column '1-9月': sheet not read"),
    ):
        sec = data_notes(rd, language)
        texts = [getattr(b, "text", None) for b in sec.body]
        assert any(t and t.startswith(head) for t in texts), texts
        items = next(b.items for b in sec.body if hasattr(b, "items") and
                     any("book.xlsx" in i for i in b.items))
        assert list(items) == [first, second]
        html = present.blocks_html(present.section_blocks(sec), language)
        assert "<b>工业用电量" not in html and "&lt;b&gt;工业用电量" in html

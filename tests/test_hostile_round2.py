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


# =========================================================================== 2. linear text
#: runs that made the old patterns rescan from every position: a long word, blanks, "a/a/…",
#: "a-a-…", unclosed brackets with file names, a path before a long unclosed parenthesis
_RUNS = ["注" + "a" * 150_000, " " * 150_000, "a/" * 75_000, "a-" * 75_000,
         "[a.csv " * 30_000, "\t" * 100_000, "data/x.txt (" + "大" * 100_000]


def _hostile_text() -> str:
    text = " 见 data/sources/x.txt (大象新闻 2023-02-13) [regional/y.csv row 2] ".join(_RUNS)
    assert len(text) > 1_000_000
    return text


def test_text_handling_of_1mb_notes_completes_and_is_right() -> None:
    """round 2: `present.without_paths` was quadratic (a 200 KB note table took 51.5 s, a 500 KB
    commentary 528 s).  1 MB of the worst runs goes through every text pass of a report; the
    time is compared with a normal report's in benchmarks/hostile_text.py (no timed test)."""
    from jinshui_analysis.reports import numbers, present

    text = _hostile_text()
    out = present.without_paths(text)
    assert "data/sources" not in out and "row 2" not in out
    assert out.count("大象新闻 2023-02-13") == len(_RUNS) - 1
    assert "a" * 150_000 in out and "a-" * 1000 in out
    assert present.chinese_demo_label(text + " — 示例数据 / synthetic demo data").endswith(
        "（示例数据）")
    label = numbers.source_label(text)
    assert "row 2" not in label and "a" * 150_000 in label
    assert numbers.english("x" + " " * 200_000 + "示例数据 / synthetic demo data") == "x synthetic demo data"
    assert numbers.chinese(text).count("大象新闻") == len(_RUNS) - 1


def test_section_of_1mb_note_rows_becomes_blocks() -> None:
    """The same text as a note, a table cell and a commentary paragraph of a section."""
    import pandas as pd

    from jinshui_analysis.reports import present
    from jinshui_analysis.reports.section import Section

    text = _hostile_text()
    sec = Section(title="注释", notes=[text])
    sec.tables.append(("表", pd.DataFrame({"说明": [text[:300_000], text[-300_000:]]})))
    blocks = present.section_blocks(sec)
    html = present.blocks_html(blocks)
    assert "regional/y.csv" not in html and "a" * 150_000 in html


def test_upfront_check_is_bounded_by_the_timeout(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """round 2: an XLSX under every limit (23.6 MB, expanding 20×) spent 360 s in the up-front
    check, where --timeout did not apply.  A reader that takes 'forever' is stopped at the
    timeout with one ParameterError; nothing is written."""
    import time

    from jinshui_analysis.data import source as _source
    from jinshui_analysis.exceptions import ParameterError
    from jinshui_analysis.render.jobs import prepare_job

    data = tmp_path / "slow.csv"
    data.write_text("region,indicator,period,value,unit\n金水区,地区生产总值,2023-01,1,亿元\n",
                    "utf-8")

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(600)
        raise AssertionError("not stopped")

    _source.clear_cache()
    monkeypatch.setattr(_source, "_read", slow)  # reading the data 'forever'
    started = time.monotonic()
    with pytest.raises(ParameterError, match=r"longer than the time limit of 1 s \(--timeout\)"):
        prepare_job(TINY, {"data": str(data)}, tmp_path / "out", timeout=1)
    assert time.monotonic() - started < 300  # stopped, not slept through (no exact timing)
    assert not (tmp_path / "out").exists()


# =========================================================================== 3. profiles
PROFILE = '[regions."甲区"]\nlevel = "district"\ncity = "乙市"\nissuer = "甲区统计局·工作目录"\n'


def test_working_folder_profile_reaches_the_notebook(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """round 2: the worker changes directory to the notebook's, so ./jinshui.toml of the
    user's working folder never reached the notebook.  Here the notebook lives elsewhere and
    prints the issuer of 甲区 from its profile."""
    import nbformat

    work = tmp_path / "work"
    work.mkdir()
    (work / "jinshui.toml").write_text(PROFILE, "utf-8")
    nb = nbformat.read(TINY, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "from jinshui_analysis.data.profiles import profile\nimport os\n"
        f"print('ISSUER', profile('甲区').issuer, os.getcwd() != {str(work)!r})"))
    nb_path = tmp_path / "elsewhere" / "tiny.ipynb"
    nb_path.parent.mkdir()
    nbformat.write(nb, nb_path)
    monkeypatch.chdir(work)
    monkeypatch.delenv("JINSHUI_PROFILE", raising=False)
    result = batch.render_grid(nb_path, out_dir=tmp_path / "out", jobs=1, progress=False)
    assert result.exit_code == 0, result.summary
    executed = (tmp_path / "out" / "notebooks" / f"{result.results[0].stem}.ipynb")
    assert "ISSUER 甲区统计局·工作目录 True" in executed.read_text("utf-8")


def test_relative_profile_variable_and_key(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative $JINSHUI_PROFILE is taken from the working folder and handed on as an
    absolute path; editing the profile changes the job key (the report is rendered again)."""
    from jinshui_analysis.render.jobs import prepare_job

    (tmp_path / "conf").mkdir()
    conf = tmp_path / "conf" / "p.toml"
    conf.write_text(PROFILE, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JINSHUI_PROFILE", "conf/p.toml")
    monkeypatch.delenv("JINSHUI_PROFILES", raising=False)
    job = prepare_job(TINY, {}, tmp_path / "out")
    assert job.profiles == (str(conf.resolve()),)
    conf.write_text(PROFILE.replace("district", "zone"), "utf-8")
    assert prepare_job(TINY, {}, tmp_path / "out").key != job.key
    monkeypatch.setenv("JINSHUI_PROFILE", "conf/missing.toml")
    with pytest.raises(Exception, match="profile file not found"):
        prepare_job(TINY, {}, tmp_path / "out")


_DEEP = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"


@pytest.mark.parametrize("case, text, says", [
    ("text as a number", '[regions."甲区"]\ncity = 3\n', "[regions.'甲区']: city must be text"),
    ("nan target", '[regions."甲区"]\ntarget_growth_pct = nan\n',
     "target_growth_pct must be a finite number (percent), got nan"),
    ("1e308 target", '[regions."甲区"]\ntarget_growth_pct = 1e308\n',
     "target_growth_pct must be between -50 and 100"),
    ("absurd threshold", '[regions."甲区"]\nthreshold = -5\n', "threshold must be between 0"),
    ("peers as text", '[regions."甲区"]\npeers = "乙区"\n', "peers must be a list of names"),
    ("peer as a number", '[regions."甲区"]\npeers = ["乙区", 2]\n', "peers item 2 must be text"),
    ("bool level", '[regions."甲区"]\nlevel = true\n', "level must be one of district"),
    ("unknown field", '[regions."甲区"]\ncolour = "red"\n', "unknown field 'colour'"),
    ("unknown table", '[region."甲区"]\ncity = "乙市"\n', "unknown table or key 'region'"),
    ("region not a table", 'regions = 3\n', "[regions] must be a table"),
    ("deep arrays", _DEEP, "nested too deeply"),
    ("deep tables", "a = " + "{b = " * 50 + "1" + "}" * 50 + "\n", "nested"),
    ("not TOML", '[regions."甲区"\n', "is not valid TOML (at line 1"),
    ("default report without notebook", '[[default_reports]]\nregion = "甲区"\n',
     "entry 1 needs notebook"),
    ("missing template", '[regions."甲区"]\ntemplate = "nothing"\n', "template 'nothing'"),
    ("missing group", '[regions."甲区"]\npeer_group = "nothing"\n', "peer_group 'nothing'"),
])
def test_every_profile_is_checked_up_front(case: str, text: str, says: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """round 2: wrong types, 100,000-deep arrays and GBK files ended in 'unexpected
    AttributeError/TypeError/RecursionError/UnicodeDecodeError'; nan/1e308 targets passed the
    up-front check.  Each is one line naming the file, table and field, exit 2, before any
    notebook runs."""
    from jinshui_analysis import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JINSHUI_PROFILE", raising=False)
    monkeypatch.delenv("JINSHUI_PROFILES", raising=False)
    (tmp_path / "jinshui.toml").write_text(text, "utf-8")
    code = cli.main(["render", str(TINY), "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "jinshui.toml" in lines[0], err
    assert says.replace("'", '"') in lines[0].replace("'", '"'), lines[0]
    assert not (tmp_path / "out").exists()


def test_gbk_profile_is_named_not_decoded(tmp_path: Path) -> None:
    from jinshui_analysis.data.profiles import load_profiles
    from jinshui_analysis.exceptions import ParameterError

    path = tmp_path / "gbk.toml"
    path.write_bytes(PROFILE.encode("gbk"))
    with pytest.raises(ParameterError, match=r"is not UTF-8 text at line 1 \(it looks "
                                             r"GBK/GB18030-encoded: save it as UTF-8\)"):
        load_profiles(path)


# =========================================================================== 4. stale formats
def test_rerun_with_fewer_formats_removes_the_old_ones(tmp_path: Path) -> None:
    """round 2: a rerun with --format html after html,pdf left the old PDF (with the old
    figures) beside the new HTML.  The index links what is there."""
    out = tmp_path / "out"
    first = batch.render_grid(TINY, params={"scale": 2}, out_dir=out, jobs=1, progress=False,
                              formats="html,docx,pdf")
    stem = first.results[0].stem
    assert first.exit_code == 0 and (out / f"{stem}.pdf").is_file()
    assert f'href="{stem}.pdf"' in (out / "index.html").read_text("utf-8")
    second = batch.render_grid(TINY, params={"scale": 2}, out_dir=out, jobs=1, progress=False,
                               formats="html")
    assert second.results[0].status == "ok"
    assert not (out / f"{stem}.pdf").exists() and not (out / f"{stem}.docx").exists()
    page = (out / "index.html").read_text("utf-8")
    assert f'href="{stem}.html"' in page and ".pdf" not in page and ".docx" not in page
    doc = json.loads((out / f"{stem}.json").read_text("utf-8"))
    assert doc["files"] == {"html": f"{stem}.html"}


# =========================================================================== 5. no false alarms
def test_a_note_that_mentions_a_url_is_not_a_load() -> None:
    """round 2: a note or commentary mentioning url(http://…) as text tripped the
    external-resource check and failed the report.  Text is escaped, so it is no load; the
    same URL in markup still is."""
    from jinshui_analysis.render.export import check_html, external_resources
    from jinshui_analysis.reports.document import Paragraph
    from jinshui_analysis.reports.present import blocks_html, esc

    mention = "参见 url(http://evil.example/a.css) 与 @import '//evil.example/b.css'; <img src=http://e/x>"
    page = ("<html><head><style>body{margin:0}</style></head><body>"
            + blocks_html([Paragraph(mention)]) + f"<p>{esc(mention)}</p></body></html>")
    assert external_resources(page) == []
    check_html(page)  # no RenderError
    loads = ('<div style="background:url(http://evil.example/a.png)"></div>'
             '<style>@import "//evil.example/b.css";</style><img src="http://e/x">')
    assert external_resources(loads) == ["//evil.example/b.css", "http://e/x",
                                         "http://evil.example/a.png"]


def test_long_issuer_is_shortened_for_word_properties_only() -> None:
    """round 2: a 300-character issuer broke Word's 255-character property limit and failed the
    whole report.  The core properties are shortened; the title block keeps the full text."""
    import io
    import zipfile

    from docx import Document as Docx

    from jinshui_analysis.render.docx_writer import docx_bytes
    from jinshui_analysis.reports.document import Document

    issuer = "甲区" + "统计局" * 99 + "尾"  # 300 characters
    title = "T" * 400
    data = docx_bytes(Document(title=title, region="甲区", period_label="2023年1-6月",
                               issuer=issuer, date="2023-07-20", language="zh", demo=False))
    props = Docx(io.BytesIO(data)).core_properties
    assert len(props.author) == 255 and props.author.endswith("…")
    assert props.author[:254] == issuer[:254] and len(props.title) == 255
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert issuer in body and title in body


def test_a_word_failure_never_fails_the_html(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The Word writer failing leaves the other formats: the error names Word, not HTML."""
    import nbformat

    from jinshui_analysis.render import docx_writer
    from jinshui_analysis.render.jobs import prepare_job
    from jinshui_analysis.render.runner import export_documents

    def broken(doc: object) -> bytes:
        raise ValueError("exceeds maximum length of 255 characters")

    monkeypatch.setattr(docx_writer, "docx_bytes", broken)
    job = prepare_job(TINY, {}, tmp_path / "out", formats="html,docx")
    prov = {"parameters": {}, "data": [], "sources": [], "notebook": "tiny.ipynb",
            "notebook_sha256": "0" * 64, "version": "0", "python": "3", "rendered_at": "now"}
    files, errors = export_documents(job, nbformat.v4.new_notebook(), prov)
    assert files == {} and list(errors) == ["docx"]
    assert "255 characters" in errors["docx"] and "HTML" not in errors["docx"]


@pytest.mark.parametrize("name", ["$甲区$", "收入$x^{2$", r"$\nocommand$区", r"$\sqrt{$"])
def test_dollar_signs_in_names_are_text_in_charts(name: str) -> None:
    """round 2: a region name with $…$ was read as matplotlib math and crashed the charts."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from jinshui_analysis.reports import plots
    from jinshui_analysis.reports.present import figure_png

    fig = plots.bars(pd.Series({name: 3.0, "乙区": 2.0}), title=f"{name} 排名", ylabel="亿元")
    png = figure_png(fig, dpi=50)
    assert png.startswith(b"\x89PNG")
    texts = [t.get_text() for t in fig.axes[0].get_yticklabels()] + [fig.axes[0].get_title()]
    assert f"{name} 排名" in texts and not any(t.get_parse_math() for t in fig.axes[0].texts)
    plt.close(fig)


# =========================================================================== 6. messages
@pytest.mark.parametrize("content", [SECRET.encode(), b'{"secret": "' + SECRET.encode()[:20] + b'"}',
                                     "密码：hunter2\n".encode("gbk"), b"[" * 100_000])
def test_default_report_pointing_at_a_secret_file_does_not_quote_it(
        content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """round 2: a [[default_reports]] notebook pointing at /etc/shadow printed the file's first
    line.  The message names the file and the kind of problem, never its content."""
    from jinshui_analysis import cli

    secret = tmp_path / "shadow"
    secret.write_bytes(content)
    (tmp_path / "jinshui.toml").write_text(
        f'[[default_reports]]\nnotebook = "{secret}"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JINSHUI_PROFILE", raising=False)
    monkeypatch.delenv("JINSHUI_PROFILES", raising=False)
    code = cli.main(["--lang", "en", "report-default", "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert str(secret) in err and "is not a Jupyter notebook" in err
    for leak in ("root", "secret", "hunter2", "6$", "[["):
        assert leak not in err.replace(str(tmp_path), ""), err


# =========================================================================== 7. low items
_PROJECTS = "project_id,name,level,planned,2023-01,2023-02\nA,项目甲,省级,100,10,5\nB,项目乙,区级,50,,2\n"


def test_projects_table_is_read_by_the_data_layer(tmp_path: Path) -> None:
    """round 2: projects.csv was read with plain read_csv (raw decode errors).  GBK and Big5
    are read like bulletin tables; a blank month is 0."""
    from jinshui_analysis.data.projects import read_projects

    for enc in ("gbk", "utf-8-sig", "big5"):
        path = tmp_path / f"projects_{enc}.csv"
        text = _PROJECTS if enc != "big5" else (_PROJECTS.replace("项目", "項目")
                                                .replace("级", "級").replace("区", "區"))
        path.write_bytes(text.encode(enc))
        data = read_projects(path)
        assert list(data.projects.index) == ["A", "B"] and data.year == 2023
        assert data.projects.loc["A", "planned"] == 100.0
        # B's blank January counts as 0: completed through February = 0 + 2
        assert data.completed_ytd("2023-02").to_dict() == {"A": 15.0, "B": 2.0}


@pytest.mark.parametrize("cell, where, says", [
    ("inf", "row 2, column 'E'", "finite number"),
    ("nan", "row 2, column 'E'", "finite number"),
    ("-3", "row 2, column 'E'", "must be 0 or more"),
    ("十", "row 2, column 'E'", "must be a number"),
])
def test_projects_bad_months_are_refused_naming_row_and_column(cell: str, where: str, says: str,
                                                               tmp_path: Path) -> None:
    """round 2: inf/nan/negative months were accepted and shown as 快于序时进度."""
    from jinshui_analysis.data.projects import read_projects
    from jinshui_analysis.exceptions import DataError

    path = tmp_path / "projects.csv"
    path.write_text(_PROJECTS.replace("A,项目甲,省级,100,10", f"A,项目甲,省级,100,{cell}"), "utf-8")
    with pytest.raises(DataError) as info:
        read_projects(path)
    assert says in str(info.value) and where in str(info.value) and "projects.csv" in str(info.value)


@pytest.mark.parametrize("text, says", [
    (_PROJECTS.replace("100", "0"), "planned investment must be above 0"),
    (_PROJECTS.replace("100", "1e309"), "finite number"),
    (_PROJECTS.replace("B,", "A,"), "appears twice (rows 2 and 3)"),
    (_PROJECTS.replace("2023-02", "2024-02"), "one year per project table"),
    ("project_id,name,planned\nA,x,1\n", "lacks column(s) ['level']"),
])
def test_projects_table_errors(text: str, says: str, tmp_path: Path) -> None:
    from jinshui_analysis.data.projects import read_projects
    from jinshui_analysis.exceptions import DataError

    path = tmp_path / "projects.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(DataError, match=None) as info:
        read_projects(path)
    assert says in str(info.value), str(info.value)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return False


def test_a_detached_process_does_not_outlive_the_batch(tmp_path: Path) -> None:
    """round 2: a detached process started by a notebook outlived the batch.  One in a new
    session and one double-forked by a shell are both ended when the report is done."""
    import nbformat

    pids = tmp_path / "pids"
    nb = nbformat.read(TINY, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import subprocess\n"
        "p = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        f"subprocess.run(['sh', '-c', 'sleep 301 & echo $! > {pids}.2'])\n"
        f"open('{pids}.1', 'w').write(str(p.pid))\n"))
    nb_path = tmp_path / "detach.ipynb"
    nbformat.write(nb, nb_path)
    result = batch.render_grid(nb_path, out_dir=tmp_path / "out", jobs=1, progress=False)
    assert result.exit_code == 0, result.summary
    started = [int(Path(f"{pids}.{k}").read_text().strip()) for k in (1, 2)]
    assert started and not [pid for pid in started if _alive(pid)]


def test_fifo_as_data_is_refused(tmp_path: Path) -> None:
    """round 2: a FIFO as --data gave an 'empty' report instead of a refusal."""
    from jinshui_analysis.exceptions import ParameterError
    from jinshui_analysis.render.jobs import prepare_job

    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    with pytest.raises(ParameterError, match="is not a regular file or a folder"):
        prepare_job(TINY, {"data": str(fifo)}, tmp_path / "out")
    with pytest.raises(ParameterError, match="'data.csv' is not a regular file"):
        prepare_job(TINY, {"data": str(tmp_path)}, tmp_path / "out")  # a folder of a FIFO


def test_screenshot_height_zero_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """round 2: `screenshot --height 0` hung."""
    from jinshui_analysis import cli

    for size in ("0", "-5", "1e9", "abc"):
        with pytest.raises(SystemExit) as info:
            cli.main(["screenshot", "x.html", "--out", "x.png", "--height", size])
        assert info.value.code == 2
        assert "expected pixels in [1, 16384]" in capsys.readouterr().err


def test_escape_sequences_in_names_do_not_reach_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """round 2: escape sequences in file names reached the terminal raw."""
    from jinshui_analysis import cli

    name = tmp_path / "a\x1b]0;pwned\x07\x1b[31m\u202eb.csv"
    code = cli.main(["render", str(TINY), "--data", str(name), "--out", str(tmp_path / "o")])
    captured = capsys.readouterr()
    assert code == 2
    shown = captured.err + captured.out
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "\\x1b]0;pwned\\x07\\x1b[31m\\u202eb.csv" in shown
    assert cli.terminal_safe("金水区\tok\n") == "金水区\tok\n"


@pytest.mark.slow
def test_sigterm_stops_the_batch_with_summary_and_index(tmp_path: Path) -> None:
    """round 2: SIGTERM exited without summary or index.  It now ends the run like Ctrl-C
    (exit 143)."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jinshui_analysis", "render", str(TINY),
           "--period", "2023-01:2023-06", "--param", "mode=sleep", "--param", "sleep=4",
           "--jobs", "2", "--out", str(out), "--no-progress", "--lang", "en"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not list(out.glob("tiny_*.json")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no report finished in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr
    statuses = dict(line.split()[:2] for line in stdout.splitlines() if line.startswith("tiny_"))
    assert len(statuses) == 6 and "cancelled" in statuses.values()  # queued: not started
    assert set(statuses.values()) <= {"ok", "interrupted", "cancelled"}
    assert '<td class="cancelled">cancelled</td>' in (out / "index.html").read_text("utf-8")
    assert (out / "index.html").is_file() and "index:" in stdout


def test_sigterm_is_handled_like_ctrl_c_in_the_cli() -> None:
    """The handler behind the slow SIGTERM test: the first SIGTERM raises KeyboardInterrupt
    (so the batch stops, writes its summary and index), a second one is ignored."""
    import signal
    import time

    from jinshui_analysis import cli

    before = signal.getsignal(signal.SIGTERM)
    try:
        got = cli._on_sigterm()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler interrupts this at once
        assert got == [signal.SIGTERM]
        os.kill(os.getpid(), signal.SIGTERM)  # ignored while the run winds down
    finally:
        signal.signal(signal.SIGTERM, before)


def test_index_shows_a_partial_report_with_its_figures_and_what_failed(tmp_path: Path) -> None:
    """A report written as HTML whose Word file failed: the index links the HTML, keeps its key
    figures and names the format that was not written."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.html").write_text("<p>r</p>", "utf-8")
    (out / "r.json").write_text(json.dumps({
        "report": "r", "notebook": "tiny.ipynb", "status": "partial", "parameters": {},
        "figures": [{"name": "gdp", "value": 1932.0, "unit": "亿元", "label_zh": "地区生产总值"}],
        "error": {"kind": "format", "ename": "FormatError",
                  "evalue": "Word file not written: ValueError: x (the HTML report is complete)"},
    }, ensure_ascii=False), "utf-8")
    page = index(out).read_text("utf-8")
    assert '<td class="partial">partial</td>' in page and 'href="r.html"' in page
    assert "1,932.00" in page and "Word file not written" in page

"""Hostile or broken input never reaches a report as live HTML, never collides, never loses work.

Every job runs a copy of the tiny fixture notebook whose ``region`` is a free region of the
user's table (type ``region``) and which shows the user's rows through
:func:`jinshui_analysis.reports.section.show` — the path every report section takes.  The
renders share the warm zygotes of the test process.
"""

from __future__ import annotations

import copy
import html
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from jinshui_analysis import cli
from jinshui_analysis.exceptions import JinshuiError, ParameterError, RenderError
from jinshui_analysis.render import batch
from jinshui_analysis.render.export import check_html, live_elements
from jinshui_analysis.render.jobs import check_stem, default_stem, prepare_job
from jinshui_analysis.render.outputs import (
    OutputLock,
    atomic_write,
    clean_temporaries,
    neutralise_formulas,
    write_csv,
)
from jinshui_analysis.render.single import render

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"

SCRIPT = "<script>alert(1)</script>"
REFRESH = '<meta http-equiv="refresh" content="1;url=http://evil.example/">'
BASE = '<base href="http://evil.example/">'
FORM = '<form action="http://evil.example/"><input name="pw"></form>'
IMG = "<img src=x onerror=alert(1)>"
JSURL = '<a href="javascript:alert(1)">点我</a>'
IFRAME = '<iframe src="http://evil.example/"></iframe>'
HOSTILE = [SCRIPT, REFRESH, BASE, FORM, IMG, JSURL, IFRAME, '"><svg onload=alert(1)>']
REGION = f"{SCRIPT}区"  # a region name that is itself an attack
SHOW_CELL = """\
if data != 'bundled':
    from jinshui_analysis.data import read_table
    from jinshui_analysis.reports.section import Section, show
    rows = read_table(data)
    mine = rows[rows['region'] == region]
    sec = Section(title=f'{region} 数据', notes=[f'来源：{s}' for s in mine['source']])
    sec.tables.append((f'表 {region}', mine.set_index('indicator')[['value', 'unit', 'source']]))
    sec.record('rows', len(mine), unit='行', label=f'{region} 行数',
               source='; '.join(mine['source']))
    show(sec)
"""


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Elements:
    p = _Elements()
    p.feed(page)
    p.close()
    return p


def _assert_inert(page: str) -> str:
    """No live element in ``page`` (checked independently of live_elements); its text."""
    p = _parse(page)
    for tag, attrs in p.tags:
        assert tag not in {"script", "base", "form", "iframe", "object", "embed", "svg"}, tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "meta":
            assert (attrs.get("http-equiv") or "").lower() in ("", "content-security-policy")
        for a in ("href", "src", "action"):
            assert not (attrs.get(a) or "").strip().lower().startswith("javascript:")
    assert live_elements(page) == []
    return "".join(p.text)


@pytest.fixture(scope="module")
def hostile_nb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tiny.ipynb with a free ``region`` (any region of the data) and a cell calling show()."""
    nb = nbformat.read(TINY, as_version=4)
    nb = copy.deepcopy(nb)
    nb.metadata["jinshui"]["parameters"]["region"] = {
        "type": "region", "default": "金水区", "data_param": "data", "help_zh": "区域",
        "help_en": "region"}
    nb.cells.insert(6, nbformat.v4.new_code_cell(SHOW_CELL))
    path = tmp_path_factory.mktemp("nb") / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def hostile_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    regions = [REGION] * len(HOSTILE) + ["甲区", "乙/甲区", "甲 区", "甲-区"]
    rows = pd.DataFrame({
        "region": regions,
        "indicator": [f"{h} 指标{k}" for k, h in enumerate(HOSTILE)] + ["地区生产总值"] * 4,
        "period": "2023-01", "value": [float(k) for k in range(len(regions))], "unit": "亿元",
        "source": HOSTILE + ["=HYPERLINK(\"http://evil.example\")", "+1", "-2+3", "@SUM(A1)"],
    })
    path = tmp_path_factory.mktemp("data") / "hostile.csv"
    rows.to_csv(path, index=False, encoding="utf-8-sig")
    return path


@pytest.fixture(scope="module")
def rendered(hostile_nb: Path, hostile_csv: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> batch.BatchResult:
    """One batch: the hostile region, and four regions whose names differ only in '/', ' ', '-'."""
    out = tmp_path_factory.mktemp("out")
    grid = [{"region": r, "period": "2023-01", "fail_at": f"{FORM}/x"}
            for r in (REGION, "甲区", "乙/甲区", "甲 区", "甲-区")]
    return batch.render_grid(hostile_nb, grid=grid, data=str(hostile_csv), out_dir=out, jobs=2,
                             progress=False)


# --------------------------------------------------------------------------- 1. escaping
def test_hostile_table_renders_as_text(rendered: batch.BatchResult) -> None:
    assert [r.status for r in rendered.results] == ["ok"] * 5, rendered.summary
    page = Path(rendered.results[0].html).read_text("utf-8")
    text = _assert_inert(page)
    # every attack is shown to the reader literally: as text, in the section and its table
    for attack in HOSTILE:
        assert attack in text, attack
    assert f"{REGION} 数据" in text and f"{FORM}/x" in text  # heading; parameters header
    # the index page lists the same strings (figure labels, parameters) as text too
    index_text = _assert_inert(rendered.index_html.read_text("utf-8"))
    assert f"{REGION} 行数" in index_text
    assert f"fail_at={FORM}/x" in index_text


def test_html_guard_names_what_it_found() -> None:
    for attack, named in [(SCRIPT, "<script>"), (REFRESH, 'http-equiv="refresh"'),
                          (BASE, "<base>"), (FORM, "<form>"), (IMG, "onerror"),
                          (JSURL, "javascript:"), (IFRAME, "<iframe>"),
                          ("<object data=x></object>", "<object>"), ("<embed src=x>", "<embed>"),
                          ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "javascript:"),
                          ('<div style="background:url(//evil.example/x.png)">', "evil.example")]:
        with pytest.raises(RenderError, match="live elements|external") as info:
            check_html(f"<html><body><p>ok</p>{attack}</body></html>")
        assert named in str(info.value), (attack, str(info.value))
    check_html('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
               '<a href="https://stats.gov.cn/">a link a reader may click</a>')
    assert live_elements(html.escape(REFRESH + SCRIPT + FORM)) == []


def test_raw_html_from_a_cell_is_refused_and_the_failed_copy_named(
        tmp_path: Path) -> None:
    nb = nbformat.read(TINY, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        f"from IPython.display import HTML\nHTML({REFRESH!r})"))
    path = tmp_path / "raw.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(RenderError) as info:
        render(path, {"period": "2023-01"}, tmp_path / "out")
    message = str(info.value)
    assert 'http-equiv="refresh"' in message
    kept = tmp_path / "out" / "notebooks" / "raw_金水区_2023-01.failed.ipynb"
    assert info.value.notebook == str(kept) and kept.is_file()
    assert f"kept at {kept}" in message and f"kept at {path}" not in message
    assert not (tmp_path / "out" / "raw_金水区_2023-01.html").exists()


def test_word_and_pdf_show_hostile_text_literally(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    from docx import Document as Docx
    from pypdf import PdfReader

    from jinshui_analysis.render.docx_writer import write_docx
    from jinshui_analysis.render.pdf_writer import write_pdf
    from jinshui_analysis.reports.document import Bullets, Document, Heading, Paragraph, Table

    doc = Document(title=f"{REGION} 报告", region=REGION, period_label="2023年1月",
                   issuer=FORM, date="2023-02-01", language="zh", demo=False,
                   blocks=[Heading(f"一、{REGION}", 1), Paragraph(REFRESH), Bullets([BASE, IMG]),
                           Table(f"表1 {JSURL}", ["指标", "来源"],
                                 [[f"{IFRAME}", SCRIPT], ["=1+1", "@x"]], None, REFRESH)])
    docx_path = write_docx(doc, tmp_path / "h.docx")
    d = Docx(str(docx_path))
    text = "\n".join([p.text for p in d.paragraphs]
                     + [c.text for t in d.tables for r in t.rows for c in r.cells])
    for s in (REGION, REFRESH, BASE, IMG, IFRAME, SCRIPT, "=1+1"):
        assert s in text, s
    # no hyperlink was made from the text
    assert [r for r in d.part.rels.values() if "hyperlink" in r.reltype] == []
    pdf_path = write_pdf(doc, tmp_path / "h.pdf")
    pdf_text = "".join("".join(page.extract_text().split()) for page in PdfReader(pdf_path).pages)
    for s in (REGION, REFRESH, BASE, IMG, SCRIPT):
        assert "".join(s.split()) in pdf_text, s


# --------------------------------------------------------------------------- 2. names
def test_colliding_region_names_get_distinct_files(rendered: batch.BatchResult) -> None:
    stems = [r.stem for r in rendered.results]
    assert len(set(stems)) == 5
    assert stems[1] == "tiny_甲区_2023-01" and stems[4] == "tiny_甲-区_2023-01"  # readable
    assert stems[2].startswith("tiny_乙-甲区-") and stems[3].startswith("tiny_甲-区-")  # + hash
    out = rendered.out_dir
    for r in rendered.results:
        html_path = Path(r.html)
        assert html_path.parent == out and html_path.is_file()
        assert json.loads(html_path.with_suffix(".json").read_text("utf-8"))["parameters"][
            "region"] == r.parameters["region"]
    assert sorted(p.name for p in out.glob("*.html")) == sorted(
        [f"{s}.html" for s in stems] + ["index.html"])


def test_two_jobs_one_file_is_refused_before_running(hostile_nb: Path, hostile_csv: Path,
                                                     tmp_path: Path) -> None:
    grid = [{"region": "甲区", "period": "2023-01"}, {"region": "甲区", "period": "2023-01"}]
    with pytest.raises(ParameterError, match="same file tiny_甲区_2023-01.html.*twice"):
        batch.render_grid(hostile_nb, grid=grid, data=str(hostile_csv), out_dir=tmp_path / "o",
                          progress=False)
    assert not (tmp_path / "o").exists()
    # names that a case-insensitive file system would merge are refused as well
    jobs = [prepare_job(TINY, {"region": "金水区"}, tmp_path, stem=s) for s in ("Ab", "aB")]
    with pytest.raises(ParameterError, match="'金水区'.*'金水区'|same file"):
        batch.check_distinct(jobs)


@pytest.mark.parametrize("stem", ["../../x", "/etc/x", "a/b", "..", ".hidden", "a\\b", "",
                                  "x\x00y", "x\ny", "a" * 200, "con:x"])
def test_stem_cannot_leave_out_dir(stem: str, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="parameter 'stem'"):
        render(TINY, {"period": "2023-01"}, tmp_path / "out", stem=stem)
    assert not (tmp_path / "out").exists()
    assert check_stem("月报_金水区-2023.06") == "月报_金水区-2023.06"


def test_default_stems_are_safe_for_any_value() -> None:
    values = ["../../etc/passwd", "a/b", "a b", "a\tb", "a_b", "CON", "<>:\"|?*", "\u202e区",
              "ｆｕｌｌ／ｗｉｄｔｈ", "x" * 300, "", " ", "\u00e9", "e\u0301"]
    stems = [default_stem("tiny", {"region": v, "period": "2023-01"}) for v in values]
    assert len(set(stems)) == len(values)  # é composed and decomposed differ: kept apart
    for s in stems:
        assert "/" not in s and "\\" not in s and not s.startswith(".")
        assert len(s.encode("utf-8")) <= 180
        assert all(c.isalnum() or c in "-._" for c in s), s


# --------------------------------------------------------------------------- 4. one run per folder
def test_output_lock_refuses_a_second_run_and_waits(tmp_path: Path) -> None:
    script = (f"import time\nfrom jinshui_analysis.render.outputs import OutputLock\n"
              f"with OutputLock({str(tmp_path)!r}):\n    print('held', flush=True)\n"
              f"    time.sleep(3)\nprint('released', flush=True)\n")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(JinshuiError, match=rf"pid {holder.pid}\) is writing to"):
            OutputLock(tmp_path).acquire()
        with OutputLock(tmp_path, wait=30):  # waits until the other process lets go
            assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait()


def test_cleanup_spares_live_temporaries(tmp_path: Path) -> None:
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout.strip()
        (tmp_path / "notebooks").mkdir()
        mine = tmp_path / f".a.html.tmp-{live.pid}"
        gone = tmp_path / "notebooks" / f".b.ipynb.tmp-{dead}"
        mine.write_text("in progress")
        gone.write_text("left by a killed run")
        assert clean_temporaries(tmp_path) == 1
        assert mine.exists() and not gone.exists()
    finally:
        live.kill()
        live.wait()


def test_atomic_write_leaves_no_temporary_on_failure(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match="No space"):
        atomic_write(tmp_path / "x.html", "<html></html>")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- 8. CSV
def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    frame = pd.DataFrame({"source": ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                     "\tx", "国家统计局"], "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0]})
    safe = neutralise_formulas(frame)
    assert safe["source"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)",
                                       "'\tx", "国家统计局"]
    assert safe["value"].tolist() == frame["value"].tolist()  # numbers stay numbers
    back = pd.read_csv(write_csv(frame, tmp_path / "f.csv"), encoding="utf-8-sig", index_col=0)
    assert back["source"].tolist() == safe["source"].tolist()
    assert back["value"].tolist() == frame["value"].tolist()


def test_collect_csv_from_hostile_reports(rendered: batch.BatchResult, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "figures.csv"
    assert cli.main(["collect", str(rendered.out_dir), "--csv", str(target)]) == 0
    frame = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    cells = frame.to_numpy().ravel().tolist()
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    assert not [c for c in cells if c.startswith("-") and not c.lstrip("-").replace(
        ".", "", 1).isdigit()]
    assert any(c.startswith("'=HYPERLINK") for c in cells)  # the 甲区 row's source, kept as text


# --------------------------------------------------------------------------- 9. skip cache
def test_same_size_same_mtime_edit_is_seen(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("region,indicator,period,value,unit\n金水区,x,2023-01,1.0,亿元\n", "utf-8")
    first = prepare_job(TINY, {"data": str(data)}, tmp_path / "o")
    st = data.stat()
    data.write_text("region,indicator,period,value,unit\n金水区,x,2023-01,7.0,亿元\n", "utf-8")
    os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time
    assert data.stat().st_size == st.st_size and data.stat().st_mtime_ns == st.st_mtime_ns
    second = prepare_job(TINY, {"data": str(data)}, tmp_path / "o")
    assert first.key != second.key
    assert first.data[0]["files"][0]["sha256"] != second.data[0]["files"][0]["sha256"]


# --------------------------------------------------------------------------- 5-7. the CLI
def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the CLI with English messages (``--lang en``; the Chinese default is checked in
    tests/test_messages.py) and return its exit code and its one line on stderr."""
    try:
        code = cli.main(["--lang", "en", *argv])
    except SystemExit as exc:  # argparse: usage errors
        code = exc.code
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err  # one line, never a traceback
    assert "Traceback" not in err
    return code, lines[0]


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<row>" + "0" * (60 * 1024 * 1024) + "</row>")
    return path


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    big = d / "big.csv"
    with open(big, "wb") as fh:  # sparse: 60 MB on paper, nothing on disk
        fh.write(b"region,indicator,period,value,unit\n")
        fh.truncate(60 * 1024 * 1024)
    big5 = d / "big5.csv"
    big5.write_bytes("region,indicator,period,value,unit\n金水區,地區生產總值,2023-01,1.5,億元\n"
                     .encode("big5"))
    cut = d / "cut.csv"
    cut.write_text('region,indicator,period,value,unit\n金水区,地区生产总值,2023-01,"18754', "utf-8")
    pua = d / "pua.csv"
    pua.write_text("region,indicator,period,value,unit\n金水区,地区\ue000生产总值,2023-01,1,亿元\n",
                   "utf-8")
    bom = d / "bom.csv"
    bom.write_text("region,indicator,period,value,unit\n\ufeff金水区,\ufeff地区生产总值,2023-01,1,亿元\n",
                   "utf-8")
    notnb = d / "notes.ipynb"
    notnb.write_text("this is not a notebook", "utf-8")
    json_nb = d / "list.ipynb"
    json_nb.write_text("[1, 2, 3]", "utf-8")
    afile = d / "afile"
    afile.write_text("x", "utf-8")
    fake = d / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 broken")
    return {"big": big, "big5": big5, "cut": cut, "pua": pua, "bom": bom, "notnb": notnb,
            "json_nb": json_nb, "afile": afile, "bomb": _zip_bomb(d / "bomb.xlsx"),
            "fake_xlsx": fake}


@pytest.mark.parametrize("case, argv, code, says", [
    ("zip bomb", ["--data", "{bomb}"], 2, "expands"),
    ("oversized CSV", ["--data", "{big}"], 2, "more than the limit of 52.4 MB"),
    ("truncated CSV", ["--data", "{cut}"], 2, "cut.csv"),
    ("private-use character", ["--data", "{pua}"], 2, "pua.csv"),
    ("broken xlsx", ["--data", "{fake_xlsx}"], 2, "not a valid .xlsx"),
    ("missing data", ["--data", "/nonexistent/x.csv"], 2, "not found"),
    ("data not a table", ["--data", "{notnb}"], 2, "expected a .csv or .xlsx"),
    ("timeout nan", ["--timeout", "nan"], 2, "--timeout"),
    ("timeout inf", ["--timeout", "inf"], 2, "--timeout"),
    ("timeout 1e12", ["--timeout", "1e12"], 2, "--timeout"),
    ("timeout 0", ["--timeout", "0"], 2, "--timeout"),
    ("timeout text", ["--timeout", "soon"], 2, "--timeout"),
    ("jobs 0", ["--jobs", "0"], 2, "--jobs"),
    ("region twice", ["--param", "region=中原区", "--region", "金水区"], 2, "use one"),
    ("period twice", ["--param", "period=2023-02", "--period", "2023-01"], 2, "use one"),
    ("param twice", ["--param", "scale=1", "--param", "scale=2"], 2, "given twice"),
    ("param without =", ["--param", "scale"], 2, "key=value"),
    ("unknown param", ["--param", "colour=red"], 2, "unknown parameter"),
    ("out is a file", ["--out", "{afile}"], 2, "cannot write to the output folder"),
    ("out below a file", ["--out", "{afile}/sub"], 2, "cannot write to the output folder"),
    ("scheduler without dask", ["--scheduler", "tcp://127.0.0.1:8786"], 2, "--executor dask"),
    ("malformed scheduler", ["--executor", "dask", "--scheduler", "nowhere"], 2,
     "dask scheduler address"),
    ("unreachable scheduler", ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"], 1,
     "cannot reach the dask scheduler"),
    ("bad month", ["--period", "2023-13"], 2, "parameter 'period'"),
    ("empty range", ["--period", "2023-06:2023-01"], 2, "parameter 'period'"),
    ("no period", ["--period", ","], 2, "no period given"),
    ("no region", ["--region", " , "], 2, "no region given"),
    ("empty out", ["--out", ""], 2, "empty output folder"),
    ("lock wait nan", ["--wait", "nan"], 2, "--wait"),
])
def test_cli_failures_are_one_line(case: str, argv: list[str], code: int, says: str,
                                   hostile_nb: Path, bad_inputs: dict[str, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    argv = [a.format(**{k: str(v) for k, v in bad_inputs.items()}) for a in argv]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "out")]
    got, line = _cli(capsys, "render", str(hostile_nb), "--no-progress", *argv)
    assert (got, says in line) == (code, True), line
    assert not list(tmp_path.rglob("*.html"))


@pytest.mark.parametrize("which", ["notnb", "json_nb", "big5"])
def test_cli_notebook_that_is_not_a_notebook(which: str, bad_inputs: dict[str, Path],
                                             tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["render", str(bad_inputs[which]), "--out", str(tmp_path)],
                    ["params", str(bad_inputs[which])]):
        code, line = _cli(capsys, *command)
        assert code == 2 and "is not a Jupyter notebook" in line, line


def test_cli_big5_and_stray_bom_are_read(hostile_nb: Path, bad_inputs: dict[str, Path]) -> None:
    """Big5 (traditional) text and BOMs inside cells are read, not refused: the region check
    finds 金水区 in both files (區 → 区, BOM removed)."""
    from jinshui_analysis.render.params import regions_for

    assert "金水区" in regions_for(str(bad_inputs["big5"]))
    assert "金水区" in regions_for(str(bad_inputs["bom"]))
    job = prepare_job(hostile_nb, {"data": str(bad_inputs["big5"]), "region": "金水区"}, "/tmp")
    assert job.parameters["region"] == "金水区"


def test_cli_unreadable_data_and_readonly_out(hostile_nb: Path, bad_inputs: dict[str, Path],
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "locked.csv"
    data.write_text("region,indicator,period,value,unit\n金水区,x,2023-01,1,亿元\n", "utf-8")
    real_open = open

    def deny(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - root ignores chmod 000
        if str(file) == str(data):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    monkeypatch.setattr(Path, "read_bytes", lambda self: deny(self, "rb").read())
    code, line = _cli(capsys, "render", str(TINY), "--data", str(data), "--out",
                      str(tmp_path / "o"), "--no-progress")
    assert code == 2 and "Permission denied" in line and "locked.csv" in line
    monkeypatch.undo()

    readonly = tmp_path / "ro"
    readonly.mkdir()
    if os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs",
                                             str(readonly)], capture_output=True).returncode == 0:
        try:
            code, line = _cli(capsys, "render", str(TINY), "--out", str(readonly),
                              "--no-progress")
        finally:
            subprocess.run(["umount", "-l", str(readonly)], check=False, capture_output=True)
    else:
        readonly.chmod(0o555)
        code, line = _cli(capsys, "render", str(TINY), "--out", str(readonly / "x"),
                          "--no-progress")
    assert code == 2 and "cannot write to the output folder" in line, line


def test_cli_collect_and_index_failures(tmp_path: Path, bad_inputs: dict[str, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, line = _cli(capsys, "collect", str(tmp_path / "nothing"))
    assert code == 2 and "no such folder" in line
    code, line = _cli(capsys, "index", str(bad_inputs["afile"]))
    assert code == 1 and "afile" in line


# --------------------------------------------------------------------------- 7. full disk
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny tmpfs needs root")
def test_full_disk_leaves_no_temporaries_and_says_what_was_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "full"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(out)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount does not work here")
    try:
        code = cli.main(["render", str(TINY), "--period", "2023-01:2023-04", "--jobs", "1",
                         "--out", str(out), "--no-progress"])
        captured = capsys.readouterr()
        files = [p for p in out.rglob("*") if p.is_file()]
        pages = [p.read_text("utf-8") for p in files
                 if p.suffix == ".html" and p.name != "index.html"]
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False, capture_output=True)
    assert code == 1
    assert "Traceback" not in captured.err
    assert not [p for p in files if ".tmp-" in p.name], files
    ok = [line for line in captured.out.splitlines() if " ok " in f" {line} "]
    failed = [line for line in captured.out.splitlines() if "dead" in line or "failed" in line]
    assert ok and failed, captured.out  # some fitted, the rest failed for want of space
    for page in pages:
        assert page.rstrip().endswith("</html>")  # complete or absent



# --------------------------------------------------------------------------- 3. Ctrl-C
@pytest.mark.slow
def test_sigint_stops_the_batch_and_writes_summary_and_index(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jinshui_analysis", "render", str(TINY),
           "--period", "2023-01:2023-08", "--param", "mode=sleep", "--param", "sleep=4",
           "--jobs", "2", "--out", str(out), "--no-progress", "--lang", "en"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not list(out.glob("tiny_*.json")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no report finished in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)  # not the ~16 s the queue would take
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    statuses = dict(line.split()[:2] for line in stdout.splitlines()
                    if line.startswith("tiny_"))
    assert len(statuses) == 8
    assert "cancelled" in statuses.values()  # queued jobs were not started
    assert set(statuses.values()) <= {"ok", "interrupted", "cancelled"}
    index = (out / "index.html").read_text("utf-8")
    assert '<td class="cancelled">cancelled</td>' in index
    done = {p.stem for p in out.glob("tiny_*.json")}
    assert done == {k for k, v in statuses.items() if v == "ok"}
    assert not list(out.rglob(".*.tmp-*"))
    for stem, status in statuses.items():
        if status == "interrupted":
            rec = json.loads((out / ".jinshui" / f"{stem}.failed.json").read_text("utf-8"))
            assert rec["status"] == "interrupted"


@pytest.mark.slow
def test_two_concurrent_runs_on_one_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = [sys.executable, "-m", "jinshui_analysis", "render", str(TINY), "--out", str(out),
            "--no-progress", "--param", "mode=sleep", "--param", "sleep=3", "--jobs", "1",
            "--lang", "en"]
    first = subprocess.Popen([*base, "--period", "2023-01:2023-02"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not (out / ".jinshui" / "lock").exists() or not (
                out / ".jinshui" / "lock").read_text().strip():
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        second = subprocess.run([*base, "--period", "2023-03"], capture_output=True, text=True,
                                timeout=120)
        assert second.returncode == 1
        assert second.stderr.strip().splitlines() == [
            f"error: another jinshui run (pid {first.pid}) is writing to {out}: let it finish, "
            "or use another output folder"]
        third = subprocess.run([*base, "--period", "2023-03", "--wait", "600"],
                               capture_output=True, text=True, timeout=900)
        assert first.wait(timeout=600) == 0
        assert third.returncode == 0, third.stderr
    finally:
        if first.poll() is None:
            first.kill()
    assert {p.stem for p in out.glob("tiny_*.json")} == {
        "tiny_金水区_2023-01", "tiny_金水区_2023-02", "tiny_金水区_2023-03"}

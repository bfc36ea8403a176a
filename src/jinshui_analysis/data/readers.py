"""Files → rows of cells, for :func:`~jinshui_analysis.data.read_table`.

This module opens a CSV or XLSX file safely and yields its rows; it knows nothing of layouts.

- **Size limits**: a file larger than ``max_bytes`` (default :data:`MAX_BYTES`, 50 MB) is
  refused before it is loaded; an XLSX workbook whose parts expand implausibly (more than
  :data:`MAX_XLSX_RATIO` times their compressed size, or more than
  :data:`MAX_XLSX_UNCOMPRESSED` bytes in all — a “zip bomb”) is refused before openpyxl sees it.
- **Encodings** (CSV): UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5
  (traditional characters).  GB18030 accepts nearly any byte sequence, so a Big5 file would
  decode as GB18030 into garbage; the decode that yields private-use characters or fewer common
  bulletin characters loses.  Text read as Big5 has the traditional characters the reader needs
  (億 萬 區 指標 單位 …) mapped to simplified ones (:data:`TRADITIONAL`).
- **Cell hygiene**: stray byte-order marks (U+FEFF) and zero-width spaces are removed anywhere;
  private-use, replacement (U+FFFD) and control characters are refused naming row and column.
- **Malformed CSV**: a quoted field that is never closed (a file cut short) is refused.
- Unreadable files (permissions), non-zip or corrupt XLSX raise :class:`DataError`.
- **Workbooks**: every visible sheet is a table (:func:`open_grids`); hidden and veryHidden
  sheets are not read and are returned as :class:`SheetSkipped` with their reason.  Formula
  cells are read as their cached values; :attr:`Grid.formulas` counts them so the reader can
  say so.  Old ``.xls`` files are read with ``xlrd`` (Excel 97-2003) or, when they are the HTML
  tables many government systems save under that name, with ``pandas.read_html`` (lxml).

Rows are numbered as the user sees them: the spreadsheet row, or the CSV line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import DataError

__all__ = [
    "MAX_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNCOMPRESSED",
    "TRADITIONAL",
    "Grid",
    "col_letter",
    "decode",
    "SheetSkipped",
    "open_grid",
    "open_grids",
]

#: Largest table read_table accepts, in bytes (``read_table(max_bytes=…)`` overrides it).
MAX_BYTES = 50 * 1024 * 1024
#: Largest total uncompressed size of an XLSX workbook's parts.
MAX_XLSX_UNCOMPRESSED = 500 * 1024 * 1024
#: Largest uncompressed/compressed ratio of an XLSX part (larger than 1 MB uncompressed).
MAX_XLSX_RATIO = 100
_RATIO_MIN_SIZE = 1024 * 1024
_HEAD_ROWS = 40

#: Traditional → simplified characters of bulletin words (units, headers, common indicators).
_PAIRS = (
    "億亿萬万區区縣县鎮镇標标單单產产總总計计長长額额業业規规資资會会費费貨货進进務务財财預预"
    "設设廣广東东鄭郑開开發发農农賣卖項项數数現现價价實实際际質质報报說说註注來来與与為为個个"
    "戶户條条機机電电氣气銷销庫库網网舊旧稅税營营運运輸输郵邮築筑園园廳厅處处歲岁從从應应門门"
    "學学醫医療疗險险們们歸归屬属環环漲涨層层絕绝對对當当則则種种類类專专術术內内統统積积續续"
    "細细輕轻車车齡龄員员導导錢钱儲储貸贷餘余場场銀银齊齐復复點点幣币纔才週周臺台灣湾"
)
TRADITIONAL = str.maketrans({_PAIRS[k]: _PAIRS[k + 1] for k in range(0, len(_PAIRS), 2)})
_COMMON = frozenset(
    "年月日季度指标單单位億亿萬万元區区縣县市省地生產产总總值增長长同比累计計本当當月份收入"
    "投资資消费費零售社会會工业業规規模以上下半前三一二四全人口户戶额額率比重%"
)
_BAD_CHARS = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_INVISIBLE = re.compile("[\ufeff\u200b\u2060]")


@dataclass
class Grid:
    """The rows of one table: ``(row number, cells)``; read lazily for CSV.

    ``head`` holds the first rows (enough to find the header); ``rows`` reads the whole table;
    :meth:`tail` streams the rows after ``head`` without keeping them.
    """

    path: Path
    sheet: str | None
    head: list[tuple[int, list[Any]]]
    _rest: Iterator[tuple[int, list[Any]]] = field(default_factory=lambda: iter(()))
    #: 0-based column of the sheet where this grid's first column sits (a table side by side
    #: with another starts further right).
    col0: int = 0
    #: Cells of the sheet that hold a formula (their cached values were read), 0 when none.
    formulas: int = 0

    @property
    def name(self) -> str:
        """File name (and sheet) for the ``source`` column and warnings."""
        return f"{self.path.name}!{self.sheet}" if self.sheet else self.path.name

    @property
    def where(self) -> str:
        """File (and sheet) for error messages."""
        return f"{self.path}!{self.sheet}" if self.sheet else str(self.path)

    @property
    def rows(self) -> list[tuple[int, list[Any]]]:
        """Every row (read to the end on first use)."""
        self.head.extend(self._rest)
        self._rest = iter(())
        return self.head

    def tail(self) -> Iterator[tuple[int, list[Any]]]:
        """The rows after ``head``, streamed (each row is read once)."""
        rest, self._rest = self._rest, iter(())
        return rest


def col_letter(j: int) -> str:
    """Spreadsheet column letter of the 0-based column ``j`` (0 → A, 26 → AA)."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


# --------------------------------------------------------------------------- checks
def _check_size(path: Path, max_bytes: int) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None
    if size > max_bytes:
        raise DataError(
            f"the file is {size / 1e6:.1f} MB, more than the limit of {max_bytes / 1e6:.1f} MB "
            "for one table: split it, or pass a larger max_bytes=…",
            file=str(path),
        )
    return size


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None


def _check_zip(path: Path) -> None:
    """Refuse a non-zip file and a workbook that would expand implausibly."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except PermissionError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise DataError(
            f"not a valid .xlsx workbook ({exc}): open it in Excel/WPS and save it as .xlsx",
            file=str(path),
        ) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise DataError(
            f"the .xlsx workbook would expand to {total / 1e6:.0f} MB (limit "
            f"{MAX_XLSX_UNCOMPRESSED / 1e6:.0f} MB): refused", file=str(path),
        )
    for i in infos:
        if i.file_size > _RATIO_MIN_SIZE and i.file_size > MAX_XLSX_RATIO * max(i.compress_size, 1):
            raise DataError(
                f"the .xlsx part {i.filename!r} expands {i.file_size / max(i.compress_size, 1):.0f}"
                f" times (limit {MAX_XLSX_RATIO}): an implausible workbook, refused",
                file=str(path),
            )


# --------------------------------------------------------------------------- decoding
def _score(text: str) -> float:
    sample = text[:20000]
    common = sum(ch in _COMMON for ch in sample)
    bad = len(_BAD_CHARS.findall(sample))
    return common - 5 * bad


def decode(path: Path, raw: bytes) -> str:
    """Decode a CSV file's bytes (see the module docstring); Big5 text is simplified."""
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            candidates = ["gb18030", "big5"]
    decoded: dict[str, str] = {}
    for enc in candidates:
        try:
            decoded[enc] = raw.decode(enc)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise DataError(
            "cannot decode the file as UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5: "
            "save it as CSV UTF-8",
            file=str(path),
        )
    if len(decoded) == 2 and _score(decoded["big5"]) > _score(decoded["gb18030"]):
        return decoded["big5"].translate(TRADITIONAL)
    return next(iter(decoded.values()))


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        if _INVISIBLE.search(value):
            value = _INVISIBLE.sub("", value)
        return value.strip()
    return value


def _bad_cell(path: Path, sheet: str | None, rownum: int, j: int, text: str) -> DataError:
    bad = _BAD_CHARS.search(text)
    code = f"U+{ord(bad[0]):04X}" if bad else "?"
    where = f"{path}!{sheet}" if sheet else str(path)
    return DataError(
        f"unreadable character {code} (private-use, control or replacement character): the "
        "file is damaged or in an unsupported encoding; save it as CSV UTF-8 or .xlsx",
        file=where, row=rownum, column=col_letter(j), text=text,
    )


# --------------------------------------------------------------------------- CSV
def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, list[Any]]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    check = _BAD_CHARS.search(text) is not None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    prev = 0
    try:
        for record in reader:
            rownum = prev + 1
            prev = reader.line_num
            if check:
                for j, c in enumerate(record):
                    if _BAD_CHARS.search(c):
                        raise _bad_cell(path, None, rownum, j, c)
            yield rownum, [c.strip() for c in record]
    except csv.Error as exc:
        what = ("a quoted field is never closed (is the file cut short?)"
                if "end of data" in str(exc) else str(exc))
        raise DataError(f"malformed CSV: {what}", file=str(path), row=prev + 1) from None


def _csv_grid(path: Path) -> Grid:
    text = decode(path, _read_bytes(path))
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    rows = _csv_rows(path, text)
    head = [r for _, r in zip(range(_HEAD_ROWS), rows)]
    return Grid(path, None, head, rows)


# --------------------------------------------------------------------------- XLSX
@dataclass(frozen=True)
class SheetSkipped:
    """A sheet of a workbook that is not read, with its reason (zh and en)."""

    sheet: str
    reason_zh: str
    reason_en: str


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _formula_count(path: Path, part: str | None) -> int:
    """Number of formula cells in a sheet's XML part (their cached values are what is read)."""
    if not part:
        return 0
    try:
        with zipfile.ZipFile(path) as zf:
            name = part.lstrip("/")
            if name not in zf.namelist():
                return 0
            return len(_FORMULA.findall(zf.read(name)))
    except (zipfile.BadZipFile, OSError, KeyError):
        return 0


def _sheet_rows(path: Path, title: str, values_iter: Iterator[Any]) -> list[tuple[int, list[Any]]]:
    rows: list[tuple[int, list[Any]]] = []
    for i, values in enumerate(values_iter, start=1):
        cells = [_clean_cell(v) for v in values]
        for j, v in enumerate(cells):
            if isinstance(v, str) and _BAD_CHARS.search(v):
                raise _bad_cell(path, title, i, j, v)
        rows.append((i, cells))
    return rows


def _xlsx_grids(path: Path, sheet: str | int | None) -> tuple[list[Grid], list[SheetSkipped]]:
    """Every visible sheet (``sheet=None``) or the one asked for; hidden sheets are skipped."""
    import openpyxl

    _check_zip(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except PermissionError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise DataError(
            f"cannot open the .xlsx workbook ({type(exc).__name__}: {exc})", file=str(path)
        ) from None
    grids: list[Grid] = []
    skipped: list[SheetSkipped] = []
    try:
        names = wb.sheetnames
        if sheet is None:
            chosen = list(wb.worksheets)
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise DataError(f"sheet index {sheet} out of range; sheets: {names}", file=str(path))
            chosen = [wb.worksheets[sheet]]
        elif isinstance(sheet, str) and sheet in names:
            chosen = [wb[sheet]]
        else:
            raise DataError(f"no sheet {sheet!r}; sheets: {names}", file=str(path))
        for ws in chosen:
            title = ws.title
            state = getattr(ws, "sheet_state", "visible")
            if sheet is None and state in ("hidden", "veryHidden"):
                skipped.append(SheetSkipped(
                    title, f"隐藏的工作表（{state}），未读取：如需读取请先取消隐藏",
                    f"{state} sheet, not read: unhide it to have it read"))
                continue
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                skipped.append(SheetSkipped(title, "图表工作表，无数据", "chart sheet, no data"))
                continue
            try:
                rows = _sheet_rows(path, title, ws.iter_rows(min_row=1, values_only=True))
            except DataError:
                raise
            except Exception as exc:  # corrupt sheet XML
                raise DataError(
                    f"cannot read the .xlsx workbook ({type(exc).__name__}: {exc})",
                    file=str(path),
                ) from None
            grid = Grid(path, title, rows)
            grid.formulas = _formula_count(path, getattr(ws, "_worksheet_path", None))
            grids.append(grid)
    finally:
        wb.close()
    return grids, skipped


# --------------------------------------------------------------------------- XLS
def _xls_grids(path: Path, sheet: str | int | None) -> tuple[list[Grid], list[SheetSkipped]]:
    """An old ``.xls``: a BIFF workbook (xlrd), or the HTML table many systems save as .xls."""
    raw = _read_bytes(path)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return _biff_grids(path, raw, sheet)
    head = raw[:4096].lower()
    if b"<table" in head or b"<html" in head or b"<!doctype" in head or b"<?xml" in head:
        return _html_grids(path, raw, sheet)
    raise DataError(
        "not a readable .xls file (neither an Excel 97-2003 workbook nor an HTML table): "
        "open it in Excel/WPS and save it as .xlsx", file=str(path))


def _biff_grids(path: Path, raw: bytes, sheet: str | int | None
                ) -> tuple[list[Grid], list[SheetSkipped]]:
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency
        raise DataError("reading .xls needs the xlrd package (pip install xlrd), or save the "
                        "file as .xlsx", file=str(path)) from None
    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    except Exception as exc:
        raise DataError(f"cannot open the .xls workbook ({type(exc).__name__}: {exc}): save it "
                        "as .xlsx", file=str(path)) from None
    names = book.sheet_names()
    if sheet is None:
        indices = list(range(len(names)))
    elif isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
        indices = [sheet]
    elif isinstance(sheet, str) and sheet in names:
        indices = [names.index(sheet)]
    else:
        raise DataError(f"no sheet {sheet!r}; sheets: {names}", file=str(path))
    grids: list[Grid] = []
    skipped: list[SheetSkipped] = []
    for k in indices:
        ws = book.sheet_by_index(k)
        if sheet is None and ws.visibility:
            state = "veryHidden" if ws.visibility == 2 else "hidden"
            skipped.append(SheetSkipped(
                ws.name, f"隐藏的工作表（{state}），未读取：如需读取请先取消隐藏",
                f"{state} sheet, not read: unhide it to have it read"))
            continue

        def cells(r: int, ws: Any = ws) -> list[Any]:
            out: list[Any] = []
            for c in ws.row(r):
                if c.ctype == xlrd.XL_CELL_EMPTY or c.ctype == xlrd.XL_CELL_BLANK:
                    out.append(None)
                elif c.ctype == xlrd.XL_CELL_ERROR:
                    out.append(None)
                elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                    out.append(bool(c.value))
                else:
                    out.append(c.value)
            return out

        rows = _sheet_rows(path, ws.name, (cells(r) for r in range(ws.nrows)))
        grids.append(Grid(path, ws.name, rows))
    return grids, skipped


def _html_grids(path: Path, raw: bytes, sheet: str | int | None
                ) -> tuple[list[Grid], list[SheetSkipped]]:
    import pandas as pd

    m = re.search(rb"charset=[\"']?([\w-]+)", raw[:4096], re.I)
    encoding = m[1].decode("ascii") if m else None
    try:
        text = raw.decode(encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        text = decode(path, raw)
    try:
        tables = pd.read_html(io.StringIO(text), header=None, keep_default_na=False,
                              flavor="lxml")
    except ImportError:  # pragma: no cover - lxml is a dependency
        raise DataError("reading an HTML table saved as .xls needs the lxml package, or save "
                        "the file as .xlsx", file=str(path)) from None
    except ValueError as exc:
        raise DataError(f"no table in the HTML file saved as .xls ({exc}): save it as .xlsx",
                        file=str(path)) from None
    grids: list[Grid] = []
    for k, t in enumerate(tables):
        name = f"表{k + 1}"
        if sheet is not None and sheet not in (k, name):
            continue
        body = [[None if (isinstance(v, str) and not v.strip()) else v for v in row]
                for row in t.itertuples(index=False)]
        # read_html repeats the text of merged cells: keep only the first of a run
        for row in body:
            for j in range(len(row) - 1, 0, -1):
                if isinstance(row[j], str) and row[j] == row[j - 1]:
                    row[j] = None
        rows = _sheet_rows(path, name, iter(body))
        grids.append(Grid(path, name if len(tables) > 1 else None, rows))
    if not grids:
        raise DataError(f"no sheet {sheet!r} in the HTML table saved as .xls", file=str(path))
    return grids, []


def open_grids(path: Path, max_bytes: int, sheet: str | int | None = None
               ) -> tuple[list[Grid], list[SheetSkipped]]:
    """Every table of a file: the visible sheets of a workbook (or ``sheet``), the CSV's one.

    Returns the grids and the sheets not read (hidden, veryHidden, chart sheets) with reasons.
    """
    _check_size(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_grids(path, sheet)
    if suffix == ".xls":
        return _xls_grids(path, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return [_csv_grid(path)], []
    raise DataError(f"unsupported file type {suffix!r}: use .csv, .xlsx or .xls", file=str(path))


def open_grid(path: Path, sheet: str | int | None, max_bytes: int) -> Grid:
    """The rows of one table: a CSV (``.csv``/``.txt``/``.tsv``), or one sheet of an XLSX/XLS
    workbook (the first visible one when ``sheet`` is None).

    Raises
    ------
    DataError
        Too large, unreadable, undecodable, malformed or unsupported file (see the module
        docstring); never a traceback from a lower layer.
    """
    grids, _ = open_grids(path, max_bytes, sheet)
    if not grids:
        raise DataError("no visible sheet in the workbook", file=str(path))
    return grids[0]


def normalised(value: Any) -> str:
    """NFKC text of a cell without whitespace (for comparing headers)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "" if value is None else str(value)))

"""One exception hierarchy and the warnings of the package, beside their message templates.

Every error a user can provoke with bad input derives from :class:`JinshuiError`, so that
``except JinshuiError`` catches all of them.  Messages name the file, row/column or parameter
and say what is wrong (see the templates below).

Modelled on ``arch/utility/exceptions.py`` and ``papermill/exceptions.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

LANGUAGES = ("zh", "en")


class JinshuiError(Exception):
    """Base class of every error raised by jinshui_analysis.

    :meth:`text_in` gives the message in Chinese (``"zh"``, the default of the command line)
    or English (``"en"``, ``str(error)``).
    """

    def text_in(self, language: str = "zh") -> str:
        """The message in ``language``: Chinese from the known message patterns
        (:func:`zh_message`), English as raised."""
        full = str(self)
        return full if language == "en" else zh_message(full)


class DataError(JinshuiError, ValueError):
    """A data file or frame is malformed.

    Attributes
    ----------
    file, row, column, text : location of the problem and the offending text, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        text: Any = None,
        zh: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.text = text
        self.message = message
        self.zh = zh
        where = []
        if file is not None:
            where.append(f"file {file!s}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        full = f"{prefix}: {message}" if prefix else message
        if text is not None and repr(str(text)) not in full:
            full += f" (found {str(text)!r})"
        super().__init__(full)

    def text_in(self, language: str = "zh") -> str:
        """One line naming file, sheet, row and column, then what is wrong, in ``language``."""
        if language == "en":
            return str(self)
        where = []
        if self.file is not None:
            name, sep, sheet = str(self.file).partition("!")
            where.append(f"文件 {name}")
            if sep:
                where.append(f"工作表“{sheet}”")
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column is not None:
            where.append(f"“{self.column}”列")
        what = self.zh or zh_message(str(self.message))
        full = f"{'，'.join(where)}：{what}" if where else what
        found = self.text
        if found is not None and str(found) not in full:
            full += f"（原文“{found}”）"
        return full


class PeriodError(DataError):
    """A period label that cannot be parsed."""


class ParameterError(JinshuiError, ValueError):
    """A function or notebook parameter is invalid.

    Attributes
    ----------
    parameter : name of the offending parameter.
    """

    def __init__(self, message: str, *, parameter: str | None = None,
                 zh: str | None = None) -> None:
        self.parameter = parameter
        self.message = message
        self.zh = zh
        super().__init__(f"parameter {parameter!r}: {message}" if parameter else message)

    def text_in(self, language: str = "zh") -> str:
        """The message in ``language``, naming the parameter."""
        if language == "en":
            return str(self)
        what = self.zh or zh_message(self.message)
        return f"参数“{self.parameter}”：{what}" if self.parameter else what


class ModelError(JinshuiError, ValueError):
    """A model cannot be computed from the given inputs (mismatched indexes, missing periods…)."""


class RenderError(JinshuiError, RuntimeError):
    """Executing or exporting a report notebook failed.

    Attributes
    ----------
    notebook : path of the (saved, partially executed) notebook.
    cell_index : index of the failing cell, when known.
    traceback : the kernel's traceback text, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        notebook: str | None = None,
        cell_index: int | None = None,
        traceback: str | None = None,
    ) -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        self.traceback = traceback
        self.message = message
        parts = [message]
        if cell_index is not None:
            parts.append(f"(cell {cell_index})")
        if notebook is not None:
            parts.append(f"— notebook kept at {notebook}")
        super().__init__(" ".join(parts))

    def text_in(self, language: str = "zh") -> str:
        if language == "en":
            return str(self)
        full = zh_message(self.message)
        if self.cell_index is not None:
            full += f"（第{self.cell_index}个单元格）"
        if self.notebook is not None:
            full += f"——已执行的笔记本保存在 {self.notebook}"
        return full


# --------------------------------------------------------------------------- warnings
class JinshuiWarning(UserWarning):
    """Base class of the package's warnings.

    A model warning carries a ``code`` and the fields the reports layer words it with
    (:func:`jinshui_analysis.reports.labels.plain` looks ``code`` up in the text catalogue);
    the message stays an English sentence for developers.  Every field is also an attribute.

    Parameters
    ----------
    message : str
        The English developer message (``str(warning)``).
    code : str, optional
        What happened, as a code (``"short_series"``, ``"model_failed"`` …); ``""`` for a
        warning known only by its message.
    **fields
        Numbers and names the wording needs (``name=``, ``n=``, ``model=`` …).

    Examples
    --------
    >>> w = ShortSeriesWarning("series 'gdp' has 4 observations …", code="short_series",
    ...                        name="gdp", n=4, model="ets", need=6, fallback="drift")
    >>> w.code, w.n, w.fields["fallback"]
    ('short_series', 4, 'drift')

    Warnings pickle with their code and fields (a report's warnings cross from a forked
    worker): :class:`BaseException` pickles ``args`` (the message) and ``__dict__``.
    """

    def __init__(self, message: str = "", *, code: str = "", **fields: Any) -> None:
        super().__init__(message)
        self.code = code
        self.fields = dict(fields)
        for key, value in fields.items():
            if key not in ("code", "fields", "args"):
                setattr(self, key, value)


class ShortSeriesWarning(JinshuiWarning):
    """A series is too short for a model; a simpler model was used.

    Codes: ``"short_series"`` (fields ``name, n, model, need, fallback``; ``consecutive``
    True when the model needs consecutive observations), ``"one_observation"`` (``name``),
    ``"model_failed"`` (``model``, ``error``), ``"one_share"`` (one past year of the
    same-period share: no interval, no probability).
    """


class SyntheticDataWarning(JinshuiWarning):
    """Synthetic (示例数据) data is being used."""


#: The one demo-data label, beside the warning that carries it: every table, chart, note,
#: warning and generated row's ``source`` that shows demo data says it (here, in the base layer,
#: so that the data, models and reports layers and the light kernel-side modules share it).
DEMO_LABEL_ZH = "示例数据"
DEMO_LABEL_EN = "synthetic demo data"
DEMO_LABEL = f"{DEMO_LABEL_ZH} / {DEMO_LABEL_EN}"


class NominalWarning(JinshuiWarning):
    """A result is computed at current prices (nominal), not at constant prices.

    Codes: ``"nominal_projection"`` (a year-end projection at current prices with no
    deflator: no probability of meeting the real target; field ``required`` False when the
    required growth is not computed either); ``""`` for a plain nominal result.
    """


# --------------------------------------------------------------------------- templates
nominal_warning = (
    "contributions computed at current prices (nominal): {why}. Label them 名义 / nominal."
)


# --------------------------------------------------------------------------- read_table (data/tables/)
@dataclass(frozen=True, slots=True)
class Cell:
    """One item of a reader warning, named in plain words.

    Attributes
    ----------
    what : what the cell is about — the indicator (``"固定资产投资"``) or, for a whole column,
        the column heading.
    where : the column heading or period as the table shows it (``"1-3月"``), or ``""``.
    text : what the cell held (``"—"``), or the values in a conflict (``"3548.97、2272.28"``).
    reason : for skipped items, one of :data:`SKIP_REASONS`; else ``""``.
    """

    what: str
    where: str = ""
    text: str = ""
    reason: str = ""

    def label(self) -> str:
        """``"固定资产投资 1-3月"``."""
        return f"{self.what} {self.where}".strip()


#: Why a reader skipped something: code → (Chinese, English), in plain words.
SKIP_REASONS: dict[str, tuple[str, str]] = {
    "period": ("时期无法识别", "the period is not recognised"),
    "pp": ("以百分点表示的增减不读取", "changes in percentage points are not read"),
    "rate_change": ("比率的增减不是同比增速，不读取",
                    "the change of a rate is not a year-on-year growth rate"),
}
_MAX_LISTED = 12


def _file_name(file: Any) -> str:
    if not file:
        return ""
    s = str(file)
    name, sep, sheet = s.partition("!")
    return PurePath(name).name + (sep + sheet if sep else "")


def _listing(items: list[str], language: str, total: int | None = None) -> str:
    """The first items joined, with how many more there are (``total``: all items, when only
    the first ones were given)."""
    sep = "、" if language == "zh" else "; "
    shown = sep.join(items[:_MAX_LISTED])
    n = len(items) if total is None else total
    if n > _MAX_LISTED:
        more = n - _MAX_LISTED
        shown += f"等（另有{more}项）" if language == "zh" else f"; and {more} more"
    return shown


class TableWarning(JinshuiWarning):
    """Base of the warnings of :func:`~jinshui_analysis.data.read_table`, with structured fields.

    Attributes
    ----------
    file : the file name (no folder; ``"book.xlsx!Sheet1"`` for a worksheet).
    cells : the :class:`Cell` items concerned.
    n : ``len(cells)``.

    :meth:`text` gives the warning as a plain sentence in Chinese (``"zh"``) or English
    (``"en"``); ``str(warning)`` is the English sentence.  Constructed with a single message
    string (``warnings.warn("…", MissingValuesWarning)``), the warning is that message.
    """

    def __init__(self, message: str | None = None, *, file: Any = "",
                 cells: Iterable[Cell] = ()) -> None:
        self.file = _file_name(file)
        self.cells = tuple(cells)
        self.n = len(self.cells)
        self._message = message
        super().__init__(message if message is not None else self.text("en"))

    def text(self, language: str = "zh") -> str:
        """The warning as a plain sentence in ``language`` (``"zh"`` or ``"en"``)."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
        if self._message is not None:
            return self._message
        return self._text(language)

    def _text(self, language: str) -> str:  # pragma: no cover - overridden
        return ""

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from its fields (a report's reading is sent to the render worker): pickling
        # the English message alone would lose the Chinese text
        return (_rebuild, (type(self),), dict(self.__dict__))


def _rebuild(cls: type[TableWarning]) -> TableWarning:
    return cls.__new__(cls)


class MissingValuesWarning(TableWarning):
    """Placeholders such as “—” (not published) or blank cells were read as missing values."""

    def _text(self, language: str) -> str:
        marks = list(dict.fromkeys(c.text for c in self.cells))
        zh_marks = "、".join("空白" if not m else f"“{m}”" for m in marks)
        en_marks = ", ".join("blank" if not m else f"“{m}”" for m in marks)
        items = _listing([c.label() for c in self.cells[:_MAX_LISTED]], language, self.n)
        if language == "zh":
            return (f"{self.file}：{self.n}个单元格为{zh_marks}（未公布），按缺失处理："
                    f"{items}。")
        return (f"{self.file}: {self.n} cell(s) hold a placeholder ({en_marks}, not published) "
                f"and are read as missing: {items}.")


class SkippedDataWarning(TableWarning):
    """Rows or columns of a table were not read (an unrecognised period, 百分点 changes …)."""

    def _text(self, language: str) -> str:
        k = 0 if language == "zh" else 1
        items = [
            f"{c.label()}（{SKIP_REASONS.get(c.reason, (c.reason, c.reason))[0]}）" if k == 0
            else f"{c.label()} ({SKIP_REASONS.get(c.reason, (c.reason, c.reason))[1]})"
            for c in self.cells[:_MAX_LISTED]
        ]
        if language == "zh":
            return f"{self.file}：{self.n}项未读取：{_listing(items, language, self.n)}。"
        return f"{self.file}: {self.n} item(s) not read: {_listing(items, language, self.n)}."


class ConflictingValuesWarning(TableWarning):
    """Figures given more than once with different values were all kept."""

    def _text(self, language: str) -> str:
        if language == "zh":
            items = [f"{c.label()}（{c.text}）" for c in self.cells[:_MAX_LISTED]]
            return (f"{self.file}：{self.n}项数据出现多次且数值不同，均已保留："
                    f"{_listing(items, language, self.n)}。")
        items = [f"{c.label()} ({c.text.replace('、', ' and ')})"
                 for c in self.cells[:_MAX_LISTED]]
        return (f"{self.file}: {self.n} figure(s) appear more than once with different "
                f"values; all kept: {_listing(items, language, self.n)}.")


class TableNotesWarning(TableWarning):
    """A table has notes (注：…, 说明：…, 资料来源：…); they are not data but worth reading."""

    def __init__(self, message: str | None = None, *, file: Any = "",
                 notes: Iterable[str] = ()) -> None:
        self.notes = tuple(notes)
        super().__init__(message, file=file, cells=(Cell(n) for n in self.notes))

    def _text(self, language: str) -> str:
        if language == "zh":
            return f"{self.file}的表注：" + " ".join(self.notes)
        return f"Notes in {self.file}: " + " ".join(self.notes)


#: Kinds of reader warnings (for isinstance checks and documentation).
TABLE_WARNINGS: tuple[type[TableWarning], ...] = (MissingValuesWarning, SkippedDataWarning, ConflictingValuesWarning,
                            TableNotesWarning)


# --------------------------------------------------------------------------- Chinese messages
def _where_zh(text: str) -> str:
    return (text.replace("the bundled data or ", "自带数据或 ")
            .replace("the bundled data", "自带数据"))


#: English message → Chinese, first match wins (``re.fullmatch``; groups are kept as given,
#: ``e`` groups are themselves translated).  Messages not listed stay as raised.
_ZH_MESSAGES: tuple[tuple[str, str], ...] = (
    # data argument, files
    (r'data file or folder not found: (?P<v>.+?) \(use "bundled" for the package data\)',
     "找不到数据文件或文件夹 {v}（自带数据请写 bundled）"),
    (r"expected a \.csv or \.xlsx file, got (?P<v>.+)", "需要 .csv 或 .xlsx 文件，给的是 {v}"),
    (r"folder (?P<v>.+) holds no \.csv/\.xlsx file", "文件夹 {v} 中没有 .csv 或 .xlsx 文件"),
    (r"cannot read the data: (?P<e>.+)", "无法读取数据：{e}"),
    (r"cannot read the data file (?P<v>.+?): (?P<w>.+)", "无法读取数据文件 {v}：{w}"),
    (r"unknown region (?P<r>.+?): not in (?P<w>.+?) \(known: (?P<k>.*)\)",
     "未知地区 {r}：{w}中没有（已知地区：{k}）"),
    (r"unknown region (?P<r>.+)", "未知地区 {r}"),
    # notebooks and parameters
    (r"notebook not found: (?P<v>.+)", "找不到笔记本 {v}"),
    (r"(?P<v>.+) is not a Jupyter notebook \((?P<w>.+)\)", "{v} 不是 Jupyter 笔记本（{w}）"),
    (r"unknown parameter; the notebook declares: (?P<p>.*)", "未知参数；该笔记本声明的参数有：{p}"),
    (r"no value and no default", "没有给值，也没有默认值"),
    (r"(?P<v>.+) is not allowed; choose one of: (?P<c>.*)", "不允许 {v}；可选：{c}"),
    (r"given both as --param (?P<k>\S+)=… and as (?P<o>\S+): use one",
     "既用 --param {k}=… 又用 {o} 给出：只用其一"),
    (r"given twice with different values \((?P<a>.+) and (?P<b>.+)\)",
     "给了两次且数值不同（{a} 和 {b}）"),
    (r"expected key=value, got (?P<v>.+)", "应写成 键=值，给的是 {v}"),
    (r"no region given", "没有给出地区"),
    (r"no period given", "没有给出时期"),
    (r"empty output folder name", "输出文件夹名为空"),
    (r"empty range (?P<v>.+)", "时期范围 {v} 为空（终点早于起点）"),
    (r"expected a number, got (?P<v>.+)", "需要一个数，给的是 {v}"),
    (r"expected a finite number, got (?P<v>.+)", "需要一个有限的数，给的是 {v}"),
    (r"expected an integer, got (?P<v>.+)", "需要整数，给的是 {v}"),
    (r"expected a year YYYY, got (?P<v>.+)", "需要年份 YYYY，给的是 {v}"),
    (r"expected a whole number ≥ 1, got (?P<v>.+)", "需要不小于1的整数，给的是 {v}"),
    (r"expected true/false, got (?P<v>.+)", "需要 true 或 false，给的是 {v}"),
    (r"(?P<v>.+) is below the minimum (?P<m>.+)", "{v} 小于最小值 {m}"),
    (r"(?P<v>.+) is above the maximum (?P<m>.+)", "{v} 大于最大值 {m}"),
    (r"expected a month YYYY-MM or a year YYYY, got (?P<v>'[^']*')(?: \(months are 01–12\))?",
     "需要月份 YYYY-MM 或年份 YYYY，给的是 {v}（月份为01–12）"),
    (r"expected a month YYYY-MM, got (?P<v>'[^']*')(?: \(months are 01–12\))?",
     "需要月份 YYYY-MM，给的是 {v}（月份为01–12）"),
    (r"expected a period YYYY, YYYY-MM, YYYYQn or YYYYHn, got (?P<v>'[^']*').*",
     "需要时期 YYYY、YYYY-MM、YYYYQn 或 YYYYHn，给的是 {v}"),
    (r"range (?P<v>.+) mixes a year and a month", "范围 {v} 混用了年份和月份"),
    (r"need a month 'YYYY-MM', got (?P<v>.+)", "需要月份 YYYY-MM，给的是 {v}"),
    (r"expected a number of seconds, got (?P<v>.+)", "需要秒数，给的是 {v}"),
    (r"expected seconds > 0 and ≤ (?P<m>\S+) \(one day\), got (?P<v>.+)",
     "秒数须大于0且不超过 {m}（一天），给的是 {v}"),
    (r"unknown output format\(s\) (?P<f>.+?); expected some of (?P<k>.+)",
     "未知的输出格式 {f}；可选：{k}"),
    (r"no such Markdown file: (?P<v>.+)", "找不到 Markdown 文件 {v}"),
    (r"cannot write to the output folder (?P<d>.+?): (?P<w>.+)", "无法写入输出文件夹 {d}：{w}"),
    (r"every job is invalid: (?P<e>.+)", "所有任务的参数都无效：{e}"),
    (r"two jobs would write the same file (?P<f>\S+) \((?P<a>.+)\): (?P<w>.+)",
     "两个任务会写同一个文件 {f}（{a}）"),
    (r"a scheduler address needs --executor dask", "调度器地址须与 --executor dask 一起使用"),
    (r"cannot reach the dask scheduler(?P<r>.*)", "无法连接 dask 调度器{r}"),
    # reading tables
    (r"file not found", "找不到文件"),
    (r"folder not found", "找不到文件夹"),
    (r"cannot read the file \((?P<w>.+)\)", "无法读取文件（{w}）"),
    (r"the file is (?P<s>[\d.]+) MB, more than the limit of (?P<l>[\d.]+) MB.*",
     "文件有 {s} MB，超过单个表格 {l} MB 的上限：请拆分文件"),
    (r"not a valid \.xlsx workbook.*", "不是有效的 .xlsx 工作簿：请用 Excel 或 WPS 打开后另存为 .xlsx"),
    (r"the \.xlsx (?:workbook would expand|part .* expands).*",
     "该 .xlsx 工作簿解压后大得不合常理，拒绝读取"),
    (r"cannot decode the file as .*",
     "无法识别文件编码（UTF-8、UTF-16、GB18030/GBK、Big5 均不符）：请另存为 CSV UTF-8"),
    (r"malformed CSV: (?P<w>.+)", "CSV 格式有误：{w}"),
    (r"old \.xls workbooks are not supported.*", "不支持旧版 .xls 工作簿：请另存为 .xlsx"),
    (r"unsupported file type (?P<s>.+?): use \.csv or \.xlsx", "不支持的文件类型 {s}：请用 .csv 或 .xlsx"),
    (r"no sheet (?P<s>.+?); sheets: (?P<n>.*)", "没有工作表 {s}；现有工作表：{n}"),
    (r"no tables \(\.csv, \.xlsx\) in the folder", "文件夹中没有表格（.csv、.xlsx）"),
    (r"unknown unit (?P<u>'[^']*'); known units: .*", "无法识别的单位 {u}"),
    (r"unknown unit (?P<u>.+)", "无法识别的单位 {u}"),
    (r"region unknown: pass region=… or give it in a title row \(e\.g\. '(?P<x>[^']*)'\)",
     "无法确定地区：请用 --region 指定，或在标题行写明（如“{x}”）"),
    (r"region unknown: pass region=… or give it in a title row.*",
     "无法确定地区：请用 --region 指定，或在标题行写明地区"),
    (r"the title names (?P<n>.+?), which is not a known region.*",
     "标题中的 {n} 不是已知地区：请用 --region 写明该地区名称后再读取"),
    (r"region missing: fill the region column or pass region=…", "缺少地区：请填写 region 列或用 --region 指定"),
    (r"indicator name missing", "缺少指标名称"),
    (r"unit missing.*", "缺少单位：请填写“单位”列（单位不会被猜测）"),
    (r"row has values but no indicator name", "该行有数值但没有指标名称"),
    (r"row has values but no period", "该行有数值但没有时期"),
    (r"column has values but no header", "该列有数值但没有表头"),
    (r"no value columns found in the header", "表头中没有数值列"),
    (r"no indicator columns found in the header", "表头中没有指标列"),
    (r"no header row found in the first (?P<n>\d+) rows.*", "前{n}行中找不到表头行"),
    (r"unrecognised column header.*",
     "无法识别的列标题：应为 指标/单位、时期（2023年、1-3月、本月、累计）或增长列（同比增长%、比上年增长(%)）"),
    (r"a growth row \(同比增长\) must follow the row of its indicator", "增长行（同比增长）须紧跟其指标所在行"),
    (r"a growth column .* must follow its indicator's column", "增长列（同比、增长%）须紧跟其指标所在列"),
    (r"two files disagree on (?P<w>.+?): (?P<a>\S+) has (?P<x>.+?) \(.*\), (?P<b>\S+) has (?P<y>.+?) \(.*",
     "两个文件对 {w} 给出不同数值：{a} 为 {x}，{b} 为 {y}；请删去或更正其中一个"),
    (r"negative level of (?P<i>.+?) in (?P<u>.+?): this quantity cannot be negative",
     "{i} 的总量为负（{u}）：该指标不可能为负"),
    # periods
    (r"period label (?P<v>'[^']*') in '[^']*' has no year: give the year in a title row.*",
     "时期 {v} 没有年份：请在标题行（如“2023年1-3月主要经济指标”）或列标题中写明年份"),
    (r"period label (?P<v>'[^']*') has no year.*", "时期 {v} 没有年份：请在表格标题中写明年份"),
    (r"not a period label: (?P<v>.+)", "无法识别的时期 {v}"),
    (r"month (?P<m>\d+) out of range 1–12 in period label (?P<v>.+)", "时期 {v} 中的月份 {m} 不在1–12之内"),
    (r"quarter (?P<q>\d+) out of range 1–4 in period label (?P<v>.+)", "时期 {v} 中的季度 {q} 不在1–4之内"),
    (r"year (?P<y>\d+) out of range (?P<r>\S+) in period label (?P<v>.+)", "时期 {v} 中的年份 {y} 超出范围 {r}"),
    (r"empty period label (?P<v>.+)", "时期为空 {v}"),
    # rendering
    (r"another jinshui run(?: \(pid (?P<p>\d+)\))? is writing to (?P<d>.+?)(?: after waiting "
     r"(?P<s>\S+) s)?: let it finish, or use another output folder",
     "另一个 jinshui 进程（pid {p}）正在写入 {d}：请等它结束，或换一个输出文件夹"),
    (r"report (?P<s>.+?) failed: (?P<e>.+)", "报告 {s} 失败：{e}"),
    (r"report (?P<s>.+?) timed out: (?P<e>.+)", "报告 {s} 超时：{e}"),
    (r"report (?P<s>.+?) kernel died: (?P<e>.+)", "报告 {s} 的执行进程意外终止：{e}"),
    (r"report (?P<s>.+?) was interrupted: (?P<e>.+)", "报告 {s} 被中断：{e}"),
)
_COMPILED = tuple((re.compile(p, re.S), zh) for p, zh in _ZH_MESSAGES)
_PREFIX = re.compile(r"parameter '(?P<p>[^']*)': (?P<m>.+)", re.S)
_LOCATION = re.compile(r"file (?P<f>.+?)(?:, row (?P<r>\d+))?(?:, column '(?P<c>[^']*)')?: "
                       r"(?P<m>.+)", re.S)


def zh_message(text: str, _depth: int = 0) -> str:
    """The Chinese wording of one of the package's English messages (unchanged when unknown).

    ``"parameter 'data': data file or folder not found: 'x.csv' …"`` → ``"参数“data”：找不到数据
    文件或文件夹 'x.csv'（自带数据请写 bundled）"``; a reader's ``"file a.csv, row 10, column
    '单位': unknown unit '单位'; …"`` → ``"文件 a.csv，第10行，“单位”列：无法识别的单位 '单位'"``.
    """
    text = " ".join(str(text).split())
    if _depth > 3:
        return text
    m = _PREFIX.fullmatch(text)
    if m:
        return f"参数“{m['p']}”：{zh_message(m['m'], _depth + 1)}"
    for pattern, zh in _COMPILED:
        m = pattern.fullmatch(text)
        if m:
            fields = {k: (zh_message(v, _depth + 1) if k == "e" else
                          _where_zh(v) if k == "w" else v) if v is not None else ""
                      for k, v in m.groupdict().items()}
            return zh.format(**fields).replace("（pid ）", "")  # an optional group left empty
    m = _LOCATION.fullmatch(text)
    if m:
        where = []
        name, sep, sheet = m["f"].partition("!")
        where.append(f"文件 {name}")
        if sep:
            where.append(f"工作表“{sheet}”")
        if m["r"]:
            where.append(f"第{m['r']}行")
        if m["c"] is not None:
            where.append(f"“{m['c']}”列")
        return f"{'，'.join(where)}：{zh_message(m['m'], _depth + 1)}"
    return text

"""Blank monthly bulletin tables for users to fill (``jinshui template``).

:func:`write_templates` writes the layout :func:`~jinshui_analysis.data.read_table` reads best:
a title row with region and period, then ``指标 | 单位 | 当月 | 累计 | 同比增长（%）`` and one row
per core indicator with its unit — as CSV (UTF-8 with BOM, opens in Excel/WPS) and XLSX — plus
a README.txt in Chinese on how to fill them.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["HEADER", "INDICATORS", "TITLE", "write_templates"]

TITLE = "XX区2023年1-N月主要经济指标"
HEADER = ["指标", "单位", "当月", "累计", "同比增长（%）"]
#: (indicator, unit) rows; "%" marks indicators published as growth rates only.
INDICATORS: list[tuple[str, str]] = [
    ("地区生产总值（季度）", "亿元"),
    ("规模以上工业增加值", "%"),
    ("固定资产投资", "%"),
    ("社会消费品零售总额", "亿元"),
    ("一般公共预算收入", "亿元"),
    ("税收收入", "亿元"),
    ("货物进出口总额", "亿元"),
    ("金融机构人民币存款余额", "亿元"),
]
NOTE = "注：当月、累计填绝对值；同比增长填累计的同比增速（%）；未公布的填“—”。"

README = """金水区经济分析 —— 月度主要经济指标填报模板

文件
  主要经济指标模板.csv   CSV（UTF-8 带 BOM），可用 Excel 或 WPS 打开
  主要经济指标模板.xlsx  同样内容的 Excel 工作簿

怎样填写
  1. 第一行标题把“XX区”改成本区名称（如“金水区”），把“1-N月”改成数据所属时期
     （如“2023年1-6月”）。标题里的地区和时期决定整张表的地区和时期。
  2. “当月”填本月的绝对值，“累计”填1月至本月的累计值，“同比增长（%）”填累计值比上年
     同期增长的百分数（只填数字，如 5.2，不要填“%”）。
  3. 单位一栏已填好；金额可以改用“万元”或“元”，程序会统一换算成亿元。单位为“%”的行
     （规模以上工业增加值、固定资产投资）只填同比增长。
  4. 未公布或不适用的单元格填“—”，程序按缺失处理并在报告中说明。
  5. 地区生产总值按季度公布：只在3、6、9、12月的表中填写。
  6. 每个月另存一份（如“金水区2023年1-6月.csv”），放在同一个文件夹里，报告会读取整个
     文件夹。表下方以“注：”开头的行作为说明保留，不当作数据。
"""


def _rows() -> list[list[str]]:
    return [[TITLE, "", "", "", ""], HEADER,
            *[[name, unit, "", "", ""] for name, unit in INDICATORS], [NOTE, "", "", "", ""]]


def write_templates(dest: str | os.PathLike[str]) -> list[Path]:
    """Write the blank templates (CSV with BOM, XLSX) and README.txt into folder ``dest``.

    The folder is created if needed; existing template files there are overwritten.  Returns
    the paths written.
    """
    import csv

    import openpyxl

    folder = Path(dest)
    folder.mkdir(parents=True, exist_ok=True)
    rows = _rows()
    csv_path = folder / "主要经济指标模板.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    xlsx_path = folder / "主要经济指标模板.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要经济指标"
    for r in rows:
        ws.append([v if v != "" else None for v in r])
    ws.merge_cells("A1:E1")
    ws.column_dimensions["A"].width = 28
    wb.save(xlsx_path)
    readme = folder / "README.txt"
    readme.write_text(README, encoding="utf-8")
    return [csv_path, xlsx_path, readme]

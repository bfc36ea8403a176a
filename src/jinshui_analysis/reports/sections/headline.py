"""主要指标: the standard indicator table of a bureau's monthly report.

One row per core indicator (地区生产总值 by quarter, 规模以上工业增加值, 固定资产投资,
社会消费品零售总额, 一般公共预算收入, 税收收入, then any other indicator the data hold for the
month), columns 指标 | 单位 | 当月 | 累计 | 同比增长（%，可比价） | 同比增长（%，现价） |
比上年同期(百分点) | 全市（可比价） | 全市（现价） | 与全市差距(百分点) | 全市位次 | 序时进度 | 说明;
real and nominal growth never share a column.  当月 and 累计 are never mixed: each cell is
picked with the one series selector (:func:`~jinshui_analysis.data.select.select`, through
:func:`~jinshui_analysis.reports.values.ytd_values` / ``month_values``).  Where only one of 当月
and 累计 is published the other is derived with :func:`~jinshui_analysis.models.ytd.ytd_to_single` /
:func:`~jinshui_analysis.models.ytd.single_to_ytd` (1-2月 convention) and the 说明 column says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jinshui_analysis.data.vintage import revision_between
from jinshui_analysis.exceptions import ModelError, PeriodError
from jinshui_analysis.models.ytd import single_to_ytd, ytd_to_single
from jinshui_analysis.periods import (
    codes_info,
    describe,
    month_code,
    month_of_code,
    quarter_code,
    same_period_last_year,
    year_of_code,
)
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.inputs import (
    DEMO,
    GDP,
    PLAN_WORDS,
    ReportData,
    latest_annual,
    source_of,
)
from jinshui_analysis.reports.labels import rank_text, rankable
from jinshui_analysis.reports.section import Section, indexed, memoised
from jinshui_analysis.reports.sections.common import (
    UNOFFICIAL_MARK,
    grade_of,
    marked,
    row_of,
    unofficial_footnote,
)
from jinshui_analysis.reports.text import demo_label, msg, pick
from jinshui_analysis.reports.values import month_values, monthly_with_years, ytd_values

#: Core indicators: name → (record key, English name (``headline.indicator_<key>``), price
#: basis of its growth when the data do not say: GDP and industrial value added are published
#: at comparable prices (real), the others at current prices (nominal)).
CORE: dict[str, tuple[str, str, str]] = {
    GDP: ("gdp_q", msg("headline.indicator_gdp_q", "en"), "comparable"),
    "规模以上工业增加值": ("industry", msg("headline.indicator_industry", "en"), "comparable"),
    "固定资产投资": ("investment", msg("headline.indicator_investment", "en"), "current"),
    "社会消费品零售总额": ("retail", msg("headline.indicator_retail", "en"), "current"),
    "一般公共预算收入": ("revenue", msg("headline.indicator_revenue", "en"), "current"),
    "税收收入": ("tax", msg("headline.indicator_tax", "en"), "current"),
}
#: indicators shown after the core ones when the data have them (key, English, growth basis)
EXTRA: dict[str, tuple[str, str, str]] = {
    "第一产业增加值": ("primary", msg("headline.indicator_primary", "en"), "comparable"),
    "第二产业增加值": ("secondary", msg("headline.indicator_secondary", "en"), "comparable"),
    "第三产业增加值": ("tertiary", msg("headline.indicator_tertiary", "en"), "comparable"),
}
#: price bases with a word in the catalogue (``headline.basis_<basis>``)
_BASIS = ("comparable", "current")


@dataclass
class Cell:
    """One value of the table with what it is."""

    value: float = float("nan")
    source: str = ""
    synthetic: bool = False
    derived: str = ""  # remark key when derived
    basis: str = ""

    @property
    def ok(self) -> bool:
        return bool(np.isfinite(self.value))


@dataclass
class Row:
    indicator: str
    key: str
    en: str
    month: str  # the month the row is about ("YYYY-MM")
    unit: str = ""
    single: Cell = field(default_factory=Cell)
    ytd: Cell = field(default_factory=Cell)
    growth: Cell = field(default_factory=Cell)
    growth_single: Cell = field(default_factory=Cell)
    change_pp: float = float("nan")
    parent: Cell = field(default_factory=Cell)
    gap_pp: float = float("nan")
    #: (position, units with data, units of the peer group); shown only when
    #: :func:`~jinshui_analysis.reports.labels.rankable` (at least half of the units have data)
    rank: tuple[int, int, int] | None = None
    ranked: tuple[str, ...] = ()  # the units with data, the region first
    plan_pct: float = float("nan")
    remarks: list[str] = field(default_factory=list)


def _cell(frame: pd.DataFrame, month: str) -> Cell:
    if month not in frame.index:
        return Cell()
    r = frame.loc[month]
    return Cell(float(r["value"]), str(r["source"]), bool(r["synthetic"]), "", str(r["price_basis"]))


def _year_block(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    same_year = (codes_info(frame.index)["year"] == year_of_code(month)).fillna(False).to_numpy(bool)
    return frame[same_year & (frame.index <= month)]


def _year_series(frame: pd.DataFrame, month: str) -> tuple[pd.DataFrame, pd.Series] | None:
    """The rows of ``month``'s year up to it and their values as a period series; None when
    ``month`` is missing or demo and published rows would be mixed."""
    block = _year_block(frame, month)
    if block.empty or month not in block.index or block["synthetic"].nunique() > 1:
        return None
    return block, pd.Series(block["value"].to_numpy(float),
                            index=pd.Index(list(block.index), name="period"))


def _derive_single(ytd: pd.DataFrame, month: str) -> Cell:
    """当月 from 累计 of the same year (1-2月 convention), when the year is complete up to it."""
    found = _year_series(ytd, month)
    if found is None:
        return Cell()
    block, s = found
    try:
        single = ytd_to_single(s)
    except (ModelError, PeriodError):
        # the year is not complete from January: 当月 = 累计 − 累计 of the month before, when
        # that month is in the data (the same formula on the two months)
        m = month_of_code(month) or 12
        prev = month_code(year_of_code(month), m - 1) if m >= 3 else ""
        if m < 3 or prev not in block.index or block.loc[prev, "value"] > block.loc[month, "value"]:
            return Cell()
        block = block.loc[[prev, month]]
        single = pd.Series({month: float(block.loc[month, "value"] - block.loc[prev, "value"])})
    key = "jan_feb" if month in single.attrs.get("combined", {}) else "month_derived"
    src = "; ".join(dict.fromkeys(block["source"].astype(str)))
    return Cell(float(single[month]), src, bool(block["synthetic"].iloc[0]), key)


def _derive_ytd(single: pd.DataFrame, month: str) -> Cell:
    """累计 by adding the months of the year, when every month from January is there."""
    found = _year_series(single, month)
    if found is None:
        return Cell()
    block, s = found
    try:
        ytd = single_to_ytd(s)
    except (ModelError, PeriodError):
        return Cell()
    src = "; ".join(dict.fromkeys(block["source"].astype(str)))
    return Cell(float(ytd[month]), src, bool(block["synthetic"].iloc[0]), "ytd_derived")


def when(row: Row, language: str) -> str:
    """The row's period in words: 2023年1-6月, or 2023年上半年 for the quarterly GDP row."""
    if row.indicator == GDP:
        return describe(quarter_code(row.month), True, language)
    return describe(row.month, True, language)


def _last_year(month: str) -> str:
    return same_period_last_year(month)


def _gdp_month(rd: ReportData) -> str | None:
    """The month the GDP row is about: the last quarter end of the report year up to the
    report month (None before March)."""
    q = rd.month // 3
    return month_code(rd.year, q * 3) if q else None


def parent_unit(rd: ReportData) -> tuple[str, str]:
    """(name, level word key) of the unit a region is compared with first: its city, else its
    province, else the country."""
    pr = rd.profile
    if pr.city and pr.city != rd.region:
        return pr.city, "word.city"
    if pr.province and pr.province != rd.region:
        return pr.province, "word.province"
    return "", "word.country"


def _plan(rd: ReportData, indicator: str) -> float:
    f = rd.real
    names = f["indicator"].astype(str)
    sel = f[(f["region"] == rd.region) & names.str.startswith(indicator)
            & names.str[len(indicator):].str.contains(PLAN_WORDS) & (f["measure"] == "level")
            & (f["period"].astype(str) == str(rd.year))]
    return float(sel["value"].iloc[-1]) if len(sel) else float("nan")


def build_rows(rd: ReportData) -> list[Row]:
    """The rows of the headline table (see the module docstring)."""
    parent, _ = parent_unit(rd)
    own = monthly_with_years(rd, list(CORE))  # a full year counts as 1-12月
    names = list(CORE)
    extra = own[(own["region"] == rd.region)]["indicator"].astype(str)
    extras = [ind for ind in dict.fromkeys(extra)
              if ind not in names and not any(c in ind for c in "(（")
              and not pd.Series([ind]).str.contains(PLAN_WORDS).iloc[0]]
    # the known extras in EXTRA's order (第一、第二、第三产业), the others as the data give them
    order = list(EXTRA)
    names += sorted(extras, key=lambda ind: order.index(ind) if ind in order else len(order))
    rows = []
    for ind in names:
        # 第一产业 in a GDP table is 第一产业增加值 (published at comparable prices)
        key, en, default_basis = (CORE.get(ind) or EXTRA.get(ind) or EXTRA.get(f"{ind}增加值")
                                  or (ind, ind, ""))
        month = _gdp_month(rd) if ind == GDP else rd.period.period
        if month is None:
            continue
        lv_ytd = ytd_values(own, rd.region, ind, "level")
        if ind == GDP and month not in lv_ytd.index and len(rd.quarterly):
            lv_ytd = ytd_values(rd.quarterly, rd.region, ind, "level")
        lv_single = month_values(own, rd.region, ind, "level")
        g_ytd = ytd_values(own, rd.region, ind, "yoy_pct")
        g_single = month_values(own, rd.region, ind, "yoy_pct")
        row = Row(ind, key, en, month)
        row.ytd = _cell(lv_ytd, month)
        row.single = _cell(lv_single, month) if ind != GDP else Cell()
        if ind != GDP and month_of_code(month) == 1 and not row.single.ok and row.ytd.ok:
            row.single = Cell(row.ytd.value, row.ytd.source, row.ytd.synthetic)  # January: both
        if ind != GDP and not row.single.ok and row.ytd.ok:
            row.single = _derive_single(lv_ytd, month)
        if not row.ytd.ok and row.single.ok:
            row.ytd = _derive_ytd(lv_single, month)
        row.growth = _cell(g_ytd, month)
        if not row.growth.ok and row.ytd.ok:
            prev = _cell(lv_ytd, _last_year(month))
            # levels are compared across years only on one basis (no census revision between)
            same = not revision_between(_level_key(rd, lv_ytd, month),
                                        _level_key(rd, lv_ytd, _last_year(month)))
            if prev.ok and prev.value > 0 and prev.synthetic == row.ytd.synthetic and same:
                row.growth = Cell((row.ytd.value / prev.value - 1) * 100,
                                  f"{row.ytd.source}; {prev.source}", row.ytd.synthetic,
                                  "growth_derived", "current")
        row.growth_single = _cell(g_single, month) if ind != GDP else Cell()
        if not any(c.ok for c in (row.single, row.ytd, row.growth, row.growth_single)):
            continue
        if not row.growth.basis:
            row.growth.basis = default_basis
        units = own[(own["region"] == rd.region) & (own["indicator"] == ind)
                    & (own["measure"] == "level")]["unit"].dropna().astype(str)
        row.unit = (units.iloc[0] if len(units) else "亿元") if row.single.ok or row.ytd.ok else ""
        prev_g = _cell(g_ytd, _last_year(month))
        if row.growth.ok and prev_g.ok and prev_g.synthetic == row.growth.synthetic:
            row.change_pp = row.growth.value - prev_g.value
        if parent and row.growth.ok:
            row.parent = _cell(ytd_values(rd.real, parent, ind, "yoy_pct"), month)
            if not row.parent.basis:
                row.parent.basis = default_basis
            # real against real (or nominal against nominal) only
            if row.parent.ok and not row.growth.synthetic and not row.growth.derived \
                    and row.parent.basis == row.growth.basis:
                row.gap_pp = row.growth.value - row.parent.value
        # growth derived from current-price levels is nominal: never compared with published
        # (real) growth of other units, nor ranked with it
        if row.growth.ok and not row.growth.synthetic and not row.growth.derived \
                and rd.profile.peers:
            values = {rd.region: row.growth.value}
            for peer in rd.profile.peers:
                if peer != rd.region:
                    c = _cell(ytd_values(rd.real, peer, ind, "yoy_pct"), month)
                    if c.ok and not c.synthetic:
                        values[peer] = c.value
            if len(values) > 1:
                order = sorted(values.values(), reverse=True)
                n_units = len(set(rd.profile.peers) | {rd.region})
                row.rank = (order.index(row.growth.value) + 1, len(values), n_units)
                row.ranked = tuple(values)
        plan = _plan(rd, ind)
        if np.isfinite(plan) and plan > 0 and row.ytd.ok:
            row.plan_pct = row.ytd.value / plan * 100
        rows.append(row)
    return rows


def _level_key(rd: ReportData, frame: pd.DataFrame, month: str) -> tuple[str, str, str]:
    """(period, published, vintage) of the level of ``month`` in ``frame`` (for
    :func:`jinshui_analysis.data.vintage.revision_between`)."""
    if month not in frame.index:
        return month, "", ""
    code = str(frame.loc[month, "period"]) if "period" in frame.columns else month
    f = rd.real
    hit = f[(f["region"] == rd.region) & (f["indicator"] == GDP) & (f["measure"] == "level")
            & (f["period"].astype(str) == code)]
    get = {c: (str(hit[c].iloc[0]) if len(hit) and c in hit.columns
               and hit[c].iloc[0] == hit[c].iloc[0] else "") for c in ("published", "vintage")}
    return code, get["published"], get["vintage"]


def _remarks(row: Row, language: str) -> str:
    parts = []
    if row.indicator == GDP:
        pass  # the row name says the quarter
    for c in (row.single, row.ytd):
        if c.derived:
            parts.append(msg(f"remark.{c.derived}", language))
    if row.growth.derived:
        parts.append(msg("headline.remark_growth_derived", language))
    if row.growth_single.ok:
        # 当月下降1.5%, never 当月增长-1.5% (numbers.change, as everywhere else)
        parts.append(msg("remark.growth_month", language,
                         value=numbers.change(row.growth_single.value, language)))
    if any(c.synthetic for c in (row.single, row.ytd, row.growth)):
        parts.append(demo_label(language))
    return msg("common.item_sep", language).join(parts)


def _label(row: Row, what: str, language: str) -> str:
    """Key-figure label: indicator, level or growth, 当月 or 累计, period, price basis."""
    name = pick(language, zh=row.indicator, en=row.en)
    cum = what in ("ytd", "ytd_yoy", "ytd_yoy_change", "parent_yoy", "gap", "rank", "plan")
    period = when(row, language) if cum else describe(row.month, False, language)
    word = msg(f"headline.figure_{what}", language)  # month, ytd, month_yoy, … plan
    basis = ""
    cell = {"month": row.single, "ytd": row.ytd, "parent_yoy": row.parent}.get(what, row.growth)
    b = cell.basis or (row.growth.basis if "yoy" in what or what == "gap" else "")
    if b in _BASIS:
        basis = msg(f"headline.basis_{b}", language)
    derived = msg("headline.derived", language) if cell.derived and what in ("month", "ytd") else ""
    inner = msg("common.clause_sep", language).join(x for x in (period, basis) if x)
    return msg("headline.figure_label", language, name=name, word=word, inner=inner,
               derived=derived)


@memoised
def headline(rd: ReportData, language: str = "zh") -> Section:
    """主要指标: the standard indicator table of the month (see the module docstring).

    Records a key figure for every cell with a value (``<key>_ytd``, ``<key>_ytd_yoy``,
    ``<key>_month``, ``<key>_month_yoy``, ``<key>_ytd_yoy_change``, ``<key>_parent_yoy``,
    ``<key>_gap_pp``, ``<key>_rank``, ``<key>_plan_pct``; GDP's key is ``gdp_q``), the previous
    year's annual GDP (``gdp_latest``) where the data have it, and ``data_figures``: how many
    of the region's own cells come from the report's data (not demo) — the batch calls a
    report with none ``empty``.
    """
    sec = Section(msg("headline.title", language), language)
    parent, word_key = parent_unit(rd)
    word = msg(word_key, language)
    found = latest_annual(rd.real, rd.region, before=rd.year)
    if found is not None:
        year, value = found
        src = source_of(rd, rd.region, year)
        sec.record("gdp_latest", value, "亿元", msg("headline.gdp_of_year", language, year=year), src)
        sec.record("gdp_latest_year", int(year), "年", msg("headline.latest_year", language), src,
                   headline=False)
        derived = str((row_of(rd, rd.region, year) or {}).get("qualifier", "")) == "推算"
        how = msg("headline.derived_source", language) if derived else ""
        sec.notes.append(msg("note.gdp_last_year", language, year=year, value=f"{value:,.2f}",
                             source=how + (numbers.source_label(src)
                                           or msg("headline.data_file", language))))
    else:
        sec.notes.append(msg("note.no_gdp_last_year", language, region=rd.region, year=rd.year - 1))
    rows = build_rows(rd)
    period_words = describe(rd.period, True, language)
    own_from_data = 0
    table_rows = []
    for row in rows:
        k = row.key
        for what, cell, unit in (("month", row.single, row.unit), ("ytd", row.ytd, row.unit),
                                 ("month_yoy", row.growth_single, "%"),
                                 ("ytd_yoy", row.growth, "%")):
            if cell.ok:
                sec.record(f"{k}_{what}", cell.value, unit, _label(row, what, language),
                           cell.source, synthetic=cell.synthetic)
                own_from_data += not cell.synthetic
        if np.isfinite(row.change_pp):
            sec.record(f"{k}_ytd_yoy_change", row.change_pp, "百分点",
                       _label(row, "ytd_yoy_change", language), synthetic=row.growth.synthetic,
                       headline=False)
        if row.parent.ok:
            sec.record(f"{k}_parent_yoy", row.parent.value, "%",
                       msg("headline.parent_label", language, parent=parent,
                           label=_label(row, "parent_yoy", language)), row.parent.source,
                       synthetic=row.parent.synthetic, headline=False)
        if np.isfinite(row.gap_pp):
            sec.record(f"{k}_gap_pp", row.gap_pp, "百分点", _label(row, "gap", language),
                       headline=False)
        shown_rank = row.rank if row.rank and rankable(*row.rank[1:]) else None
        if shown_rank:
            sec.record(f"{k}_rank", row.rank[0], "位", _label(row, "rank", language)
                       + msg("headline.rank_units", language, units=row.rank[2],
                             with_data=row.rank[1]),
                       headline=False)
        elif row.rank:
            sec.notes.append(msg("rank.too_few", language, n=row.rank[2], k=row.rank[1],
                                 parent_word=word,
                                 names=msg("common.list_sep", language).join(row.ranked),
                                 when=when(row, language),
                                 indicator=pick(language, zh=row.indicator, en=row.en)))
        if np.isfinite(row.plan_pct):
            sec.record(f"{k}_plan_pct", row.plan_pct, "%", _label(row, "plan", language),
                       synthetic=row.ytd.synthetic, headline=False)
        name = pick(language, zh=row.indicator, en=row.en)
        if row.indicator == GDP:
            name = msg("headline.row_with_period", language, name=name, when=when(row, language))
        schedule = ""
        if np.isfinite(row.plan_pct):
            time_share = (month_of_code(row.month) or 12) / 12 * 100
            schedule = msg("headline.schedule_cell", language, plan=row.plan_pct,
                           time=time_share)
        def mark(c: Cell, column: str, show: bool = True) -> object:
            # "5.4*": resting only on a secondary source; a cell of the other basis is blank
            if not show:
                return float("nan")
            return marked(c.value, grade_of(rd, c.source), msg(column, language,
                                                                parent_word=word), language)

        # real (可比价) and nominal (现价) growth in separate columns (issue 19 item 4)
        real = row.growth.basis == "comparable"
        p_real = row.parent.basis == "comparable"
        table_rows.append([
            name, row.unit or "—", mark(row.single, "col.month"), mark(row.ytd, "col.ytd"),
            mark(row.growth, "col.growth", real),
            mark(row.growth, "col.growth_nominal", not real), row.change_pp,
            mark(row.parent, "col.parent", p_real),
            mark(row.parent, "col.parent_nominal", not p_real), row.gap_pp,
            rank_text(*shown_rank, language) if shown_rank else "", schedule,
            _remarks(row, language),
        ])
    sec.record("data_figures", own_from_data, "个",
               msg("headline.data_figures", language, region=rd.region), headline=False)
    # real (可比价) and nominal (现价) growth never share a column: one column each, the
    # header says which (issue 19); the parent's likewise
    columns = [msg("col.indicator", language), msg("col.unit", language), msg("col.month", language),
               msg("col.ytd", language), msg("col.growth", language),
               msg("col.growth_nominal", language), msg("col.change", language),
               msg("col.parent", language, parent_word=word),
               msg("col.parent_nominal", language, parent_word=word),
               msg("col.gap", language, parent_word=word),
               msg("col.rank", language, parent_word=word), msg("col.schedule", language),
               msg("col.remark", language)]
    table = pd.DataFrame(table_rows, columns=columns)
    # the standard columns are 指标 单位 累计 同比增长; the others are shown when some row has a
    # value (a table of 11 columns, 6 of them blank, does not fit an A4 text width)
    optional = [c for i, c in enumerate(columns) if i not in (0, 1, 3)]
    blank = [c for c in optional if table[c].replace("", np.nan).isna().all()]
    table = table.drop(columns=blank)
    if rows:
        sec.tables.append((msg("headline.table", language, region=rd.region, when=period_words), indexed(table)))
        sec.notes.append(msg("note.growth_is_ytd", language, basis=msg("note.basis", language)))
    else:
        sec.notes.append(msg("note.lacking_all", language, region=rd.region, when=period_words))
    lacking = [pick(language, zh=ind, en=CORE[ind][1]) for ind in CORE
               if ind not in {r.indicator for r in rows} and not (ind == GDP and rd.month < 3)]
    if lacking and rows:
        sec.notes.append(msg("note.lacking", language, when=period_words,
                             what=msg("common.list_sep", language).join(lacking)))
    if parent and rows and not any(r.parent.ok for r in rows):
        sec.notes.append(msg("note.no_parent", language, parent=parent, when=period_words, parent_word=word))
    if any(r.rank and rankable(*r.rank[1:]) for r in rows):
        sec.notes.append(msg("note.rank", language, n=len(rd.profile.peers), parent_word=word,
                             when=period_words))
    if table_rows and any(str(x).endswith(UNOFFICIAL_MARK) for r in table_rows for x in r[2:9]):
        sec.notes.append(unofficial_footnote(language))
    if any(np.isfinite(r.plan_pct) for r in rows):
        sec.notes.append(msg("note.schedule", language, when=period_words,
                             time=f"{rd.month / 12 * 100:.1f}"))
    if any(c.synthetic for r in rows for c in (r.single, r.ytd, r.growth)):
        sec.synthetic = True
        demo_rows = [pick(language, zh=r.indicator, en=r.en) for r in rows
                     if any(c.synthetic for c in (r.single, r.ytd, r.growth))]
        sec.notes.append(msg("note.demo_rows", language, what=msg("common.list_sep", language)
                             .join(demo_rows)) + f" — {DEMO}")
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    return sec


def headline_table(rd: ReportData, language: str = "zh") -> pd.DataFrame:
    """The headline table alone (columns as in :func:`headline`; empty when no row)."""
    sec = headline(rd, language)
    return sec.tables[0][1].reset_index() if sec.tables else pd.DataFrame()

"""比较与排位: the region's year-to-date growth against its province and the nation (as bureaus
write it: "高于全省0.8个百分点"), and — for a city — its districts ranked for the same period.

Only 累计 (year-to-date) growth is compared, each figure picked with
:func:`~jinshui_analysis.reports.values.ytd_values` for the same month (the GDP row: the last
quarter of the report year).  Demo figures are never compared or ranked.
"""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data.profiles import load_profiles
from jinshui_analysis.periods import describe, month_code, quarter_code_of
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.inputs import GDP, ReportData
from jinshui_analysis.reports.labels import pp_comparison, rank_text, rankable
from jinshui_analysis.reports.section import Section, indexed, memoised
from jinshui_analysis.reports.sections.common import (
    UNOFFICIAL_MARK,
    grade_of,
    marked,
    unofficial,
    unofficial_footnote,
)
from jinshui_analysis.reports.sections.headline import CORE, build_rows, when
from jinshui_analysis.reports.text import msg, pick
from jinshui_analysis.reports.values import ytd_values


def _basis_words(basis: str, language: str) -> str:
    """How a growth rate is priced: 按可比价，实际增速 / 按现价，名义增速 ("" when unknown)."""
    if basis == "comparable":
        return msg("compare.basis_comparable", language)
    if basis == "current":
        return msg("compare.basis_current", language)
    return ""


def _country() -> str:
    return next((p.name for p in load_profiles().values() if p.level == "country"), "")


@memoised
def compare(rd: ReportData, language: str = "zh") -> Section:
    """Compare the region's 累计 growth with the province and the nation; rank a city's districts.

    Key figures: ``<key>_vs_province_pp``, ``<key>_vs_country_pp`` (百分点, own minus other),
    ``<key>_district_top`` (the top district's growth).
    """
    sec = Section(msg("compare.title", language), language)
    pr = rd.profile
    units = []
    if pr.province and pr.province != rd.region:
        units.append((pr.province, "province", msg("word.province", language)))
    country = _country()
    if country and country != rd.region:
        units.append((country, "country", msg("word.country", language)))
    compared = False
    for row in build_rows(rd):
        if row.indicator not in CORE or not row.growth.ok or row.growth.synthetic \
                or row.growth.derived:  # derived growth is nominal: not compared with real
            continue
        parts = []
        unofficial_of = []  # units whose figure rests only on a secondary source
        indicator = pick(language, zh=row.indicator, en=row.en)
        basis = _basis_words(row.growth.basis, language)
        for name, key, word in units:
            other = ytd_values(rd.real, name, row.indicator, "yoy_pct")
            if row.month in other.index and not bool(other.loc[row.month, "synthetic"]) \
                    and (str(other.loc[row.month, "price_basis"]) or CORE[row.indicator][2]) \
                    == row.growth.basis:  # real against real, nominal against nominal
                value = float(other.loc[row.month, "value"])
                parts.append(pp_comparison(row.growth.value, value, word, language))
                if grade_of(rd, str(other.loc[row.month, "source"])) == "secondary":
                    unofficial_of.append(word)
                sec.record(f"{row.key}_{key}_yoy", value, "%",
                           msg("compare.other_growth_label", language, region=name,
                               indicator=indicator, when=when(row, language), basis=basis),
                           str(other.loc[row.month, "source"]), headline=False)
                sec.record(f"{row.key}_vs_{key}_pp", round(row.growth.value - value, 1), "百分点",
                           msg("compare.difference_label", language, indicator=indicator,
                               who=word, when=when(row, language), basis=basis),
                           str(other.loc[row.month, "source"]), headline=False)
        if parts:
            compared = True
            inner = [msg("compare.both_basis", language, basis=basis)] if basis else []
            if unofficial_of:
                inner.append(msg("compare.unofficial_units", language,
                                 units=msg("compare.list_sep", language).join(unofficial_of)))
            both = msg("compare.qualifiers", language,
                       items=msg("compare.qualifier_sep", language).join(inner)) if inner else ""
            sec.notes.append(msg("cmp.sentence", language,
                                 when=when(row, language), region=rd.region,
                                 indicator=indicator,
                                 change=numbers.change(row.growth.value, language)
                                 + unofficial(grade_of(rd, row.growth.source), language),
                                 parts=msg("compare.clause_sep", language).join(parts) + both))
    period_words = describe(rd.period, True, language)
    if not compared:
        who = msg("compare.and_sep", language).join(w for _, _, w in units) or \
            msg("compare.higher_levels", language)
        sec.notes.append(msg("cmp.no_data", language, who=who, when=period_words))
    if pr.districts:
        _rank_districts(rd, sec, language)
    return sec


def _rank_districts(rd: ReportData, sec: Section, language: str) -> None:
    """A city's units ranked by 累计 growth for the report month, one column per indicator."""
    columns = {}
    indicator_of: dict[str, str] = {}  # column label → indicator
    grades: dict[tuple[str, str], str] = {}
    for ind, (key, en, _) in CORE.items():
        if ind == GDP and rd.month < 3:
            continue
        month = month_code(rd.year, rd.month // 3 * 3) if ind == GDP else rd.period.period
        values = {}
        for d in rd.profile.districts:
            got = ytd_values(rd.real, d, ind, "yoy_pct")
            if month in got.index and not bool(got.loc[month, "synthetic"]):
                values[d] = float(got.loc[month, "value"])
                grades[(d, ind)] = grade_of(rd, str(got.loc[month, "source"]))
        if len(values) >= 1:
            words = (describe(quarter_code_of(rd.year, rd.month // 3), True, language) if ind == GDP
                     else describe(month, True, language))
            indicator = pick(language, zh=ind, en=en)
            label = msg("compare.unit_growth_column", language, indicator=indicator, when=words)
            columns[label] = pd.Series(values)
            indicator_of[label] = ind
            n_units = len(rd.profile.districts)
            if rankable(len(values), n_units):
                top = max(values, key=values.get)
                sec.record(f"{key}_district_top", values[top], "%",
                           msg("compare.top_unit_label", language, indicator=indicator, top=top,
                               n_units=n_units, n_with=len(values)), headline=False)
            else:
                sec.notes.append(msg("rank.too_few", language, n=n_units, k=len(values),
                                     parent_word=pick(language, zh=rd.region,
                                                      en=msg("word.city", language)),
                                     names=msg("compare.list_sep", language).join(values),
                                     when=words, indicator=indicator))
    if not columns:
        sec.notes.append(msg("cmp.districts_missing", language, region=rd.region,
                             when=describe(rd.period, True, language)))
        return
    table = pd.DataFrame(columns)
    first = table.columns[0]
    table = table.sort_values(first, ascending=False)
    n_units = len(rd.profile.districts)
    ranked = False
    for col in list(table.columns):
        n_with = int(table[col].notna().sum())
        if not rankable(n_with, n_units):
            continue
        ranked = True
        header = msg("compare.rank_column", language,
                     column=pick(language, zh=indicator_of[col], en=col),
                     n_units=n_units, n_with=n_with)
        pos = table[col].rank(ascending=False, method="min")
        table[header] = [rank_text(int(r), n_with, n_units, language).split("（")[0]
                         .split(" (")[0] if pd.notna(r) else "" for r in pos]
    for col in indicator_of:
        table[col] = [marked(v, grades.get((u, indicator_of[col]), ""), "%", language)
                      for u, v in zip(table.index, table[col])]  # "5.4*": 非官方来源
    table.index.name = msg("compare.unit", language)
    caption = msg("compare.ranked_caption" if ranked else "compare.unranked_caption", language,
                  region=rd.region)
    sec.tables.append((caption, indexed(table.reset_index())))
    if any(str(v).endswith(UNOFFICIAL_MARK) for v in table.to_numpy().ravel()):
        sec.notes.append(unofficial_footnote(language))
    sec.notes.append(msg("compare.units_shown", language, shown=len(table), n_units=n_units))

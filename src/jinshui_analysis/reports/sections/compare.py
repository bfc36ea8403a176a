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
from jinshui_analysis.reports.labels import msg, pp_comparison, rank_text, rankable
from jinshui_analysis.reports.section import Section, indexed, memoised, tr
from jinshui_analysis.reports.sections.common import (
    UNOFFICIAL_FOOTNOTE,
    UNOFFICIAL_MARK,
    grade_of,
    marked,
    unofficial,
)
from jinshui_analysis.reports.sections.headline import CORE, build_rows, when
from jinshui_analysis.reports.values import ytd_values

_BASIS_WORDS = {"comparable": ("按可比价，实际增速", "real, comparable prices"),
                "current": ("按现价，名义增速", "nominal, current prices")}


def _country() -> str:
    return next((p.name for p in load_profiles().values() if p.level == "country"), "")


@memoised
def compare(rd: ReportData, language: str = "zh") -> Section:
    """Compare the region's 累计 growth with the province and the nation; rank a city's districts.

    Key figures: ``<key>_vs_province_pp``, ``<key>_vs_country_pp`` (百分点, own minus other),
    ``<key>_district_top`` (the top district's growth).
    """
    sec = Section(tr("与全省、全国比较", "Against the province and the nation", language), language)
    pr = rd.profile
    units = []
    if pr.province and pr.province != rd.region:
        units.append((pr.province, "province", msg("word.province", language)))
    country = _country()
    if country and country != rd.region:
        units.append((country, "country", msg("word.country", language)))
    sep = "，" if language == "zh" else ", "
    compared = False
    for row in build_rows(rd):
        if row.indicator not in CORE or not row.growth.ok or row.growth.synthetic \
                or row.growth.derived:  # derived growth is nominal: not compared with real
            continue
        parts = []
        unofficial_of = []  # units whose figure rests only on a secondary source
        for name, key, word in units:
            other = ytd_values(rd.real, name, row.indicator, "yoy_pct")
            if row.month in other.index and not bool(other.loc[row.month, "synthetic"]) \
                    and (str(other.loc[row.month, "price_basis"]) or CORE[row.indicator][2]) \
                    == row.growth.basis:  # real against real, nominal against nominal
                basis = _BASIS_WORDS.get(row.growth.basis, ("", ""))
                value = float(other.loc[row.month, "value"])
                parts.append(pp_comparison(row.growth.value, value, word, language))
                if grade_of(rd, str(other.loc[row.month, "source"])) == "secondary":
                    unofficial_of.append(word)
                sec.record(f"{row.key}_{key}_yoy", value, "%",
                           tr(f"{name}{row.indicator}累计同比增速（{when(row, 'zh')}，{basis[0]}）",
                              f"{name}: {row.en}, YTD growth ({when(row, 'en')}, {basis[1]})",
                              language), str(other.loc[row.month, "source"]), headline=False)
                sec.record(f"{row.key}_vs_{key}_pp", round(row.growth.value - value, 1), "百分点",
                           tr(f"{row.indicator}累计增速与{word}之差（{when(row, 'zh')}，{basis[0]}）",
                              f"{row.en}: YTD growth minus the {word}'s ({when(row, 'en')}, "
                              f"{basis[1]})",
                              language), str(other.loc[row.month, "source"]), headline=False)
        if parts:
            compared = True
            words = _BASIS_WORDS.get(row.growth.basis, ("", ""))
            name = row.indicator if language == "zh" else row.en
            inner = [tr(f"均{words[0]}", f"both {words[1]}", language)] if words[0] else []
            if unofficial_of:
                inner.append(tr(f"{'、'.join(unofficial_of)}数据为非官方来源",
                                f"{', '.join(unofficial_of)} figure from an unofficial source",
                                language))
            both = (f"（{'；'.join(inner)}）" if language == "zh" else f" ({'; '.join(inner)})") \
                if inner else ""
            sec.notes.append(msg("cmp.sentence", language,
                                 when=when(row, language), region=rd.region,
                                 indicator=name,
                                 change=numbers.change(row.growth.value, language)
                                 + unofficial(grade_of(rd, row.growth.source), language),
                                 parts=sep.join(parts) + both))
    period_words = describe(rd.period, True, language)
    if not compared:
        who = ("、" if language == "zh" else " and ").join(w for _, _, w in units) or \
            tr("上级地区", "higher levels", language)
        sec.notes.append(msg("cmp.no_data", language, who=who, when=period_words))
    if pr.districts:
        _rank_districts(rd, sec, language)
    return sec


def _rank_districts(rd: ReportData, sec: Section, language: str) -> None:
    """A city's units ranked by 累计 growth for the report month, one column per indicator."""
    columns = {}
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
            label = tr(f"{ind}（{words}，%）", f"{en} ({words}, %)", language)
            columns[label] = pd.Series(values)
            n_units = len(rd.profile.districts)
            if rankable(len(values), n_units):
                top = max(values, key=values.get)
                sec.record(f"{key}_district_top", values[top], "%",
                           tr(f"{ind}累计增速最高的下属单位：{top}（{n_units}个单位中{len(values)}个有数据）",
                              f"{en}: fastest-growing unit {top} ({len(values)} of {n_units} units "
                              "have data)", language), headline=False)
            else:
                sep = "、" if language == "zh" else ", "
                sec.notes.append(msg("rank.too_few", language, n=n_units, k=len(values),
                                     parent_word=rd.region if language == "zh" else "city",
                                     names=sep.join(values), when=words,
                                     indicator=ind if language == "zh" else en))
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
        name = col[:col.index("（")] if "（" in col else col
        header = tr(f"{name}位次（{n_units}个单位中{n_with}个有数据）",
                    f"rank: {col} ({n_with} of {n_units} units have data)", language)
        pos = table[col].rank(ascending=False, method="min")
        table[header] = [rank_text(int(r), n_with, n_units, language).split("（")[0]
                         .split(" (")[0] if pd.notna(r) else "" for r in pos]
    for col in [c for c in table.columns if "位次" not in c and not c.startswith("rank")]:
        ind = col[:col.index("（")] if "（" in col else col
        ind = next((k for k, (_, en, _) in CORE.items() if ind in (k, en)), ind)
        table[col] = [marked(v, grades.get((u, ind), ""), "%", language)
                      for u, v in zip(table.index, table[col])]  # "5.4*": 非官方来源
    table.index.name = tr("下属单位", "unit", language)
    caption = (tr(f"{rd.region}下属单位累计增速排位", f"{rd.region}: units ranked by YTD growth", language)
               if ranked else
               tr(f"{rd.region}下属单位累计增速（已公布的单位，不排位次）",
                  f"{rd.region}: YTD growth of the units that published it (not ranked)", language))
    sec.tables.append((caption, indexed(table.reset_index())))
    if any(str(v).endswith(UNOFFICIAL_MARK) for v in table.to_numpy().ravel()):
        sec.notes.append(tr(*UNOFFICIAL_FOOTNOTE, language))
    sec.notes.append(tr(f"表中只含数据中有本期累计增速的单位（共{len(table)}个，下属单位{n_units}个）；"
                        "空白表示该单位本期数据未发布；不足半数单位有数据的指标不排位次。",
                        f"Only units with year-to-date growth for the period are shown ({len(table)} of "
                        f"{n_units}); blanks are not published; an indicator with data for fewer "
                        "than half of the units is not ranked.", language))

"""The bundled, sourced figures (real published numbers only) as one tidy frame.

The raw files in ``data/regional/`` and ``data/official/`` are copies of the project's shared,
hand-collected tables (each row with the address it was read from); they are never modified.
:func:`load_bundled` reads them and applies a small, explicit curation so that the result is a
valid tidy frame (one value per region × indicator × measure × period):

1. **Periods** are parsed with :func:`jinshui_analysis.periods.parse_period`; rows without an
   exact period ("(undated)", "(约2020)", "2021~2025") are set aside (see :func:`excluded`).
2. **Indicator names** → (indicator, measure): "…增速" is the ``yoy_pct`` measure of "…";
   "…名义增速" (blogger-computed nominal change) becomes indicator "…(名义)" with
   ``price_basis="current"``; "…增速目标" becomes "…目标" (``yoy_pct``).  Qualifiers such as
   "(下限)" (lower bound: 超/突破), "(约数)" and "(预计)" stay in the name, so such values
   never mix with exact ones.
3. **Statistical basis (口径)**: rows whose note says 民政口径 (administrative district with the
   functional zones folded back) get the suffix "(民政口径)"; the management-basis (管理口径)
   rows keep the plain name, because Jinshui's earlier figures (2017, 2018, 2020H1, 2021Q1) are
   on that basis.
4. **Conflicting sources** for the same key are resolved in this order, and every value not
   chosen is kept in :func:`alternatives` with the reason:

   a. *vintage* — a later vintage (``initial`` < ``revised`` < ``census-revised``) supersedes an
      earlier one (a later publication revising a level);
   b. *rounding* — values that agree at the coarser published precision (8036 vs 8035.88) are
      one figure: :data:`~jinshui_analysis.data.provenance.CHOICES` picks if it has an entry, else the more precise value;
   c. *grade* — ``official`` > ``press`` > ``secondary`` (see :data:`~jinshui_analysis.data.provenance.DOMAIN_GRADES`);
   d. *equal grades* — :data:`~jinshui_analysis.data.provenance.CHOICES` (each with its reason); otherwise :class:`DataError`.

   Identical duplicates collapse onto the best-graded source.
5. **Units**: :func:`~jinshui_analysis.data.tables.units.normalise_unit` (aggregates in 亿元);
   per-capita values (人均…) in 元/人.

Every row's ``source`` is ``"<address> [<file> row <n>]"`` — the address it was read from and
the line of the bundled raw file.  After the tidy columns every row carries
:data:`~jinshui_analysis.data.provenance.PROVENANCE_COLUMNS`: ``grade`` (official / press / secondary), ``vintage`` (initial /
revised / census-revised), ``published`` (YYYY-MM-DD where known), ``publisher`` and
``qualifier`` (下限 / 约数 / 预计, also kept in the indicator name; 推算 — derived from
published statements, the arithmetic in the raw row's note, :func:`derivation` — is not).  The year-to-date panel
(``regional/ytd_panel.csv``) states them per row; for the older raw files, which have no such
columns, ``grade`` and ``publisher`` come from the address via :data:`~jinshui_analysis.data.provenance.DOMAIN_GRADES`, ``vintage``
is ``initial`` unless :data:`~jinshui_analysis.data.provenance.VINTAGE_OVERRIDES` says otherwise, ``published`` is unknown ("").

Level growth is only meaningful within one vintage: :func:`growth_from_levels` refuses to mix.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from jinshui_analysis.data.provenance import (
    GRADES,
    PROVENANCE_COLUMNS,
    VINTAGE_OVERRIDES,
    VINTAGES,
    best_grade,
    grade_of,
    resolve,
)
from jinshui_analysis.data.select import select
from jinshui_analysis.data.tables.schema import TIDY_COLUMNS
from jinshui_analysis.data.tables.units import normalise_unit
from jinshui_analysis.exceptions import DataError, PeriodError
from jinshui_analysis.periods import parse_period

DATA_DIR = Path(str(files("jinshui_analysis") / "data"))
REGIONAL_FILES = (
    "regional/jinshui.csv",
    "regional/jinshui_article_2023.csv",
    "regional/zhengzhou_districts.csv",
    "regional/zhengzhou_city.csv",
    "regional/nanshan_shenzhen.csv",
    "regional/henan_national.csv",
)
PANEL_FILES = ("regional/ytd_panel.csv",)
OFFICIAL_FILES = (
    "official/nbs_national_gdp_2015_2020.csv",
    "official/published_contribution_tables.csv",
)
ARTICLE_FILE = "sources/dxnews_2023-02-13_jinshui.txt"

def _split_indicator(name: str, note: str) -> tuple[str, str, str | None, str]:
    """Map a published indicator name to (indicator, measure, price_basis override, qualifier)."""
    basis = None
    qualifier = ""
    m = re.match(r"^(.*?)(\((下限|约数|预计)\))$", name)
    if m:
        name, suffix, qualifier = m.group(1), m.group(2), m.group(3)
    else:
        suffix = ""
    if name.endswith("名义增速"):
        return name[: -len("名义增速")] + "(名义)" + suffix, "yoy_pct", "current", qualifier
    if name.endswith("增速目标"):
        # "增长8%以上" in the source: the target is a lower bound (qualifier only, the
        # indicator keeps its name so the target is found under 地区生产总值目标)
        if not qualifier and re.search(r"\d%?以上|lower bound", note):
            qualifier = "下限"
        return name[: -len("增速目标")] + "目标" + suffix, "yoy_pct", basis, qualifier
    if name.endswith("增速"):
        return name[: -len("增速")] + suffix, "yoy_pct", basis, qualifier
    return name + suffix, "level", basis, qualifier


def _read_raw(rel: str) -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / rel, dtype=str, keep_default_na=False, encoding="utf-8")
    frame["file"] = rel
    frame["line"] = range(2, len(frame) + 2)  # 1-based line numbers, header is line 1
    return frame


def _read_all_raw() -> pd.DataFrame:
    """Raw rows of the regional files and the panel, each with provenance columns filled."""
    frames = []
    for rel in REGIONAL_FILES + PANEL_FILES:
        f = _read_raw(rel)
        if "grade" not in f.columns:  # older raw files: derive from the address
            derived = f["source_url"].map(grade_of)
            f["grade"] = derived.str[0]
            f["publisher"] = derived.str[1]
            f["published"] = ""
            f["vintage"] = "initial"
        else:
            bad = f[~f["grade"].isin(GRADES) | ~f["vintage"].isin(VINTAGES)]
            if not bad.empty:
                r = bad.iloc[0]
                raise DataError(f"bundled data: grade {r['grade']!r} / vintage {r['vintage']!r} "
                                f"not in {GRADES} / {VINTAGES}", file=f"{rel} row {r['line']}")
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def _source_text(url: str, rel: str, line: int) -> str:
    if url.startswith("sources/"):
        url = f"data/{url} (大象新闻 2023-02-13)"
    return f"{url} [{rel} row {line}]"


@cache
def _curate() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    raw = _read_all_raw()
    cands, excluded, alternatives = [], [], []
    for r in raw.itertuples(index=False):
        d = r._asdict()
        try:
            p = parse_period(r.period)
        except PeriodError:
            excluded.append({**d, "reason": "no exact period"})
            continue
        value = float(r.value)
        indicator, measure, basis, qualifier = _split_indicator(r.indicator, r.note)
        if "民政口径" in r.note:
            indicator += "(民政口径)"
        unit = r.unit
        if measure == "level":
            value, unit = normalise_unit(value, unit, indicator=indicator)
            if unit == "万元/人":  # one unit per indicator across regions
                value, unit = value * 1e4, "元/人"
        if not qualifier and str(r.note).startswith("推算"):
            qualifier = "推算"  # derived from published statements; the note has the arithmetic
        vintage, vintage_reason = r.vintage, ""
        override = VINTAGE_OVERRIDES.get((r.region, r.indicator, r.period, float(r.value)))
        if override is not None:
            vintage, vintage_reason = override
        cands.append(
            {
                "region": r.region,
                "indicator": indicator,
                "measure": measure,
                "period": p.period,
                "cumulative": bool(p.cumulative),
                "value": value,
                "unit": unit,
                "price_basis": basis if basis is not None else r.price_basis,
                "source": _source_text(r.source_url, r.file, r.line),
                "grade": r.grade,
                "vintage": vintage,
                "published": r.published,
                "publisher": r.publisher,
                "qualifier": qualifier,
                "_key": (r.region, indicator, measure, p.period),
                "choice_key": (r.region, r.indicator, r.period),
                "raw_value": r.value.strip(),
                "vintage_reason": vintage_reason,
                "_raw": d,
            }
        )
    groups: dict[tuple, list[dict]] = {}
    for c in cands:
        groups.setdefault(c["_key"], []).append(c)
    rows = []
    for group in groups.values():
        if len({c["value"] for c in group}) == 1:
            rows.append(best_grade(group))
            continue
        chosen, losers = resolve(group)
        rows.append(chosen)
        for c, reason in losers:
            alternatives.append({**c["_raw"], "vintage": c["vintage"], "reason": reason,
                                 "chosen_value": chosen["value"], "chosen_source": chosen["source"]})
    cols = TIDY_COLUMNS + PROVENANCE_COLUMNS
    frame = pd.DataFrame(rows)[cols].sort_values(["region", "indicator", "measure", "period"])
    frame = frame.reset_index(drop=True)
    return frame, pd.DataFrame(excluded), pd.DataFrame(alternatives)


def load_bundled() -> pd.DataFrame:
    """The bundled, sourced figures as a tidy frame (a fresh copy on every call).

    Returns
    -------
    pandas.DataFrame
        Columns ``region, indicator, measure, period, cumulative, value, unit, price_basis,
        source`` (:data:`TIDY_COLUMNS`) followed by :data:`~jinshui_analysis.data.provenance.PROVENANCE_COLUMNS` ``grade, vintage,
        published, publisher, qualifier``; every row's ``source`` names the address the figure
        was read from and the line of the bundled raw file.  Year-to-date rows
        (``2023-01~2023-06``, ``2023H1``, ``2023Q1-Q3``) have ``cumulative`` True.  Covers 金水区, 郑州市 and its districts and functional zones,
        深圳市南山区, 河南省, 广东省 and 全国.  See the module docstring for the curation rules.
    """
    return _curate()[0].copy()


def excluded() -> pd.DataFrame:
    """Raw rows left out of :func:`load_bundled` because they have no exact period."""
    return _curate()[1].copy()


def alternatives() -> pd.DataFrame:
    """Raw rows not chosen where two sources disagree, each with its ``reason``.

    Reasons name the rule that decided (older vintage, rounding, lower grade, or the
    :data:`~jinshui_analysis.data.provenance.CHOICES` entry); ``chosen_value`` and ``chosen_source`` give the winner.
    """
    return _curate()[2].copy()


def derivation(region: str, indicator: str, period: str) -> str:
    """The arithmetic of a bundled figure derived from published statements (qualifier 推算):
    the raw row's note (its "推算：…" sentence), or "" when the figure is not derived."""
    raw = _read_all_raw()
    for r in raw.itertuples(index=False):
        if r.region != region or not str(r.note).startswith("推算"):
            continue
        name, _, _, _ = _split_indicator(r.indicator, r.note)
        try:
            code = parse_period(r.period).period
        except PeriodError:
            continue
        if name == indicator and code == str(period):
            return str(r.note)
    return ""


def series(
    region: str,
    indicator: str = "地区生产总值",
    *,
    measure: str = "level",
    freq: str | None = "Y",
    cumulative: bool | None = None,
    price_basis: str | None = None,
    data: pd.DataFrame | None = None,
) -> pd.Series:
    """One series of a tidy frame (default: the bundled data) indexed by period.

    :func:`jinshui_analysis.data.select.select` on :func:`load_bundled` (or ``data``): ``freq``
    "Y" keeps annual periods ("2022"), "Q" quarters, "M" months, None all; ``cumulative`` keeps
    累计 (True) or 当月 (False) rows and must be given where a frame has both for one period.
    """
    frame = load_bundled() if data is None else data
    return select(frame, region, indicator, measure=measure, freq=freq, cumulative=cumulative,
                  price_basis=price_basis)


def sources() -> pd.DataFrame:
    """The sources of the bundled figures: one row per address.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_url, grade, publisher, published, files, regions, indicators, n_rows``,
        sorted by ``n_rows``.  ``grade`` is the one stated in the panel file, else derived from
        the address (:func:`~jinshui_analysis.data.provenance.grade_of`); the official national-accounts tables cite a GitHub
        mirror of the NBS database export and are graded ``secondary`` accordingly.
    """
    raw = pd.concat([_read_all_raw()] + [_read_raw(f) for f in OFFICIAL_FILES],
                    ignore_index=True)
    # the official tables name a component (GDP, primary…) and a measure instead of an indicator
    official = raw["component"].fillna("") + " " + raw["measure"].fillna("")
    raw["indicator"] = raw["indicator"].fillna("").where(raw["indicator"].fillna("") != "",
                                                         official.str.strip())
    derived = raw["source_url"].map(grade_of)
    raw["grade"] = raw["grade"].fillna(derived.str[0]).replace("", None).fillna(derived.str[0])
    raw["publisher"] = raw["publisher"].fillna("").where(raw["publisher"].fillna("") != "",
                                                         derived.str[1])
    raw["published"] = raw["published"].fillna("")
    g = raw.groupby("source_url")
    out = pd.DataFrame(
        {
            "grade": g["grade"].agg(lambda s: min(s, key=GRADES.index)),
            "publisher": g["publisher"].agg(lambda s: sorted(set(s))[0]),
            "published": g["published"].agg(lambda s: max(s)),
            "files": g["file"].agg(lambda s: ", ".join(sorted(set(s)))),
            "regions": g["region"].agg(lambda s: ", ".join(sorted(set(s)))),
            "indicators": g["indicator"].agg(lambda s: ", ".join(sorted(set(map(str, s))))),
            "n_rows": g.size(),
        }
    )
    out.index.name = "source_url"
    return out.sort_values("n_rows", ascending=False).reset_index()


def growth_from_levels(
    region: str,
    indicator: str,
    start: str,
    end: str,
    *,
    data: pd.DataFrame | None = None,
) -> float:
    """Nominal growth in % from two published levels, only if both are on one vintage.

    A vintage is one publication: both levels must come from the same address with the same
    ``vintage`` label (e.g. one statistical bulletin, or one database export).  An initial
    estimate of year t−1 and the initial estimate of year t are *not* on one vintage — year t−1
    is revised before year t is first published — so such pairs raise :class:`DataError`
    (河南省 2022→2023 from the two bulletins would give a spurious −3.6 %).

    Parameters
    ----------
    region, indicator:
        As in :func:`load_bundled` (measure ``level``).
    start, end:
        Periods as published or normalised ("2022", "2023H1", "2023Q2" …).
    data:
        A frame with :data:`TIDY_COLUMNS` and ``vintage``; default: the bundled rows *and*
        their :func:`alternatives` (earlier vintages), so that a same-vintage pair is found
        where one exists.

    Returns
    -------
    float
        ``(L_end / L_start − 1) · 100``.
    """
    if data is None:
        frame = _all_levels()
    else:
        frame = data[data["measure"] == "level"].copy()
        frame["address"] = frame["source"].astype(str).str.replace(r" \[.*\]$", "", regex=True)
        if "vintage" not in frame.columns:
            frame["vintage"] = ""
    p0, p1 = parse_period(str(start)).period, parse_period(str(end)).period
    sel = frame[(frame["region"] == region) & (frame["indicator"] == indicator)]
    a, b = sel[sel["period"] == p0], sel[sel["period"] == p1]
    if a.empty or b.empty:
        missing = p0 if a.empty else p1
        raise DataError(f"no published level of {region} {indicator} for {missing}")
    pairs = a.merge(b, on=["address", "vintage"], suffixes=("_0", "_1"))
    if pairs.empty:
        have = "; ".join(f"{r.period} {r.value:g} ({r.vintage}, {r.address})"
                         for r in pd.concat([a, b]).itertuples())
        raise DataError(
            f"{region} {indicator} {p0}→{p1}: the published levels are on different vintages "
            f"(different publications); growth between them mixes revisions: {have}"
        )
    r = pairs.iloc[0]
    return (float(r["value_1"]) / float(r["value_0"]) - 1) * 100


def _all_levels() -> pd.DataFrame:
    """Level rows of load_bundled() plus alternatives(), with address and vintage."""
    main = load_bundled()
    main = main[main["measure"] == "level"].copy()
    main["address"] = main["source"].str.replace(r" \[.*\]$", "", regex=True)
    alt = alternatives()
    rows = []
    for r in alt.itertuples(index=False):
        try:
            p = parse_period(r.period)
        except PeriodError:
            continue
        indicator, measure, _, _ = _split_indicator(r.indicator, r.note)
        if "民政口径" in r.note:
            indicator += "(民政口径)"
        if measure != "level":
            continue
        value, _unit = normalise_unit(float(r.value), r.unit, indicator=indicator)
        rows.append({"region": r.region, "indicator": indicator, "period": p.period,
                     "value": value, "vintage": r.vintage, "address": r.source_url})
    cols = ["region", "indicator", "period", "value", "vintage", "address"]
    return pd.concat([main[cols], pd.DataFrame(rows, columns=cols)], ignore_index=True)


def load_official(table: str | None = None) -> pd.DataFrame:
    """Published national / provincial accounts with contribution rates (for validating models).

    Columns ``region, table, component, year, measure, value, unit, source_url, note`` as in the
    bundled files ``official/*.csv``; ``table`` filters one table, e.g. "cn_nbs_annual_v2026".
    """
    frames = []
    for rel in OFFICIAL_FILES:
        f = pd.read_csv(DATA_DIR / rel, dtype={"value": float, "year": str}, keep_default_na=False)
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    if table is not None:
        out = out[out["table"] == table].reset_index(drop=True)
    return out


def national_accounts() -> dict[str, pd.DataFrame]:
    """China's GDP and three industries 2015–2020 from the bundled official table.

    Returns
    -------
    dict of DataFrames (index ``period`` "2015"…"2020", columns primary, secondary, tertiary, GDP):
        ``levels`` (current prices, 亿元; 2015 = sum of published quarterly values),
        ``volume_index`` (1978 = 100; 2015 not published → NaN), ``volume_index_prev``
        (上年 = 100), ``rate`` (published 贡献率, %), ``pulling`` (published 拉动, pp),
        ``growth`` (published real growth, %).  Source: NBS annual data (see ``load_official``).
    """
    off = load_official()
    off = off[off["table"].isin(["cn_nbs_annual_v2026", "cn_nbs_quarterly_dg_sum"])]
    cols = ["primary", "secondary", "tertiary", "GDP"]
    out = {}
    for key, measure in [("levels", "current_value"), ("volume_index", "volume_index_1978_100"),
                         ("volume_index_prev", "volume_index_prev_year_100"),
                         ("rate", "contribution_rate_pct"), ("pulling", "pulling_pp"),
                         ("growth", "real_growth_pct")]:
        sel = off[off["measure"] == measure]
        wide = sel.pivot_table(index="year", columns="component", values="value", aggfunc="first")
        wide = wide.reindex(columns=[c for c in cols if c in wide.columns])
        wide = wide.reindex([str(y) for y in range(2015, 2021)])
        wide.index.name = "period"
        wide.columns.name = "component"
        out[key] = wide
    return out


BREAKS_FILE = "breaks.csv"


def breaks(region: str | None = None, indicator: str | None = None) -> pd.DataFrame | list[int]:
    """Declared series breaks (口径/coverage changes, census revisions) in the bundled data.

    ``data/breaks.csv`` lists, per region (``*`` = every region) and indicator, the
    first year on the new basis, the kind (``basis`` or ``census``), the reason and its source.
    Growth from levels is not computed across a break (``a < year <= b``).

    Parameters
    ----------
    region, indicator : str, optional
        With both given, the sorted break years that apply to that series (list of int);
        otherwise the whole table.
    """
    frame = pd.read_csv(DATA_DIR / BREAKS_FILE, dtype=str, keep_default_na=False,
                        encoding="utf-8")
    bad = frame[~frame["year"].str.fullmatch(r"\d{4}") | ~frame["kind"].isin(["basis", "census"])]
    if not bad.empty:
        raise DataError(f"bad break year {bad.iloc[0]['year']!r} or kind {bad.iloc[0]['kind']!r}",
                        file=f"{BREAKS_FILE} row {int(bad.index[0]) + 2}")
    frame["year"] = frame["year"].astype(int)
    if region is None or indicator is None:
        return frame
    rows = frame[frame["region"].isin([region, "*"]) & (frame["indicator"] == indicator)]
    return sorted(set(rows["year"].tolist()))

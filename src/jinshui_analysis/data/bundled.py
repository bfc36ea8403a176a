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
4. **Conflicting sources** for the same key are resolved by :data:`CHOICES` (each with its
   reason); the other value is kept in :func:`alternatives`.  Identical duplicates collapse.
5. **Units**: :func:`~jinshui_analysis.data.tables.normalise_unit` (aggregates in 亿元);
   per-capita values (人均…) in 元/人.

Every row's ``source`` is ``"<address> [<file> row <n>]"`` — the address it was read from and
the line of the bundled raw file.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from jinshui_analysis.data.tables import TIDY_COLUMNS, normalise_unit
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
OFFICIAL_FILES = (
    "official/nbs_national_gdp_2015_2020.csv",
    "official/published_contribution_tables.csv",
)
ARTICLE_FILE = "sources/dxnews_2023-02-13_jinshui.txt"

#: (region, indicator as published, period) → (value chosen, reason).
CHOICES: dict[tuple[str, str, str], tuple[float, str]] = {
    ("南山区", "地区生产总值", "2020"): (
        6502.22,
        "南山区统计局初步核算 (深圳特区报 2021-02); 6527 is a rounded later work-report figure",
    ),
    ("南山区", "地区生产总值", "2022"): (8035.88, "statistics bureau figure; 8036 is rounded"),
    ("河南省", "地区生产总值", "2019"): (
        53717.75,
        "revised after the 4th economic census; 54259.20 is the initial estimate",
    ),
    ("广东省", "地区生产总值增速", "2019"): (6.2, "official one-decimal figure; 6.15 unrounded"),
    ("郑州市", "第一产业占比", "2020"): (1.3, "中原网 1.3:39.7:59 (the other page's 1.2 disagrees)"),
}



def _split_indicator(name: str, note: str) -> tuple[str, str, str | None]:
    """Map a published indicator name to (indicator, measure, price_basis override)."""
    basis = None
    qualifier = ""
    m = re.match(r"^(.*?)(\((?:下限|约数|预计)\))$", name)
    if m:
        name, qualifier = m.group(1), m.group(2)
    if name.endswith("名义增速"):
        return name[: -len("名义增速")] + "(名义)" + qualifier, "yoy_pct", "current"
    if name.endswith("增速目标"):
        return name[: -len("增速目标")] + "目标" + qualifier, "yoy_pct", basis
    if name.endswith("增速"):
        return name[: -len("增速")] + qualifier, "yoy_pct", basis
    return name + qualifier, "level", basis


def _read_raw(rel: str) -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / rel, dtype=str, keep_default_na=False, encoding="utf-8")
    frame["file"] = rel
    frame["line"] = range(2, len(frame) + 2)  # 1-based line numbers, header is line 1
    return frame


def _source_text(url: str, rel: str, line: int) -> str:
    if url.startswith("sources/"):
        url = f"data/{url} (大象新闻 2023-02-13)"
    return f"{url} [{rel} row {line}]"


@cache
def _curate() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    raw = pd.concat([_read_raw(f) for f in REGIONAL_FILES], ignore_index=True)
    rows, excluded, alternatives = [], [], []
    for r in raw.itertuples(index=False):
        try:
            p = parse_period(r.period)
        except PeriodError:
            excluded.append({**r._asdict(), "reason": "no exact period"})
            continue
        key = (r.region, r.indicator, p.period)
        value = float(r.value)
        choice = CHOICES.get((r.region, r.indicator, r.period))
        if choice is not None and abs(value - choice[0]) > 1e-9:
            alternatives.append({**r._asdict(), "reason": f"not chosen: {choice[1]}"})
            continue
        indicator, measure, basis = _split_indicator(r.indicator, r.note)
        if "民政口径" in r.note:
            indicator += "(民政口径)"
        unit = r.unit
        if measure == "level":
            value, unit = normalise_unit(value, unit, indicator=indicator)
            if unit == "万元/人":  # one unit per indicator across regions
                value, unit = value * 1e4, "元/人"
        rows.append(
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
                "_key": key,
            }
        )
    frame = pd.DataFrame(rows)
    keys = ["region", "indicator", "measure", "period"]
    frame = frame.drop_duplicates(subset=[*keys, "value"], keep="first")
    dup = frame[frame.duplicated(subset=keys, keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        raise DataError(
            f"bundled data: conflicting values for {tuple(first[keys])}: "
            f"{sorted(dup.loc[(dup[keys] == first[keys]).all(axis=1), 'value'])}; add a CHOICES entry",
            file=first["source"],
        )
    frame = frame[TIDY_COLUMNS].sort_values(["region", "indicator", "measure", "period"])
    frame = frame.reset_index(drop=True)
    return frame, pd.DataFrame(excluded), pd.DataFrame(alternatives)


def load_bundled() -> pd.DataFrame:
    """The bundled, sourced figures as a tidy frame (a fresh copy on every call).

    Returns
    -------
    pandas.DataFrame
        Columns ``region, indicator, measure, period, cumulative, value, unit, price_basis,
        source``; every row's ``source`` names the address the figure was read from and the line
        of the bundled raw file.  Covers 金水区, 郑州市 and its districts and functional zones,
        深圳市南山区, 河南省, 广东省 and 全国.  See the module docstring for the curation rules.
    """
    return _curate()[0].copy()


def excluded() -> pd.DataFrame:
    """Raw rows left out of :func:`load_bundled` because they have no exact period."""
    return _curate()[1].copy()


def alternatives() -> pd.DataFrame:
    """Raw rows not chosen where two sources disagree (:data:`CHOICES` gives the reasons)."""
    return _curate()[2].copy()


def series(
    region: str,
    indicator: str = "地区生产总值",
    *,
    measure: str = "level",
    freq: str | None = "Y",
    data: pd.DataFrame | None = None,
) -> pd.Series:
    """One series from a tidy frame (default: the bundled data) indexed by period.

    ``freq`` "Y" keeps annual periods ("2022"), "Q" quarters, "M" months, None all.
    The Series is named after the indicator and carries ``attrs`` unit and sources.
    """
    frame = load_bundled() if data is None else data
    sel = frame[
        (frame["region"] == region)
        & (frame["indicator"] == indicator)
        & (frame["measure"] == measure)
    ]
    if freq == "Y":
        sel = sel[sel["period"].str.fullmatch(r"\d{4}")]
    elif freq == "Q":
        sel = sel[sel["period"].str.contains("Q")]
    elif freq == "M":
        sel = sel[sel["period"].str.fullmatch(r"\d{4}-\d{2}")]
    s = pd.Series(
        sel["value"].to_numpy(dtype=float),
        index=pd.Index(sel["period"].astype(str).to_list(), name="period"),
        name=indicator,
    ).sort_index()
    s.attrs["unit"] = sel["unit"].iloc[0] if len(sel) else ""
    s.attrs["sources"] = sorted(set(sel["source"]))
    s.attrs["synthetic"] = bool(sel["source"].astype(str).str.startswith("synthetic").any())
    return s


def sources() -> pd.DataFrame:
    """The sources of the bundled figures: one row per address.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_url, files, regions, indicators, n_rows``, sorted by ``n_rows``.
    """
    raw = pd.concat([_read_raw(f) for f in REGIONAL_FILES + OFFICIAL_FILES], ignore_index=True)
    # the official tables name a component (GDP, primary…) and a measure instead of an indicator
    official = raw["component"].fillna("") + " " + raw["measure"].fillna("")
    raw["indicator"] = raw["indicator"].fillna("").where(raw["indicator"].fillna("") != "",
                                                         official.str.strip())
    g = raw.groupby("source_url")
    out = pd.DataFrame(
        {
            "files": g["file"].agg(lambda s: ", ".join(sorted(set(s)))),
            "regions": g["region"].agg(lambda s: ", ".join(sorted(set(s)))),
            "indicators": g["indicator"].agg(lambda s: ", ".join(sorted(set(map(str, s))))),
            "n_rows": g.size(),
        }
    )
    out.index.name = "source_url"
    return out.sort_values("n_rows", ascending=False).reset_index()


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

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
      one figure: :data:`CHOICES` picks if it has an entry, else the more precise value;
   c. *grade* — ``official`` > ``press`` > ``secondary`` (see :data:`DOMAIN_GRADES`);
   d. *equal grades* — :data:`CHOICES` (each with its reason); otherwise :class:`DataError`.

   Identical duplicates collapse onto the best-graded source.
5. **Units**: :func:`~jinshui_analysis.data.tables.units.normalise_unit` (aggregates in 亿元);
   per-capita values (人均…) in 元/人.

Every row's ``source`` is ``"<address> [<file> row <n>]"`` — the address it was read from and
the line of the bundled raw file.  After the tidy columns every row carries
:data:`PROVENANCE_COLUMNS`: ``grade`` (official / press / secondary), ``vintage`` (initial /
revised / census-revised), ``published`` (YYYY-MM-DD where known), ``publisher`` and
``qualifier`` (下限 / 约数 / 预计, also kept in the indicator name; 推算 — derived from
published statements, the arithmetic in the raw row's note, :func:`derivation` — is not).  The year-to-date panel
(``regional/ytd_panel.csv``) states them per row; for the older raw files, which have no such
columns, ``grade`` and ``publisher`` come from the address via :data:`DOMAIN_GRADES`, ``vintage``
is ``initial`` unless :data:`VINTAGE_OVERRIDES` says otherwise, ``published`` is unknown ("").

Level growth is only meaningful within one vintage: :func:`growth_from_levels` refuses to mix.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

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

#: Provenance columns that follow :data:`TIDY_COLUMNS` in :func:`load_bundled`.
PROVENANCE_COLUMNS = ["grade", "vintage", "published", "publisher", "qualifier"]
GRADES = ("official", "press", "secondary")  # best first
VINTAGES = ("initial", "revised", "census-revised")  # oldest first
QUALIFIERS = ("下限", "约数", "预计", "推算")

#: Host suffix → (grade, publisher) for addresses without a stated grade (first match wins;
#: a suffix matches the host itself or any sub-domain).  ``official``: statistics bureaus and
#: government sites; ``press``: news outlets reporting official releases; everything else —
#: aggregators, blogs, mirrors, code hosting (GitHub) and unknown hosts — is ``secondary``.
DOMAIN_GRADES: tuple[tuple[str, str, str], ...] = (
    ("gov.cn", "official", "government / statistics bureau (gov.cn)"),
    ("gov.hk", "official", "HKSAR government (gov.hk)"),
    ("zynews.cn", "press", "中原网 / 郑州日报"),
    ("dahe.cn", "press", "大河网"),
    ("hnr.cn", "press", "河南广播电视台"),
    ("xinhuanet.com", "press", "新华网"),
    ("news.cn", "press", "新华网"),
    ("people.com.cn", "press", "人民网"),
    ("cri.cn", "press", "国际在线"),
    ("sznews.com", "press", "深圳新闻网"),
    ("dutenews.com", "press", "读特 / 深圳特区报"),
    ("hkcd.com", "press", "香港商报"),
    ("qzwb.com", "press", "泉州晚报 (新华社稿)"),
    ("chinanews.com", "press", "中国新闻网"),
    ("chinanews.com.cn", "press", "中国新闻网"),
    ("ce.cn", "press", "中国经济网"),
    ("rmzxb.com.cn", "press", "人民政协报"),
    ("zqrb.cn", "press", "证券日报"),
    ("wenweipo.com", "press", "香港文汇报"),
    ("hebiw.com", "press", "鹤壁日报"),
    ("zgcsb.com", "press", "中国城市报"),
    ("zyjjw.cn", "press", "中原经济网"),
    ("hk01.com", "press", "香港01"),
    ("gscn.com.cn", "press", "中国甘肃网"),
    ("zhengguannews.cn", "press", "郑州观察 (郑州报业集团)"),
    ("zzrbnews.com", "press", "郑州日报 (电子版)"),
    ("ihenan.top", "press", "河南国际传播中心 (HICC)"),
    ("eeo.com.cn", "press", "经济观察网"),
    ("nhandan.vn", "press", "人民报 (越南) 中文版"),
    ("github.com", "secondary", "GitHub (code-hosting mirror)"),
    ("1689878.com", "secondary", "1689878.com (mirror)"),
    ("my67778.com", "secondary", "my67778.com (mirror of 中商情报网)"),
    ("360doc.com", "secondary", "360doc (self-published)"),
    ("wangchao.net.cn", "secondary", "wangchao.net.cn (mirror)"),
    ("dcwnkz.com", "secondary", "dcwnkz.com (blog)"),
    ("taobao833.com", "secondary", "taobao833.com (mirror)"),
    ("reportify.ai", "secondary", "reportify.ai (AI summaries of 搜狐 articles)"),
    ("163.com", "secondary", "网易号 (platform repost)"),
    ("baike.com", "secondary", "抖音百科 (encyclopaedia)"),
)
#: The bundled source article (大象新闻, a news outlet).
ARTICLE_GRADE = ("press", "大象新闻")

#: Vintage of raw rows of the older files whose vintage is known from their notes or the
#: regional README: (region, indicator as published, period, value) → (vintage, reason).
VINTAGE_OVERRIDES: dict[tuple[str, str, str, float], tuple[str, str]] = {
    ("河南省", "地区生产总值", "2019", 53717.75): (
        "census-revised",
        "revised after the 4th economic census (data/regional/README.md); 54259.20 is the "
        "initial estimate (河南商报 2020)",
    ),
}

#: (region, indicator as published, period) → (value chosen, reason).  Consulted where the
#: values agree up to rounding, and where vintage and grade do not decide.
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
    ("郑州市", "地区生产总值", "2025"): (
        15244.57,
        "one figure: 15244.57 (dcwnkz district table, two decimals) and 15244.6 (大象新闻 via 网易号, "
        "rounded); both secondary, the more precise value is kept",
    ),
}


def grade_of(url: str) -> tuple[str, str]:
    """(grade, publisher) of an address by :data:`DOMAIN_GRADES`; unknown hosts → secondary."""
    if url.startswith("sources/") or url.startswith("data/sources/"):
        return ARTICLE_GRADE
    host = urlparse(url).hostname or ""
    for suffix, grade, publisher in DOMAIN_GRADES:
        if host == suffix or host.endswith("." + suffix):
            return grade, publisher
    return "secondary", host or url


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


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _round_half_up(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _agree_when_rounded(cands: list[dict]) -> bool:
    """True if all values equal the coarsest-published one when rounded to its precision."""
    coarse = min(_decimals(c["raw_value"]) for c in cands)
    target = {_round_half_up(c["value"], coarse) for c in cands}
    return len(target) == 1


def _resolve(cands: list[dict]) -> tuple[dict, list[tuple[dict, str]]]:
    """Choose one of several distinct values for one key; return (chosen, [(loser, reason)])."""
    losers: list[tuple[dict, str]] = []
    # a. vintage: the latest vintage supersedes earlier ones
    top = max(VINTAGES.index(c["vintage"]) for c in cands)
    keep = [c for c in cands if VINTAGES.index(c["vintage"]) == top]
    for c in cands:
        if c not in keep:
            why = next((k["vintage_reason"] for k in keep if k.get("vintage_reason")), "")
            losers.append((c, f"older vintage ({c['vintage']}) superseded by {VINTAGES[top]}"
                              f"{': ' + why if why else ''}"))
    if len({c["value"] for c in keep}) == 1:
        return _best_grade(keep), losers
    choice = CHOICES.get(keep[0]["choice_key"])
    # b. rounding: one figure published at different precisions
    if _agree_when_rounded(keep):
        if choice is not None:
            won = [c for c in keep if abs(c["value"] - choice[0]) < 1e-9]
            reason = f"same figure at another precision; not chosen: {choice[1]}"
        else:
            most = max(_decimals(c["raw_value"]) for c in keep)
            won = [c for c in keep if _decimals(c["raw_value"]) == most]
            reason = "same figure rounded to fewer decimals"
        if won and len({c["value"] for c in won}) == 1:
            losers += [(c, reason) for c in keep if c not in won]
            return _best_grade(won), losers
    # c. grade: official > press > secondary
    best = min(GRADES.index(c["grade"]) for c in keep)
    won = [c for c in keep if GRADES.index(c["grade"]) == best]
    if len({c["value"] for c in won}) == 1:
        losers += [(c, f"lower grade ({c['grade']}) than the chosen {GRADES[best]} source")
                   for c in keep if c not in won]
        return _best_grade(won), losers
    # d. equal grades: the table of choices
    if choice is not None:
        chosen = [c for c in won if abs(c["value"] - choice[0]) < 1e-9]
        if chosen:
            losers += [(c, f"not chosen: {choice[1]}") for c in keep if c not in chosen]
            return _best_grade(chosen), losers
    first = keep[0]
    raise DataError(
        f"bundled data: conflicting values for {first['_key']}: "
        f"{sorted({c['value'] for c in keep})} on the same vintage and grade; add a CHOICES entry",
        file=first["source"],
    )


def _best_grade(cands: list[dict]) -> dict:
    return min(cands, key=lambda c: GRADES.index(c["grade"]))


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
            rows.append(_best_grade(group))
            continue
        chosen, losers = _resolve(group)
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
        source`` (:data:`TIDY_COLUMNS`) followed by :data:`PROVENANCE_COLUMNS` ``grade, vintage,
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
    :data:`CHOICES` entry); ``chosen_value`` and ``chosen_source`` give the winner.
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
        the address (:func:`grade_of`); the official national-accounts tables cite a GitHub
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

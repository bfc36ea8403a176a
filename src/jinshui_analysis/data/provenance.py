"""Where a bundled figure comes from and which of several is kept: the grade of a source
(official / press / secondary, from its address), its vintage (initial / revised /
census-revised), qualifiers (下限, 约数, 预计, 推算), and the rules that choose one value where
sources disagree (:func:`resolve`: later vintage, then rounding, then grade, then
:data:`CHOICES`), as :func:`jinshui_analysis.data.bundled.load_bundled` applies them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlparse

from jinshui_analysis.exceptions import DataError

#: Provenance columns that follow the tidy columns in
#: :func:`~jinshui_analysis.data.bundled.load_bundled`.
PROVENANCE_COLUMNS = ["grade", "vintage", "published", "publisher", "qualifier"]
#: Source grades, best first.
GRADES = ("official", "press", "secondary")
#: Vintages of a published figure, oldest first.
VINTAGES = ("initial", "revised", "census-revised")
#: Qualifiers of a published figure (lower bound, approximate, expected, derived).
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


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _round_half_up(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _agree_when_rounded(cands: list[dict]) -> bool:
    """True if all values equal the coarsest-published one when rounded to its precision."""
    coarse = min(_decimals(c["raw_value"]) for c in cands)
    target = {_round_half_up(c["value"], coarse) for c in cands}
    return len(target) == 1


def resolve(cands: list[dict]) -> tuple[dict, list[tuple[dict, str]]]:
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
        return best_grade(keep), losers
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
            return best_grade(won), losers
    # c. grade: official > press > secondary
    best = min(GRADES.index(c["grade"]) for c in keep)
    won = [c for c in keep if GRADES.index(c["grade"]) == best]
    if len({c["value"] for c in won}) == 1:
        losers += [(c, f"lower grade ({c['grade']}) than the chosen {GRADES[best]} source")
                   for c in keep if c not in won]
        return best_grade(won), losers
    # d. equal grades: the table of choices
    if choice is not None:
        chosen = [c for c in won if abs(c["value"] - choice[0]) < 1e-9]
        if chosen:
            losers += [(c, f"not chosen: {choice[1]}") for c in keep if c not in chosen]
            return best_grade(chosen), losers
    first = keep[0]
    raise DataError(
        f"bundled data: conflicting values for {first['_key']}: "
        f"{sorted({c['value'] for c in keep})} on the same vintage and grade; add a CHOICES entry",
        file=first["source"],
    )


def best_grade(cands: list[dict]) -> dict:
    """The candidate of the best grade (official > press > secondary; the first of equals)."""
    return min(cands, key=lambda c: GRADES.index(c["grade"]))

"""Growth arithmetic: contributions to growth (贡献率/拉动) and shares.

Target arithmetic (``required_growth``, ``crossing``, ``done_share``, ``required_remaining_growth``,
``cagr``) lives in :mod:`jinshui_analysis.models.targets` and price-basis conversions
(``to_real``, ``to_nominal``) in :mod:`jinshui_analysis.models.prices`.

Official convention followed by :func:`contributions` (国家统计局): the contribution rate of a
component is "按不变价格计算 … 各产业增加值增量与GDP增量之比" (the ratio of its increment to the
increment of GDP, both at constant prices), and its pulling (拉动) is "GDP增长速度与各产业贡献率之
乘积" (GDP growth times the contribution rate).  Constant prices are those of the latest base
year (2015 prices for 2016–2020, 2020 prices for 2021–2025).

Modules: :mod:`~jinshui_analysis.models.growth.contribution` (:func:`contributions`),
:mod:`~jinshui_analysis.models.growth.shares` (:func:`implied_growth`, :func:`share_path`).

Units: levels in 亿元 (100 million yuan) unless the caller says otherwise; growth rates in %
(percent per period); pulling in 百分点 (percentage points, pp).

All functions that mix a level and a growth rate state the price basis of the result (the
``price_basis`` attribute or a documented parameter); real and nominal rates are never mixed
silently — convert with :func:`~jinshui_analysis.models.prices.to_nominal` /
:func:`~jinshui_analysis.models.prices.to_real`.
"""

from jinshui_analysis.models.growth.contribution import ContributionResults, contributions
from jinshui_analysis.models.growth.shares import implied_growth, share_path

__all__ = ["ContributionResults", "contributions", "implied_growth", "share_path"]

"""Issue 18 item 5: names as offices write them.  Profiles carry aliases (管城回族区 for 管城区 …);
the reader maps a table naming an alias to the profile's region; a report asked for under an
alias uses that name and still finds the region's profile (city, benchmark, peers) and bundled
figures; a folder whose files name another region than the one asked for says which."""

from __future__ import annotations

from pathlib import Path

import pytest

from jinshui_analysis.data import read_table
from jinshui_analysis.data import source as src
from jinshui_analysis.data.profiles import aliases, canonical, load_profiles, profile
from jinshui_analysis.data.regions import canonical_region, find_region, known_regions
from jinshui_analysis.exceptions import ParameterError


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


@pytest.fixture()
def guancheng(tmp_path: Path) -> Path:
    d = tmp_path / "管城"
    d.mkdir()
    # the official name in the title, as the district's bureau writes it
    _csv(d / "2025年9月主要经济指标.csv", [
        "管城回族区2025年1-9月主要经济指标,,,,",
        "指标,单位,9月,1-9月,同比增长%",
        "社会消费品零售总额,万元,301200,2650400,4.1",   # 30.12 / 265.04 亿元
        "一般公共预算收入,万元,—,183000,3.5",           # 18.30 亿元
    ])
    yield d
    src.clear_cache()


def test_profiles_carry_aliases() -> None:
    al = aliases()
    # one hand-checked entry per Zhengzhou unit named in the issue
    assert al["管城回族区"] == "管城区"
    assert al["郑州航空港经济综合实验区"] == "航空港区"
    assert al["郑州高新技术产业开发区"] == "高新区"
    assert al["郑州经济技术开发区"] == "经开区"
    assert al["郑州郑东新区"] == "郑东新区"
    assert canonical("管城回族区") == "管城区" and canonical("金水区") == "金水区"
    assert "管城回族区" in load_profiles()["管城区"].aliases
    p = profile("管城回族区")
    assert (p.name, p.city, p.benchmark, p.level) == ("管城回族区", "郑州市", "金水区", "district")
    assert "管城回族区" in p.peers and "管城区" not in p.peers and "管城区" in p.aliases
    assert profile("管城区").name == "管城区"


def test_bad_aliases_field_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text('[regions."甲区"]\naliases = "乙区"\n', "utf-8")
    with pytest.raises(ParameterError, match="aliases must be a list"):
        load_profiles(f)


def test_reader_maps_aliases_to_the_region(guancheng: Path) -> None:
    regions = known_regions()
    assert "管城回族区" in regions  # a name the reader recognises (and the render step accepts)
    assert find_region("管城回族区2025年主要经济指标", regions) == "管城区"
    assert find_region("郑州航空港经济综合实验区2024年1-6月", regions) == "航空港区"
    assert find_region("郑州市金水区2023年3月", regions) == "金水区"  # unchanged
    assert canonical_region("郑州高新技术产业开发区") == "高新区"
    frame = read_table(guancheng / "2025年9月主要经济指标.csv")
    assert set(frame["region"]) == {"管城区"}


def test_report_uses_the_name_given(guancheng: Path) -> None:
    from jinshui_analysis.reports.loader import load_report_data
    from jinshui_analysis.reports.sections.title import heading

    rd = load_report_data("管城回族区", "2025-09", str(guancheng), demo=False)
    assert rd.region == "管城回族区" and rd.profile.city == "郑州市"
    ytd = rd.monthly[(rd.monthly["indicator"] == "社会消费品零售总额")
                     & rd.monthly["cumulative"].astype(bool) & (rd.monthly["measure"] == "level")]
    assert ytd["value"].tolist() == pytest.approx([265.04])  # 2650400万元 / 10000
    assert not rd.real["region"].eq("管城区").any()
    # the bundled figures of 管城区 (2025 GDP 834.70亿元, 管理口径) are this region's
    year_end = load_report_data("管城回族区", "2025-12", str(guancheng), demo=False)
    gdp = year_end.real[(year_end.real["region"] == "管城回族区")
                        & (year_end.real["indicator"] == "地区生产总值")
                        & (year_end.real["period"] == "2025")]
    assert 834.70 in gdp["value"].round(2).tolist()
    title = heading(rd, "zh").meta["title"]
    assert title.startswith("管城回族区") and "管城区" not in title
    assert not [n for n in rd.notes if "没有管城回族区" in str(getattr(n, "zh", ""))]


def test_wrong_region_gets_a_hint(guancheng: Path) -> None:
    from jinshui_analysis.render.empty import empty_reason
    from jinshui_analysis.reports.loader import load_report_data

    rd = load_report_data("中原区", "2025-09", str(guancheng), demo=False)
    zh = [n.text("zh") for n in rd.notes if hasattr(n, "text")]
    assert zh[0] == "数据文件中没有中原区的数字：文件所列地区是管城区（地区参数是否应为管城区？）。"
    figures = [{"name": "data_figures", "value": 0, "unit": "个", "synthetic": False}]
    reason = empty_reason(figures, {"region": "中原区", "data": str(guancheng)})
    assert reason.endswith("the files name 管城区 (--region 管城区?)"), reason
    # asked for under its alias: no hint, the files are this region's
    assert empty_reason(figures, {"region": "管城回族区", "data": str(guancheng)}).endswith(
        "every headline cell is empty")

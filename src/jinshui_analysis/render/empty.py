"""Empty reports: a report that rendered but shows no figure from its data is ``empty``
(exit code 3), with the reason as its error (:func:`empty_reason`, :func:`mark_empty`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jinshui_analysis.exceptions import JinshuiError
from jinshui_analysis.render.results import Failure, RenderResult

__all__ = ["METADATA_UNITS", "empty_reason", "mark_empty"]


#: Key figures that describe a report rather than report a figure of the data.
METADATA_UNITS = frozenset({"年", "个"})


def empty_reason(figures: Sequence[Mapping[str, Any]], parameters: Mapping[str, Any]) -> str | None:
    """Why a rendered report shows no figure from its data (None when it shows some).

    A report is *empty* when none of its key figures is a number taken from the data: every
    figure is demo data (``synthetic``), missing (``None``) or metadata (a year, a count; unit in
    :data:`METADATA_UNITS`).  A report from the user's own tables (``data`` not ``"bundled"``) is
    also empty when its headline section counted no figure of the region from those tables
    (the ``data_figures`` key figure is 0), whatever published context it shows.
    """
    count = next((f.get("value") for f in figures if f.get("name") == "data_figures"), None)
    region = parameters.get("region", "")
    data = str(parameters.get("data", "bundled"))
    if data != "bundled" and count == 0:
        named = _named_instead(data, region)
        hint = f"; the files name {'、'.join(named[:5])} (--region {named[0]}?)" if named else ""
        return (f"no figure of {region} for this period in the data ({data}): every headline cell "
                f"is empty{hint}")
    real = [f for f in figures if not f.get("synthetic") and f.get("value") is not None
            and f.get("unit") not in METADATA_UNITS and f.get("name") != "data_figures"]
    if not real:
        return (f"no figure from the data: every key figure of {region or 'the report'} is demo "
                "data or missing")
    return None


def _named_instead(data: str, region: str) -> list[str]:
    """The regions the tables of ``data`` name when none is ``region`` nor another name of it
    (the reading of this process, :func:`~jinshui_analysis.data.source.open_source`: nothing is
    read again)."""
    from jinshui_analysis.data.regions import same_region
    from jinshui_analysis.data.source import open_source
    from jinshui_analysis.reports.loader import other_regions

    try:
        frame = open_source(data, region=region or None).frame
    except (JinshuiError, OSError):
        return []
    if not region or frame["region"].isin(list(same_region(region))).any():
        return []
    return other_regions(frame, region)


def mark_empty(result: RenderResult) -> RenderResult:
    """``result`` with status ``empty`` (and the reason as its error) when it rendered (or is up
    to date) but shows no figure from its data (:func:`empty_reason`)."""
    if result.status not in ("ok", "skipped", "stale") or not result.figures:
        return result  # a notebook that records no key figure (explore) is not a data report
    reason = empty_reason(result.figures, result.parameters)
    if reason is None:
        return result
    return result.replace(status="empty", error=Failure("empty", "empty", reason))

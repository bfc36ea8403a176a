"""A big tidy UTF-8 CSV read with pandas' C parser and checked column by column (each distinct
text once): the same values, errors and warnings as the row-by-row reader of
:mod:`.tidy_layout`, in a fraction of the time and memory."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.data.readers import Grid
from jinshui_analysis.data.regions import known_regions
from jinshui_analysis.data.tables.cells import (
    MAX_MAGNITUDE,
    CellProblem,
    cell_text,
    parse_bool,
    parse_value,
)
from jinshui_analysis.data.tables.headers import (
    GROWTH_WORDS,
    MAX_HEADER_SEARCH,
    TIDY_ALIASES,
    find_header,
)
from jinshui_analysis.data.tables.indicators import (
    clean_indicator_text,
    implied_measure,
    parse_price_basis,
    unit_from_name,
)
from jinshui_analysis.data.tables.reader import Reader, finish
from jinshui_analysis.data.tables.schema import MEASURES, READ_COLUMNS, TIDY_COLUMNS, ReadingList
from jinshui_analysis.data.tables.units import (
    KNOWN_UNITS,
    MAY_BE_NEGATIVE,
    clean_unit_text,
    to_canonical_unit,
    unit_info,
)
from jinshui_analysis.exceptions import SKIP_REASONS, Cell, DataError, PeriodError
from jinshui_analysis.periods import Period, parse_period

_FAST_HEAD_BYTES = 256 * 1024
#: Tidy CSV files from this size on are read column by column (smaller ones row by row).
FAST_MIN_BYTES = 256 * 1024
#: Conflicting figures whose values are spelled out in the warning's cells (the rest are
#: counted; a warning lists at most 12).
_DETAILED_CONFLICTS = 1000


def _fast_head(path: Path) -> tuple[str, int, list[tuple[int, list[Any]]]] | None:
    """The first rows of a UTF-8 CSV (without decoding the whole file): (delimiter, BOM
    length, rows).  None when the file is not plain UTF-8."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_FAST_HEAD_BYTES)
    except OSError:
        return None
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    cut = raw.rfind(b"\n") if len(raw) == _FAST_HEAD_BYTES else len(raw)
    try:
        text = raw[bom:cut].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _BAD_CELL_TEXT.search(text) or "\r" in text.replace("\r\n", ""):
        return None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    import csv
    import io

    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    prev = 0
    try:
        for record in reader:
            rownum = prev + 1
            prev = reader.line_num
            if prev != rownum:
                return None  # a quoted line break: let the careful reader count lines
            rows.append((rownum, [c.strip() for c in record]))
            if len(rows) >= MAX_HEADER_SEARCH:
                break
    except csv.Error:
        return None
    return delimiter, bom, rows


_BAD_CELL_TEXT = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
                            "\ufeff\u200b\u2060]")


def read_tidy_csv(path: Path, region: str | None, on_bad_period: str, on_duplicate: str,
               max_bytes: int) -> pd.DataFrame | None:
    """A big tidy UTF-8 CSV read with pandas' C parser and checked column by column (each
    distinct text once): the same values, errors and warnings as the row-by-row reader.  None
    when the file is not a plain tidy UTF-8 CSV (the row-by-row reader then reads it)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > max_bytes or size < FAST_MIN_BYTES:
        return None  # small files: the row-by-row reader is fast enough
    head = _fast_head(path)
    if head is None:
        return None
    delimiter, bom, head_rows = head
    grid = Grid(path, None, head_rows)
    try:
        header_k, layout, cols = find_header(grid)
    except DataError:
        return None
    if layout != "tidy" or cols is None:
        return None
    header_line = head_rows[header_k][0]
    header_cells = head_rows[header_k][1]
    keys = [k for k in TIDY_ALIASES if k in cols]
    positions = [cols[k] for k in keys]
    # text columns as categories: the parser keeps each distinct text once
    dtype = {cols[k]: (np.float64 if k == "value" else "category") for k in keys}
    def parse(value_dtype: Any) -> pd.DataFrame:
        return pd.read_csv(
            path, sep=delimiter, header=None, skiprows=header_line, usecols=positions,
            dtype={**dtype, cols["value"]: value_dtype}, keep_default_na=False,
            na_values=[""], skip_blank_lines=False,
            encoding="utf-8-sig" if bom else "utf-8", engine="c", index_col=False,
        )

    try:
        try:
            raw = parse(np.float64)
        except (UnicodeDecodeError, pd.errors.ParserError):
            raise
        except ValueError:  # placeholders (—), 1,234, 5.2% …: the values as text
            raw = parse(object)
    except (ValueError, OSError):
        return None  # ragged rows, bad bytes …: read row by row
    n = len(raw)
    name = path.name
    rd = Reader(grid, region, on_bad_period, known_regions((region,) if region else ()))
    headers = {key: cell_text(header_cells[j]) for key, j in cols.items()}

    def codes_of(key: str) -> tuple[np.ndarray, list[str]]:
        if key not in cols:
            return np.zeros(n, dtype=np.int32), [""]
        cat = raw[cols[key]].cat
        texts = [str(u) for u in cat.categories]
        codes = cat.codes.to_numpy().astype(np.int32)
        blank = codes < 0
        if blank.any():  # blank cells
            texts.append("")
            codes[blank] = len(texts) - 1
        for t in texts:
            if "\n" in t or "\r" in t or _BAD_CELL_TEXT.search(t):
                raise _Fallback
        return codes, [t.strip() for t in texts]

    class _Fallback(Exception):
        pass

    try:
        c_region, u_region = codes_of("region")
        c_ind, u_ind = codes_of("indicator")
        c_per, u_per = codes_of("period")
        c_unit, u_unit = codes_of("unit")
        c_cum, u_cum = codes_of("cumulative")
        c_meas, u_meas = codes_of("measure")
        c_pb, u_pb = codes_of("price_basis")
        c_url, u_url = codes_of("source_url") if "source_url" in cols else codes_of("source")
    except _Fallback:
        return None
    rownums = np.arange(header_line + 1, header_line + 1 + n, dtype=np.int32)
    value_text: dict[int, str] = {}  # row → text of a placeholder read as missing
    pct_rows: list[int] = []  # rows whose value carried a % sign
    vcol = raw[cols["value"]]
    if vcol.dtype == np.float64:
        values = vcol.to_numpy(dtype=np.float64)
    else:
        values = pd.to_numeric(vcol, errors="coerce").to_numpy(dtype=np.float64, copy=True)
        odd = np.flatnonzero(np.isnan(values) & vcol.notna().to_numpy())
        parsed: dict[str, float | None] = {}
        for i, t in zip(odd.tolist(), vcol.to_numpy()[odd].tolist()):
            t = str(t)
            if t not in parsed:
                if "\n" in t or "\r" in t or _BAD_CELL_TEXT.search(t):
                    return None
                try:
                    parsed[t] = parse_value(t, percent_ok=True)
                except CellProblem as exc:
                    raise rd.error(exc.message, int(rownums[i]), headers["value"],
                                   exc.text) from None
            v = parsed[t]
            if v is None:
                value_text[int(rownums[i])] = cell_text(t.strip())
            else:
                values[i] = v
                if unicodedata.normalize("NFKC", t).strip().endswith("%"):
                    pct_rows.append(int(rownums[i]))
    vcol = None
    raw = None  # the parsed cells are no longer needed
    empty = np.isnan(values)
    for codes, uniq in ((c_region, u_region), (c_ind, u_ind), (c_per, u_per), (c_unit, u_unit)):
        empty &= np.isin(codes, [k for k, t in enumerate(uniq) if t == ""])
    if empty.any():  # blank lines (and rows of blank cells) are not data
        keep = ~empty
        c_region, c_ind, c_per, c_unit = c_region[keep], c_ind[keep], c_per[keep], c_unit[keep]
        c_cum, c_meas, c_pb, c_url = c_cum[keep], c_meas[keep], c_pb[keep], c_url[keep]
        values, rownums = values[keep], rownums[keep]
        n = len(values)

    def first_row(mask: np.ndarray) -> int:
        return int(rownums[int(np.argmax(mask))])

    # region
    reg_text = [u or (rd.region or "") for u in u_region]
    for k, t in enumerate(reg_text):
        if not t and (c_region == k).any():
            raise rd.error("region missing: fill the region column or pass region=…",
                           first_row(c_region == k), headers.get("region", "region"))
    # indicator
    ind_text = [clean_indicator_text(u) for u in u_ind]
    for k, t in enumerate(ind_text):
        if not t and (c_ind == k).any():
            raise rd.error("indicator name missing", first_row(c_ind == k), headers["indicator"])
    # period
    per_obj: list[Period | None] = []
    skip = np.zeros(n, dtype=bool)
    used = np.bincount(c_per, minlength=len(u_per)) > 0  # blank rows are gone
    for k, t in enumerate(u_per):
        if not used[k]:
            per_obj.append(None)
            continue
        try:
            per_obj.append(parse_period(t))
        except PeriodError as exc:
            per_obj.append(None)
            mask = c_per == k
            if rd.on_bad_period == "skip":
                skip |= mask
                for i in np.flatnonzero(mask):
                    rd.skipped.append(Cell(ind_text[c_ind[i]], t, reason="period"))
                    rd.skip(int(rownums[i]), headers["period"], f"{ind_text[c_ind[i]]} {t}",
                            SKIP_REASONS["period"][0], SKIP_REASONS["period"][1])
                continue
            raise rd.error(str(exc), first_row(mask), headers["period"], t, PeriodError) from None
    # cumulative, price basis, measure
    cum_val: list[bool | None] = []
    for k, t in enumerate(u_cum):
        try:
            cum_val.append(parse_bool(t) if "cumulative" in cols else None)
        except CellProblem as exc:
            raise rd.error(exc.message, first_row(c_cum == k), headers["cumulative"],
                           exc.text) from None
    pb_val: list[str] = []
    for k, t in enumerate(u_pb):
        try:
            pb_val.append(parse_price_basis(t) if "price_basis" in cols else "")
        except CellProblem as exc:
            raise rd.error(exc.message, first_row(c_pb == k), headers["price_basis"],
                           exc.text) from None
    meas_val = [t.lower() for t in u_meas]
    for k, t in enumerate(meas_val):
        if t and t not in MEASURES:
            raise rd.error(f"measure must be one of {MEASURES}", first_row(c_meas == k),
                           headers["measure"], u_meas[k])
    # (indicator, unit, measure, price basis) combinations: names, units, growth names
    combo = (((c_ind.astype(np.int64) * len(u_unit) + c_unit) * len(u_meas) + c_meas)
             * len(u_pb) + c_pb)
    c_combo, combos = pd.factorize(combo)
    c_combo = c_combo.astype(np.int32)
    del combo, c_ind, c_unit, c_meas, c_pb
    n_combo = len(combos)
    out_ind: list[str] = []
    out_unit: list[str] = []
    out_meas: list[str] = []
    out_pb: list[str] = []
    mult = np.ones(n_combo)
    nonneg = np.zeros(n_combo, dtype=bool)
    percent = np.zeros(n_combo, dtype=bool)
    for q, code in enumerate(combos.tolist()):
        code, kpb = divmod(int(code), len(u_pb))
        code, kme = divmod(code, len(u_meas))
        kin, kun = divmod(code, len(u_unit))
        indicator, unit = ind_text[kin], clean_unit_text(u_unit[kun]) if u_unit[kun] else ""
        price_basis = pb_val[kpb]
        if not unit:
            indicator, unit = unit_from_name(indicator)
        measure = meas_val[kme]
        if not measure:
            indicator, measure, price_basis = implied_measure(indicator, unit, price_basis)
        try:
            if measure == "yoy_pct":
                if unit not in ("", "%"):
                    raise CellProblem(f"growth rate (yoy_pct) must be in %, not {unit!r}", unit)
                unit, info = "%", KNOWN_UNITS["%"]
            else:
                info = unit_info(unit)
        except CellProblem as exc:
            raise rd.error(exc.message, first_row(c_combo == q), headers.get("unit", "unit"),
                           exc.text) from None
        new_value, new_unit = to_canonical_unit(1.0, unit, info, indicator)
        mult[q] = new_value
        percent[q] = info.kind == "percent"
        nonneg[q] = (measure == "level" and info.nonnegative
                     and not MAY_BE_NEGATIVE.search(indicator))
        out_ind.append(indicator)
        out_unit.append(new_unit)
        out_meas.append(measure)
        out_pb.append(price_basis)
    # values
    bad = ~np.isfinite(values) & ~np.isnan(values)
    bad |= np.abs(np.nan_to_num(values)) >= MAX_MAGNITUDE
    if bad.any():
        i = int(np.argmax(bad))
        v = float(values[i])
        msg = ("not a finite number (infinite or too large to be a figure)" if not math.isfinite(v)
               else f"implausible magnitude {v:.3g} (limit {MAX_MAGNITUDE:.0e} in any unit): a "
               "typing or export error?")
        raise rd.error(msg, int(rownums[i]), headers["value"], f"{v:g}")
    if pct_rows:
        wrong = np.isin(rownums, pct_rows) & ~percent[c_combo]
        if wrong.any():
            i = int(np.argmax(wrong))
            raise rd.error("a '%' sign on a value that is not a percentage", int(rownums[i]),
                           headers["value"], f"{values[i]:g}%")
    neg = nonneg[c_combo] & (values < 0)
    if neg.any():
        i = int(np.argmax(neg))
        q = int(c_combo[i])
        raise rd.error(f"negative level of {out_ind[q]!r} in {out_unit[q]}: this quantity cannot "
                       "be negative", int(rownums[i]), headers["value"], f"{values[i]:g}")
    values = values * mult[c_combo]
    missing = np.flatnonzero(np.isnan(values) & ~skip)
    for i in missing:
        q = int(c_combo[i])
        shown = out_ind[q]
        plain = u_per[c_per[i]]
        if out_meas[q] == "yoy_pct" and not GROWTH_WORDS.search(plain):
            shown = f"{shown}增速"
        rd.missing.append(Cell(shown, plain, value_text.get(int(rownums[i]), "")))
    # periods with the cumulative flag
    pc_code = c_per.astype(np.int64) * len(u_cum) + c_cum
    c_pc, pcs = pd.factorize(pc_code)
    c_pc = c_pc.astype(np.int32)
    del pc_code, c_per, c_cum
    pc_period: list[str] = []
    pc_cum: list[bool] = []
    for code in pcs.tolist():
        kp, kc = divmod(int(code), len(u_cum))
        p = per_obj[kp]
        if p is None:
            pc_period.append("")
            pc_cum.append(False)
            continue
        if cum_val[kc] is not None:
            p = p.as_cumulative(bool(cum_val[kc]))
        pc_period.append(p.period)
        pc_cum.append(p.cumulative)
    keep = ~skip
    if skip.any():
        c_region, c_combo, c_pc, c_url = c_region[keep], c_combo[keep], c_pc[keep], c_url[keep]
        values, rownums = values[keep], rownums[keep]

    def take(texts: list[Any], codes: np.ndarray) -> np.ndarray:
        return np.asarray(texts, dtype=object)[codes]

    # duplicates on integer codes of the key (region, indicator, measure, period, cumulative,
    # price basis): identical ones dropped, conflicting ones raise or are kept
    reg_id = pd.factorize(np.asarray(reg_text, dtype=object))[0]
    key_id = pd.factorize(np.asarray([f"{i}\x00{m}\x00{b}" for i, m, b in
                                      zip(out_ind, out_meas, out_pb)], dtype=object))[0]
    unit_id = pd.factorize(np.asarray(out_unit, dtype=object))[0]
    per_id = pd.factorize(np.asarray([f"{p}\x00{c}" for p, c in zip(pc_period, pc_cum)],
                                     dtype=object))[0]
    nk, npd = int(key_id.max(initial=0)) + 1, int(per_id.max(initial=0)) + 1
    key = (reg_id[c_region].astype(np.int64) * nk + key_id[c_combo]) * npd + per_id[c_pc]
    conflicts: list[Cell] = []
    if pd.Series(key).duplicated().any():
        same = pd.DataFrame({"k": key, "u": unit_id[c_combo],
                             "v": values.view(np.int64)}).duplicated().to_numpy()
        if same.any():
            keep = ~same
            c_region, c_combo, c_pc, c_url = (c_region[keep], c_combo[keep], c_pc[keep],
                                              c_url[keep])
            values, rownums, key = values[keep], rownums[keep], key[keep]
        ks = pd.Series(key)
        later = ks.duplicated(keep="first").to_numpy()
        if later.any():
            if on_duplicate == "raise":
                i = int(np.argmax(later))
                k0 = int(np.argmax(key == key[i]))
                q, q0 = int(c_combo[i]), int(c_combo[k0])
                raise rd.error(
                    f"duplicate entry for {reg_text[c_region[i]]}/{out_ind[q]}/{out_meas[q]}/"
                    f"{pc_period[c_pc[i]]} with a different value: row {rownums[k0]} has "
                    f"{values[k0]:g} {out_unit[q0]}, this row has {values[i]:g} {out_unit[q]} "
                    "(pass on_duplicate='keep' to keep both)",
                    int(rownums[i]), headers["value"], f"{values[i]:g}")
            clash = np.flatnonzero(ks.duplicated(keep=False).to_numpy())
            order = clash[np.argsort(key[clash], kind="stable")]
            ksorted = key[order]
            starts = np.flatnonzero(np.r_[True, ksorted[1:] != ksorted[:-1]])
            ends = np.r_[starts[1:], len(order)]
            first_pos = order[starts]
            sort_groups = np.argsort(first_pos, kind="stable")  # in file order
            # the values of each conflict as text, for the first ones (a warning lists 12)
            whats: dict[tuple[int, int], str] = {}
            g_first = order[starts[sort_groups]]
            texts = ["、".join(f"{v:g}" for v in values[order[starts[g]:ends[g]]].tolist())
                     for g in sort_groups[:_DETAILED_CONFLICTS].tolist()]
            texts += [""] * (len(sort_groups) - len(texts))
            for rq0, rq1, kp, text in zip(c_region[g_first].tolist(), c_combo[g_first].tolist(),
                                          c_pc[g_first].tolist(), texts):
                what = whats.get((rq0, rq1))
                if what is None:
                    what = whats[(rq0, rq1)] = f"{reg_text[rq0]} {out_ind[rq1]}"
                conflicts.append(Cell(what, pc_period[kp], text))
            del order, ksorted, starts, ends, first_pos, sort_groups, clash, texts, g_first
        del ks, later
    del key
    urls = u_url
    if any(urls):
        url_rows = take(urls, c_url)
        source = np.fromiter((f"{u} ({name} row {r})" if u else f"{name} row {r}"
                              for u, r in zip(url_rows, rownums.tolist())),
                             dtype=object, count=len(rownums))
        del url_rows
    else:
        source = np.fromiter((f"{name} row {r}" for r in rownums.tolist()), dtype=object,
                             count=len(rownums))
    del c_url

    def text_col(arr: np.ndarray) -> pd.Series:
        return pd.Series(arr, dtype="str", copy=False)

    out = pd.DataFrame({
        "region": text_col(take(reg_text, c_region)),
        "indicator": text_col(take(out_ind, c_combo)),
        "measure": text_col(take(out_meas, c_combo)),
        "period": text_col(take(pc_period, c_pc)),
        "cumulative": pd.Series(np.asarray(pc_cum, dtype=bool)[c_pc], copy=False),
        "value": pd.Series(values, dtype="float64", copy=False),
        "unit": text_col(take(out_unit, c_combo)),
        "price_basis": text_col(take(out_pb, c_combo)),
        "source": text_col(source),
    }, columns=TIDY_COLUMNS, copy=False)
    out.columns.name = "field"
    del source, c_region, c_combo, c_pc, values
    col_cat = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [headers["value"]])
    blank = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [""])
    read = ReadingList({
        "file": pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [name]),
        "sheet": blank, "block": blank,
        "row": rownums.astype(np.int32),
        "column": col_cat,
    }, columns=READ_COLUMNS)
    return finish(out, rd, conflicts, read, path.name)

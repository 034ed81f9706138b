"""Derived check columns: the cross-row and cross-table rules, computed in polars before the gate validates.

GX judges one table at a time, so a rule that needs another row or another table ("is this text in its
document?", "is this half-year figure larger than the full year?") is first turned into two plain columns:

    ok_<check>   Boolean: true = the row keeps the rule, false = it breaks it, null = the rule does not apply
    why_<check>  String: for a row that breaks it, the sentence a reviewer reads (null otherwise)

The suites in expectations/*.json then check `ok_<check>` with ordinary expectations (nulls are skipped), so GX
still decides and reports, and each rule's description lives in the JSON. This module never imports GX.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from ingest.tables import SCHEMAS

REF_TABLES = ("ref_regions", "ref_indicators", "ref_benchmarks")

# Growth figures are printed with one decimal; two reports that differ by more than this contradict each other.
GROWTH_TOLERANCE_PP = 0.1

# `ref_regions.level` -> the band of plausible ranges in `ref_indicators` (county-level units share one band).
RANGE_BAND = {"province": "province", "prefecture_city": "city", "prefecture": "city", "city": "city"}
DEFAULT_BAND = "county"

_PERIOD = re.compile(r"^(?P<y>\d{4})(?:(?P<fy>FY)|H(?P<h>[12])|Q(?P<q1>[1-4])(?:-(?P<q2>[1-4]))?"
                     r"|M(?P<m1>1[0-2]|[1-9])(?:-(?P<m2>1[0-2]|[1-9]))?)$")
_TRUE = {"true", "t", "1", "yes", "y"}


@dataclass(frozen=True)
class Period:
    year: int
    first_month: int
    last_month: int

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])


def parse_period(code: str | None) -> Period | None:
    """'2022H1' -> Jan..Jun 2022; '2023Q1-3' -> Jan..Sep; '2023M1-5' -> Jan..May; None for anything else."""
    m = _PERIOD.match(code or "")
    if not m:
        return None
    y = int(m["y"])
    if m["fy"]:
        return Period(y, 1, 12)
    if m["h"]:
        return Period(y, 1, 6) if m["h"] == "1" else Period(y, 7, 12)
    if m["q1"]:
        q2 = int(m["q2"] or m["q1"])
        return Period(y, 3 * int(m["q1"]) - 2, 3 * q2) if q2 >= int(m["q1"]) else None
    m2 = int(m["m2"] or m["m1"])
    return Period(y, int(m["m1"]), m2) if m2 >= int(m["m1"]) else None


def parse_day(value: str | None, *, default: date) -> date:
    """ISO date, or a bare year (ref_regions says 1983 for 'since the 1983 code list') as 1 January."""
    if not value:
        return default
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 1, 1)
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return default


def conform(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """A copy with every contract column present and typed, so the rules below never crash on a bad batch.

    Values that do not cast become null; the suites' own type and column expectations report the damage.
    """
    schema = SCHEMAS[table]
    if not df.columns:
        return pl.DataFrame(schema=schema)
    missing = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in schema.items() if name not in df.columns]
    return df.with_columns(missing).select(pl.col(name).cast(dtype, strict=False) for name, dtype in schema.items())


def _text(df: pl.DataFrame) -> pl.DataFrame:
    """A reference table as all-string columns (the suites check their formats)."""
    return df.select(pl.col(c).cast(pl.String, strict=False) for c in df.columns)


def _with_checks(df: pl.DataFrame, checks: list[tuple[str, list[bool | None], list[str | None]]]) -> pl.DataFrame:
    return df.with_columns(
        col
        for name, ok, why in checks
        for col in (pl.Series(f"ok_{name}", ok, dtype=pl.Boolean), pl.Series(f"why_{name}", why, dtype=pl.String))
    )


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    # Whole numbers in full (9072, 90720000), others to six significant digits; never exponents for whole numbers.
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e18 else f"{x:.6g}"


# ---------------------------------------------------------------------------------------------------------------
# Regions: a code must exist, and must have been in force during the time the report speaks of.


@dataclass(frozen=True)
class RegionSpell:
    code: str
    name: str
    level: str
    valid_from: date
    valid_to: date  # exclusive: on 2020-06-05 海门市 is gone and 海门区 is there


def region_spells(ref_regions: pl.DataFrame | None) -> dict[str, list[RegionSpell]]:
    spells: dict[str, list[RegionSpell]] = {}
    if ref_regions is None or "code" not in ref_regions.columns:
        return spells
    for r in ref_regions.iter_rows(named=True):
        if not r.get("code"):
            continue
        spell = RegionSpell(
            code=str(r["code"]), name=str(r.get("name") or ""), level=str(r.get("level") or ""),
            valid_from=parse_day(r.get("valid_from"), default=date.min),
            valid_to=parse_day(r.get("valid_to"), default=date.max),
        )
        spells.setdefault(spell.code, []).append(spell)
    return spells


def report_window(period: str | None, published: str | None) -> tuple[date, date] | None:
    """The days a report speaks of: from the start of its period to its publication.

    A 2019 review published in 2020-06 may still name 海门市; a 2019 report naming 海门区 cannot be right.
    """
    p = parse_period(period)
    pub = parse_day(published, default=date.min) if published else None
    if pub == date.min:
        pub = None
    if p and pub:
        return min(p.start, pub), max(p.start, pub)
    if p:
        return p.start, p.end
    if pub:
        return pub, pub
    return None


def region_verdict(code: str | None, window: tuple[date, date] | None,
                   spells: dict[str, list[RegionSpell]]) -> tuple[bool | None, str | None]:
    """Was `code` in force during `window`? None when there is no code, or it is unknown (see region_known)."""
    known = spells.get(code or "")
    if not known:
        return None, None
    if window is None:
        return True, None
    start, end = window
    if any(s.valid_from <= end and s.valid_to > start for s in known):
        return True, None
    spans = "; ".join(
        f"{s.name} {'' if s.valid_from == date.min else s.valid_from}–{'' if s.valid_to == date.max else s.valid_to}"
        for s in known
    )
    return False, f"region code {code} ({spans}) was not in force during the report's time {start}–{end}"


def region_checks(codes: list[str | None], windows: list[tuple[date, date] | None],
                  spells: dict[str, list[RegionSpell]]) -> list[tuple[str, list[bool | None], list[str | None]]]:
    """ok_region_known (the code is in ref_regions) and ok_region_valid (it was in force at the report's time)."""
    known = [None if not c else c in spells for c in codes]
    why_known = [f"region code {c} is not in ref_regions" if k is False else None
                 for c, k in zip(codes, known, strict=True)]
    verdicts = [region_verdict(c, w, spells) for c, w in zip(codes, windows, strict=True)]
    return [("region_known", known, why_known),
            ("region_valid", [v[0] for v in verdicts], [v[1] for v in verdicts])]


def region_level(code: str | None, spells: dict[str, list[RegionSpell]]) -> str | None:
    known = spells.get(code or "")
    return known[-1].level if known else None


# ---------------------------------------------------------------------------------------------------------------
# Per-table derivations.


def _doc_known_check(df: pl.DataFrame, documents: pl.DataFrame) -> tuple[str, list[bool | None], list[str | None]]:
    ids = set(documents["doc_id"].drop_nulls().to_list())
    ok = [None if d is None else d in ids for d in df["doc_id"].to_list()]
    why = [None if o is not False else f"doc_id {d} is not in documents" for d, o in zip(df["doc_id"], ok, strict=True)]
    return "doc_known", ok, why


def _doc_known(df: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    return _with_checks(df, [_doc_known_check(df, documents)])


def _doc_windows(documents: pl.DataFrame) -> dict[str, tuple[date, date] | None]:
    return {r["doc_id"]: report_window(r["period"], r["published"]) for r in documents.iter_rows(named=True)}


REPEATED_FACT_MAX = 100  # one document stating the same figure in the same words this often repeats itself


def _facts_repeated(documents: pl.DataFrame, facts: pl.DataFrame) -> tuple[str, list[bool | None], list[str | None]]:
    """A document whose facts repeat one (indicator, value, unit, span text) hundreds of times is a report pasted
    into itself (a padded copy of a page): loaded, it would multiply every series it touches."""
    top = (
        facts.group_by("doc_id", pl.coalesce("indicator", "indicator_code").alias("ind"), "value", "unit", "text")
        .len().sort("len", descending=True).unique("doc_id", keep="first")
    )
    worst = {r["doc_id"]: r for r in top.iter_rows(named=True)}
    ok: list[bool | None] = []
    why: list[str | None] = []
    for doc_id in documents["doc_id"].to_list():
        r = worst.get(doc_id)
        if r is None:
            ok.append(None)
            why.append(None)
            continue
        ok.append(r["len"] < REPEATED_FACT_MAX)
        why.append(None if ok[-1] else
                   f"the same fact 「{r['text']}」 ({r['ind']} {_num(r['value'])} {r['unit'] or ''}) appears "
                   f"{r['len']} times: the text repeats itself (a padded copy?); keep one clean copy in reports/")
    return "facts_not_repeated", ok, why


def derive_documents(documents: pl.DataFrame, removed_spans: pl.DataFrame,
                     spells: dict[str, list[RegionSpell]], facts: pl.DataFrame) -> pl.DataFrame:
    why_tampered = []
    spam = (removed_spans.filter(pl.col("reason").str.starts_with("spam"))
            .group_by("doc_id").agg(pl.len().alias("n"), pl.col("text").sort_by("span_start").first().alias("first")))
    spam_by_doc = {r["doc_id"]: (r["n"], r["first"]) for r in spam.iter_rows(named=True)}
    for r in documents.iter_rows(named=True):
        n, first = spam_by_doc.get(r["doc_id"], (0, None))
        why_tampered.append(
            f"the saved page was tampered with: {n} injected span(s) removed before extraction, e.g. {first!r}"
            if r["tampered"] else None
        )
    windows = [report_window(p, d) for p, d in zip(documents["period"], documents["published"], strict=True)]
    regions = region_checks(documents["region_code"].to_list(), windows, spells)
    return _with_checks(documents, [*regions, _facts_repeated(documents, facts)]).with_columns(
        pl.Series("why_tampered", why_tampered, dtype=pl.String)
    )


def _text_checks(facts: pl.DataFrame, texts: pl.DataFrame) -> list[tuple[str, list[bool | None], list[str | None]]]:
    by_doc = dict(zip(texts["doc_id"].to_list(), texts["text"].to_list(), strict=True))
    ok_in, why_in, ok_at, why_at = [], [], [], []
    for r in facts.select("doc_id", "text", "span_start", "span_end").iter_rows(named=True):
        doc_text, text = by_doc.get(r["doc_id"]), r["text"]
        if text is None:
            ok_in.append(None)
            why_in.append(None)
            ok_at.append(None)
            why_at.append(None)
            continue
        if doc_text is None:
            ok_in.append(False)
            why_in.append(f"no text for document {r['doc_id']}")
        else:
            found = text in doc_text
            ok_in.append(found)
            why_in.append(None if found else f"{text!r} does not occur in document {r['doc_id']}")
        start, end = r["span_start"], r["span_end"]
        if doc_text is None or start is None or end is None:
            ok_at.append(None)
            why_at.append(None)
            continue
        at = doc_text[start:end]
        ok_at.append(at == text)
        why_at.append(None if at == text else f"text {text!r} but document[{start}:{end}] is {at!r}")
    return [("text_in_document", ok_in, why_in), ("text_at_span", ok_at, why_at)]


BANDS = ("county", "city", "province")
_BOUNDS = [f"plausible_{b}_{band}" for band in BANDS for b in ("min", "max")]


def _dictionary_rows(ref_indicators: pl.DataFrame | None) -> pl.DataFrame:
    """One row per dictionary row: code, unit_base, flow, parent_code and the plausible bounds as floats."""
    cols = {"code": pl.String, "ind_unit_base": pl.String, "flow": pl.Boolean, "parent_code": pl.String}
    if ref_indicators is None or "code" not in ref_indicators.columns:
        return pl.DataFrame(schema={**cols, **dict.fromkeys(_BOUNDS, pl.Float64)})
    d = ref_indicators

    def col(name: str) -> pl.Expr:
        return (pl.col(name) if name in d.columns else pl.lit(None)).cast(pl.String)

    return d.select(
        col("code"),
        col("unit_base").alias("ind_unit_base"),
        col("flow").str.to_lowercase().str.strip_chars().is_in(list(_TRUE)).alias("flow"),
        col("parent_code"),
        *(col(b).str.replace_all(",", "").cast(pl.Float64, strict=False).alias(b) for b in _BOUNDS),
    )


def _dictionary(ref_indicators: pl.DataFrame | None) -> pl.DataFrame:
    """code -> its dictionary row (the first, should a code repeat: the suite's uniqueness check reports that)."""
    return _dictionary_rows(ref_indicators).unique("code", keep="first", maintain_order=True)


def _plausible_checks(facts: pl.DataFrame, dictionary: pl.DataFrame,
                      spells: dict[str, list[RegionSpell]]) -> list[tuple[str, list[bool | None], list[str | None]]]:
    by_code = {r["code"]: r for r in dictionary.iter_rows(named=True)}
    n = facts.height
    ok_r: list[bool | None] = [None] * n
    why_r: list[str | None] = [None] * n
    ok_u: list[bool | None] = [None] * n
    why_u: list[str | None] = [None] * n
    # only level facts of a dictionary indicator with a base value can be checked: read those rows only
    checked = facts.with_row_index("_i").filter(
        (pl.col("fact_type") == "level") & pl.col("indicator_code").is_in([c for c in by_code if c is not None])
        & pl.col("value_base").is_not_null() & (pl.col("unit_base").fill_null("") != "")
    ).select("_i", "indicator", "indicator_code", "value", "unit", "value_base", "unit_base", "region",
             "region_code", "period", "measure")
    for r in checked.iter_rows(named=True):
        i, d = r["_i"], by_code[r["indicator_code"]]
        label = f"{r['indicator'] or r['indicator_code']} {_num(r['value'])}{r['unit'] or ''}"
        if d["ind_unit_base"] and d["ind_unit_base"] != r["unit_base"]:
            ok_u[i] = False
            why_u[i] = (f"{label} is in {r['unit_base']}, but {r['indicator_code']} is counted in "
                        f"{d['ind_unit_base']} in the indicator dictionary")
            continue
        ok_u[i] = True if d["ind_unit_base"] else None
        if r["measure"] is None:
            # the ranges are of the plain level: a change ('比上年末增加300人'), a five-year total or a plan's figure
            # is another quantity in the same unit, and no range of the level's says anything about it
            ok_r[i], why_r[i] = _plausible(r, d, label, spells)
    return [("plausible_range", ok_r, why_r), ("unit_matches_dictionary", ok_u, why_u)]


def _plausible(r: dict, d: dict, label: str, spells: dict[str, list[RegionSpell]]) -> tuple[bool | None, str | None]:
    level = region_level(r["region_code"], spells)
    if level is None:
        return None, None
    band = RANGE_BAND.get(level, DEFAULT_BAND)
    lo, hi = d[f"plausible_min_{band}"], d[f"plausible_max_{band}"]
    if lo is None and hi is None:
        return None, None
    # Ranges are full-year levels: a flow over part of the year may be proportionally smaller, never larger.
    p = parse_period(r["period"])
    share = p.months / 12 if d["flow"] and p else 1.0
    lo_here = None if lo is None else lo * share
    value = r["value_base"]
    if (lo_here is None or value >= lo_here) and (hi is None or value <= hi):
        return True, None
    scaled = f" (full-year minimum scaled to {p.months} months)" if share != 1.0 and p and lo else ""
    return False, (f"{label} = {_num(value)} {r['unit_base']} is outside the plausible {band} range "
                   f"[{_num(lo_here)}, {_num(hi)}] {r['unit_base']}{scaled} for {r['indicator_code']} "
                   f"in {r['region'] or r['region_code']} {r['period']}")


# The facts each cross-row rule compares a fact with all lie in its partition: the rows with the same values of these
# columns ("year": the period's first four characters). The rules below join on exactly these columns. Incremental
# runs rely on it: they re-check only the (region, year) groups a changed document touches and take a full run
# when a partition here is wider than that (ingest/incremental.py `within_scope`); a test holds every rule to its
# partition (tests/python/test_checks_partitions.py).
CROSS_ROW: dict[str, tuple[str, ...]] = {
    "part_within_whole": ("region_code", "period"),
    "within_longer_period": ("region_code", "year"),
    "growth_consistent": ("region_code", "period"),
}


def _comparable(facts: pl.DataFrame, dictionary: pl.DataFrame) -> pl.DataFrame:
    """Level facts with one value/unit to compare: base units when the extractor gave them, else as printed."""
    return (
        facts.filter(pl.col("fact_type") == "level")
        .join(dictionary.select("code", "flow", "parent_code"), left_on="indicator_code", right_on="code", how="left")
        .with_columns(
            cmp_value=pl.when(pl.col("value_base").is_not_null()).then("value_base").otherwise("value"),
            cmp_unit=pl.when(pl.col("value_base").is_not_null()).then("unit_base").otherwise("unit"),
            key=pl.coalesce("indicator_code", "indicator"),
        )
        .drop_nulls(["cmp_value", "cmp_unit", "region_code", "period"])
    )


def _pair_verdicts(facts: pl.DataFrame, pairs: pl.DataFrame, candidates: pl.DataFrame, name: str,
                   message: str, detail: pl.DataFrame) -> tuple[str, list[bool | None], list[str | None]]:
    """Rows in `candidates` had something to compare with (true); rows in `pairs` break the rule (false), and the
    message names the partner (`other`, a _row) with the smallest fact_id.

    The joins that find pairs carry row numbers and numbers only; the words of the message are looked up for the
    one partner named per row. (Carrying every column through a join of all facts of one region, year and
    indicator with each other, and formatting each pair, took minutes and gigabytes at 10,000 reports.)"""
    compared = set(candidates["_row"].unique().to_list())
    first = pairs.lazy().group_by("_row").agg(pl.col("other").sort_by("other_fid").first()).collect()
    cols = ["fact_id", "doc_id", "value", "unit", "indicator", "period"]
    words = detail.select("_row", *cols)
    first = (
        first.join(words, on="_row", how="left")
        .join(words.rename({"_row": "other", **{c: f"other_{c}" for c in cols}}), on="other", how="left")
        .with_columns(value_s=pl.col("value").map_elements(_num, return_dtype=pl.String),
                      other_s=pl.col("other_value").map_elements(_num, return_dtype=pl.String))
    )
    broken = {r["_row"]: message.format(**r) for r in first.iter_rows(named=True)}
    rows = facts["_row"].to_list()
    ok = [False if i in broken else (True if i in compared else None) for i in rows]
    why = [broken.get(i) for i in rows]
    return name, ok, why


def _part_within_whole(facts: pl.DataFrame, levels: pl.DataFrame) -> tuple[str, list[bool | None], list[str | None]]:
    parts = levels.filter(pl.col("parent_code").is_not_null()).select(
        "_row", "parent_code", "region_code", "period", "cmp_unit", "cmp_value")
    wholes = levels.select("region_code", "period", "cmp_unit", parent_code="indicator_code", other="_row",
                           other_fid="_fid", other_cmp="cmp_value")
    joined = parts.join(wholes, on=["parent_code", *CROSS_ROW["part_within_whole"], "cmp_unit"], how="inner")
    pairs = joined.filter(pl.col("cmp_value") > pl.col("other_cmp"))
    return _pair_verdicts(
        facts, pairs, joined, "part_within_whole",
        "{indicator} {value_s}{unit} is larger than its whole {other_indicator} {other_s}{other_unit} "
        "({other_fact_id}) for the same region and period", levels,
    )


def _with_months(levels: pl.DataFrame) -> pl.DataFrame:
    periods = {p: parse_period(p) for p in levels["period"].unique().to_list()}
    return levels.with_columns(
        first_month=pl.col("period").replace_strict({k: v.first_month for k, v in periods.items() if v},
                                                    default=None, return_dtype=pl.Int64),
        last_month=pl.col("period").replace_strict({k: v.last_month for k, v in periods.items() if v},
                                                   default=None, return_dtype=pl.Int64),
        year=pl.col("period").str.slice(0, 4),
    ).with_columns(months=pl.col("last_month") - pl.col("first_month") + 1).filter(pl.col("months").is_not_null())


def _within_longer_period(facts: pl.DataFrame, levels: pl.DataFrame) -> tuple[str, list[bool | None], list[str | None]]:
    # Stocks (population, firms on record) may shrink over a year; only flows must grow with the period.
    # An indicator outside the dictionary has no `flow` flag and is treated as a flow: this is a warning only.
    flows = _with_months(levels.filter(pl.col("flow").fill_null(True)))
    group = ["key", *CROSS_ROW["within_longer_period"], "cmp_unit"]
    shorter = flows.select("_row", *group, "_doc", "first_month", "last_month", "months", "cmp_value")
    longer = flows.select(*group, other="_row", other_fid="_fid", other_doc="_doc", other_first="first_month",
                          other_last="last_month", other_months="months", other_cmp="cmp_value")
    # lazy, so polars filters as it joins instead of holding every pair of one region's year first
    joined = shorter.lazy().join(longer.lazy(), on=group, how="inner").filter(
        (pl.col("other_doc") != pl.col("_doc"))
        & (pl.col("other_first") <= pl.col("first_month")) & (pl.col("other_last") >= pl.col("last_month"))
        & (pl.col("other_months") > pl.col("months"))
    ).select("_row", "other", "other_fid", "cmp_value", "other_cmp").collect()
    pairs = joined.filter(pl.col("cmp_value") > pl.col("other_cmp"))
    return _pair_verdicts(
        facts, pairs, joined, "within_longer_period",
        "{indicator} {value_s}{unit} for {period} is larger than the {other_period} figure {other_s}{other_unit} "
        "({other_fact_id}, document {other_doc_id}) of the same region", flows,
    )


def _growth_consistent(facts: pl.DataFrame, documents: pl.DataFrame) -> tuple[str, list[bool | None], list[str | None]]:
    # "Earlier" is by publication date; undated documents come last, ties go by doc_id so the verdict is stable.
    order = documents.sort("published", "doc_id", nulls_last=True).with_row_index("doc_rank")
    order = order.select("doc_id", pl.col("doc_rank").cast(pl.Int64))
    growth = (
        facts.filter((pl.col("fact_type") == "growth") & pl.col("value").is_not_null()
                     & pl.col("region_code").is_not_null() & pl.col("period").is_not_null())
        .with_columns(key=pl.coalesce("indicator_code", "indicator"), basis_key=pl.col("basis").fill_null(""),
                      indicator=pl.coalesce("indicator", "indicator_code"))
        .filter(pl.col("key").is_not_null())
        .join(order, on="doc_id", how="inner")
    )
    group = ["key", *CROSS_ROW["growth_consistent"], "basis_key"]
    earlier = growth.select(*group, other="_row", other_fid="_fid", other_value="value", other_rank="doc_rank")
    joined = (
        growth.lazy().select("_row", *group, "value", "doc_rank").join(earlier.lazy(), on=group, how="inner")
        .filter(pl.col("other_rank") < pl.col("doc_rank"))
        .select("_row", "other", "other_fid", "value", "other_value").collect()
    )
    pairs = joined.filter((pl.col("value") - pl.col("other_value")).abs() > GROWTH_TOLERANCE_PP + 1e-9)
    return _pair_verdicts(
        facts, pairs, joined, "growth_consistent",
        "{indicator} growth {value_s}% for {period} contradicts the earlier report {other_doc_id}, "
        "which gave {other_s}% ({other_fact_id})", growth,
    )


def derive_facts(facts: pl.DataFrame, documents: pl.DataFrame, texts: pl.DataFrame, dictionary: pl.DataFrame,
                 spells: dict[str, list[RegionSpell]]) -> pl.DataFrame:
    # _fid orders fact ids (a message names the partner with the smallest), _doc stands for doc_id in joins
    facts = facts.with_row_index("_row").with_columns(
        _fid=pl.col("fact_id").rank("dense").fill_null(0), _doc=pl.col("doc_id").rank("dense"))
    windows = _doc_windows(documents)
    regions = region_checks(facts["region_code"].to_list(), [windows.get(d) for d in facts["doc_id"]], spells)
    levels = _comparable(facts, dictionary)
    checks = [
        _doc_known_check(facts, documents),
        *regions,
        *_text_checks(facts, texts),
        *_plausible_checks(facts, dictionary, spells),
        _part_within_whole(facts, levels),
        _within_longer_period(facts, levels),
        _growth_consistent(facts, documents),
    ]
    return _with_checks(facts, checks).drop("_row", "_fid", "_doc")


# ---------------------------------------------------------------------------------------------------------------
# Reference tables.


def derive_ref_regions(ref: pl.DataFrame) -> pl.DataFrame:
    codes = set(ref["code"].drop_nulls().to_list()) if "code" in ref.columns else set()
    parents = ref["parent_code"].to_list() if "parent_code" in ref.columns else [None] * ref.height
    ok = [None if not p else p in codes for p in parents]
    why = [f"parent_code {p} is not a code in ref_regions" if o is False else None
           for p, o in zip(parents, ok, strict=True)]
    return _with_checks(ref, [("parent_known", ok, why)])


def derive_ref_indicators(ref: pl.DataFrame) -> pl.DataFrame:
    if not {"code", "parent_code"} <= set(ref.columns):  # the suite's column check reports it
        none: list[None] = [None] * ref.height
        return _with_checks(ref, [("parent_known", none, none), ("range_ordered", none, none)])
    rows = _dictionary_rows(ref)
    codes = set(rows["code"].drop_nulls().to_list())
    ok_parent, why_parent, ok_range, why_range = [], [], [], []
    for r in rows.iter_rows(named=True):
        parent = r["parent_code"]
        ok_parent.append(None if not parent else parent in codes and parent != r["code"])
        why_parent.append(f"parent_code {parent} is not another code in ref_indicators" if ok_parent[-1] is False
                          else None)
        bad = [band for band in BANDS
               if None not in (r[f"plausible_min_{band}"], r[f"plausible_max_{band}"])
               and r[f"plausible_min_{band}"] > r[f"plausible_max_{band}"]]
        ok_range.append(not bad)
        why_range.append(f"plausible min > max for {', '.join(bad)}" if bad else None)
    return _with_checks(ref, [("parent_known", ok_parent, why_parent), ("range_ordered", ok_range, why_range)])


# ---------------------------------------------------------------------------------------------------------------


def derive(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Every table with its derived check columns appended (row order and original columns untouched)."""
    c = {t: conform(tables.get(t, pl.DataFrame()), t) for t in SCHEMAS}
    refs = {t: _text(tables[t]) for t in REF_TABLES if t in tables}
    spells = region_spells(refs.get("ref_regions"))
    dictionary = _dictionary(refs.get("ref_indicators"))
    derived = {
        "documents": derive_documents(c["documents"], c["removed_spans"], spells, c["facts"]),
        "facts": derive_facts(c["facts"], c["documents"], c["document_texts"], dictionary, spells),
        "document_sources": _doc_known(c["document_sources"], c["documents"]),
        "document_texts": _doc_known(c["document_texts"], c["documents"]),
        "removed_spans": _doc_known(c["removed_spans"], c["documents"]),
    }
    if "ref_regions" in refs:
        derived["ref_regions"] = derive_ref_regions(refs["ref_regions"])
    if "ref_indicators" in refs:
        derived["ref_indicators"] = derive_ref_indicators(refs["ref_indicators"])
    out: dict[str, pl.DataFrame] = {}
    for name, df in tables.items():
        extra = derived.get(name)
        if extra is None:
            out[name] = df
            continue
        added = [col for col in extra.columns if col.startswith(("ok_", "why_"))]
        out[name] = pl.concat([df, extra.select(added)], how="horizontal")
    return out

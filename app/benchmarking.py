"""A region against its prefecture and province: the gaps of one report and the growth lines over time.

Shared by the profile and the benchmark page. Three bases are kept apart, never averaged or swapped:
- own: what each region's own reports give (fct_indicator_values, latest vintage);
- cited: the benchmark's figure or relation as the region's report cites it (fct_growth_benchmark.cited_*);
- official: the published reference figure (fct_growth_benchmark.official_*, from ref_benchmarks).
Gaps are taken only between like measures (a real rate against a real rate); a nominal rate or a two-year
average is its own series.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import data, names, ui


@dataclass(frozen=True)
class Parents:
    prefecture: str | None
    province: str | None

    def codes(self) -> list[str]:
        return [c for c in (self.prefecture, self.province) if c]


def parents(region_code: str) -> Parents:
    """The prefecture and province a region is compared with (none for itself: a prefecture has only a province)."""
    r = names.region(region_code)
    if r is None:
        return Parents(None, None)
    pref = r.prefecture_code if r.prefecture_code and r.prefecture_code != region_code else None
    prov = r.province_code if r.province_code and r.province_code != region_code else None
    return Parents(pref, prov)


def variant_of(value: object) -> str:
    """A measure variant as the series key: real unless the mart says nominal or two-year average."""
    return value if isinstance(value, str) and value else "real"


def key_gaps(region_code: str, period: str | None) -> pd.DataFrame:
    """One row per indicator of the period: the region's growth and, per benchmark, what the report cites and
    what the official figure says, with the gaps in percentage points."""
    rows = data.growth_benchmarks(region_code)
    if period is not None:
        rows = rows[rows["period"] == period]
    par = parents(region_code)
    rows = rows[rows["benchmark_code"].isin(par.codes())]
    if rows.empty:
        return pd.DataFrame()
    out = []
    for (key, indicator, indicator_en), grp in rows.groupby(["indicator_key", "indicator", "indicator_en"],
                                                             dropna=False, sort=False):
        first = grp.iloc[0]
        rec: dict[str, object] = {
            "indicator_key": key, "indicator": indicator, "indicator_en": indicator_en,
            "region_code": region_code, "period": first["period"], "growth": first["growth"],
            "measure_variant": first.get("measure_variant"), "fact_id": first["region_growth_fact_id"],
            "doc_id": first["growth_doc_id"], "sentence": first["growth_sentence"],
            "is_estimate": first["growth_is_estimate"], "flag_checks": first["flag_checks"],
        }
        for level, code in (("pref", par.prefecture), ("prov", par.province)):
            b = grp[grp["benchmark_code"] == code]
            b0 = b.iloc[0] if len(b) else None
            rec[f"{level}_relation"] = b0["cited_relation"] if b0 is not None else None
            rec[f"{level}_cited"] = b0["cited_benchmark_growth_pct"] if b0 is not None else None
            rec[f"{level}_cited_gap"] = b0["cited_gap_pp"] if b0 is not None else None
            rec[f"{level}_official"] = b0["official_growth_pct"] if b0 is not None else None
            rec[f"{level}_official_gap"] = b0["official_gap_pp"] if b0 is not None else None
            rec[f"{level}_agreement"] = b0["agreement_status"] if b0 is not None else None
            rec[f"{level}_source"] = b0["official_source_url"] if b0 is not None else None
        out.append(rec)
    df = pd.DataFrame(out)
    # Compared indicators first (a citation or an official figure), GDP first among them.
    df["_has"] = df[[c for c in df.columns if c.endswith(("_relation", "_official"))]].notna().any(axis=1)
    df["_gdp"] = df["indicator_key"].eq("GDP")
    return df.sort_values(["_has", "_gdp", "indicator_key"], ascending=[False, False, True]).drop(
        columns=["_has", "_gdp"]).reset_index(drop=True)


def line_rows(region_code: str, indicator_key: str) -> pd.DataFrame:
    """Rows for charts.growth_lines: the region, its prefecture and province on each basis, every period."""
    par = parents(region_code)
    who = [region_code, *par.codes()]
    frames = []
    own = data.growth_values(who, indicator_key)
    if len(own):
        frames.append(pd.DataFrame({
            "region_code": own["region_code"], "basis": "own",
            "variant": [variant_of(v) for v in own["measure_variant"]], "is_estimate": own["is_estimate"],
            "period": own["period"], "period_sort": own["period_sort"], "period_kind": own["period_kind"],
            "value": own["value"], "flag_checks": own["flag_checks"], "plausibility": own["plausibility"],
            "sentence": own["sentence"], "doc_id": own["doc_id"], "fact_id": own["fact_id"],
        }))
    cited = data.growth_benchmarks(region_code)
    cited = cited[(cited["indicator_key"] == indicator_key) & cited["benchmark_code"].isin(par.codes())
                  & cited["cited_benchmark_growth_pct"].notna()]
    if len(cited):
        frames.append(pd.DataFrame({
            "region_code": cited["benchmark_code"], "basis": "cited",
            "variant": [variant_of(v) for v in cited["measure_variant"]], "is_estimate": False,
            "period": cited["period"], "period_sort": cited["period_sort"], "period_kind": cited["period_kind"],
            "value": cited["cited_benchmark_growth_pct"], "flag_checks": None, "plausibility": None,
            "sentence": cited["cited_sentence"], "doc_id": cited["cited_doc_id"], "fact_id": cited["cited_fact_id"],
        }))
    official = data.official_growth(who, indicator_key)
    if len(official):
        frames.append(pd.DataFrame({
            "region_code": official["region_code"], "basis": "official",
            "variant": [variant_of(v) for v in official["measure_variant"]],
            "is_estimate": ui.truthy(official["is_estimate"]),
            "period": official["period"], "period_sort": official["period_sort"],
            "period_kind": official["period_kind"], "value": official["value"], "flag_checks": None,
            "plausibility": None, "sentence": official["sentence"], "doc_id": None, "fact_id": None,
        }))
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")  # a chart reads strings as categories
    rows["is_estimate"] = ui.truthy(rows["is_estimate"])
    rows = ui.add_flags(rows)
    rows["who"] = names.region_labels(rows["region_code"])
    rows["rank"] = rows["region_code"].map({c: i for i, c in enumerate(who)})
    return rows.sort_values(["period_sort", "rank", "basis"]).reset_index(drop=True)

"""The warehouse connection and every query the pages run: read-only, marts only, parameters bound.

Connection. `scripts/build_warehouse.py` builds into `.building/<warehouse name>` and `os.replace`s it over the
live file. The app keeps a read-only handle on whatever inode it opened; each call compares that inode/mtime/size
with the path on disk (`st.cache_resource(validate=...)`) and opens the new file when they differ.

Why an in-memory DuckDB with the file ATTACHed, not `duckdb.connect(path, read_only=True)`: the Python client
caches database instances by path, so reconnecting to the same path while the old handle is still alive (a query
in flight on another session) silently returns the *old* file. A fresh in-memory instance per open has no cache.

Queries. Every statement below is a constant; values arrive only as bound `?` parameters. The app reads the marts
listed in READS and nothing else (models/_exposures.yml lists the same; tests hold both to this module's SQL).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]

Signature = tuple[int, int, int, int]

READS = (
    "dim_region", "dim_indicator", "dim_period", "dim_document", "dim_document_text", "fct_facts",
    "fct_indicator_values", "fct_growth_benchmark", "fct_ranking_claims", "fct_ranking_evidence", "fct_targets",
    "fct_report_scorecards", "fct_data_quality", "fct_removed_spans", "fct_ingest_events",
)
REQUIRED = READS


class WarehouseMissingError(FileNotFoundError):
    """No warehouse file yet: the user has to run `make pipeline` first."""


class WarehouseBrokenError(RuntimeError):
    """The file exists but DuckDB cannot open it as a database (damaged, half-written, another kind of file)."""


def warehouse_path() -> Path:
    """Env WAREHOUSE_PATH (as dbt's profiles.yml reads it), else warehouse.duckdb at the repo root."""
    return _resolved(os.environ.get("WAREHOUSE_PATH"))


@functools.lru_cache(maxsize=8)
def _resolved(env: str | None) -> Path:
    return Path(env).resolve() if env else ROOT / "warehouse.duckdb"


def signature(path: Path) -> Signature | None:
    """What identifies one build: a swapped-in file has a new inode (and mtime), an edited one a new mtime/size."""
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return (s.st_dev, s.st_ino, s.st_mtime_ns, s.st_size)


@dataclass(eq=False)
class Handle:
    path: Path
    signature: Signature
    con: duckdb.DuckDBPyConnection
    catalog: str

    def cursor(self) -> duckdb.DuckDBPyConnection:
        # A cursor is a separate connection on the same instance: safe to use from Streamlit's session threads.
        cur = self.con.cursor()
        cur.execute(f"use {_ident(self.catalog)}")
        return cur


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _still_current(handle: Handle) -> bool:
    return signature(handle.path) == handle.signature


def _view_catalog(con: duckdb.DuckDBPyConnection, catalog: str) -> str:
    """The catalog name dbt's views were written against (`select … from warehouse.main.facts`).

    dbt-duckdb qualifies view bodies with the database name of the file it built (its stem), so a copy of the file
    under another name must be attached under the original name for its views to resolve.
    """
    row = con.execute(
        "select sql from duckdb_views() where database_name = ? and not internal and sql is not null limit 1",
        [catalog],
    ).fetchone()
    found = re.search(r"\bfrom\s+\"?(\w+)\"?\.\"?main\"?\.", row[0], re.IGNORECASE) if row else None
    return found.group(1) if found else catalog


# No on_release close: a session may still be reading through the old handle; dropping the last reference closes it.
@st.cache_resource(validate=_still_current, show_spinner=False)
def _open(path: str) -> Handle:
    p = Path(path)
    sig = signature(p)  # taken before attaching: a swap in between only costs one extra reopen
    if sig is None:
        raise WarehouseMissingError(path)
    con = duckdb.connect(":memory:")
    # ATTACH takes no bound parameters; the path comes from the environment, never from a user, and is quoted here.
    quoted = "'" + str(p).replace("'", "''") + "'"
    try:
        con.execute(f"attach {quoted} (read_only)")
    except duckdb.Error as exc:
        con.close()
        raise WarehouseBrokenError(" ".join(str(exc).split())[:300]) from exc
    catalog = con.execute("select database_name from duckdb_databases() where path = ?", [str(p)]).fetchone()[0]
    wanted = _view_catalog(con, catalog)
    if wanted != catalog:
        con.execute(f"detach {_ident(catalog)}")
        con.execute(f"attach {quoted} as {_ident(wanted)} (read_only)")
        catalog = wanted
    return Handle(p, sig, con, catalog)


def handle() -> Handle:
    path = warehouse_path()
    if not path.exists():
        raise WarehouseMissingError(str(path))
    return _open(str(path))


# A resource, not data: st.cache_data unpickles a fresh copy of the frame on every hit (0.1-0.2 s for the 50,000
# claims of 10,000 reports); the frames are shared read-only and each caller gets a shallow copy (pandas'
# copy-on-write keeps the cached one as it was).
@st.cache_resource(show_spinner=False, max_entries=512)
def _cached(sql: str, params: tuple[object, ...], version: Signature, _handle: Handle) -> pd.DataFrame:
    del version  # only part of the cache key: a new build never serves rows cached from the old one
    with _handle.cursor() as cur:
        df = cur.execute(sql, [list(p) if isinstance(p, tuple) else p for p in params]).df()
    # Plain Python strings: the pages walk rows in Python, and an Arrow-backed column yields its values one slow
    # step at a time.
    for column in df.columns:
        if not pd.api.types.is_numeric_dtype(df[column]) and not pd.api.types.is_bool_dtype(df[column]) \
                and df[column].dtype != object:
            df[column] = df[column].astype(object).where(df[column].notna(), None)
    return df


def query(sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one of this module's constant SQL statements with bound parameters; results cached per build."""
    h = handle()
    frozen = tuple(tuple(p) if isinstance(p, list) else p for p in params)  # hashable cache key
    return _cached(sql, frozen, h.signature, h).copy(deep=False)


def relations() -> set[str]:
    """Tables and views in the warehouse, so the app can say what is missing instead of raising."""
    df = query("select table_name from information_schema.tables where table_catalog = current_database()")
    return set(df["table_name"])


def columns(table: str) -> set[str]:
    """A relation's columns: the marts gain columns over time and a page may use one only where it exists."""
    df = query("select column_name from information_schema.columns where table_catalog = current_database() "
               "and table_name = ?", [table])
    return set(df["column_name"])


def _col(table: str, column: str, alias: str | None = None, prefix: str = "") -> str:
    """`prefix.column as alias` when the mart has the column, else `null as alias` (a newer mart's column)."""
    return f"{_expr(table, column, prefix)} as {alias or column}"


def _expr(table: str, column: str, prefix: str = "") -> str:
    return f"{prefix}{column}" if column in columns(table) else "null"


def _one(sql: str, params: Sequence[object] = ()) -> dict[str, object] | None:
    df = query(sql, params)
    return None if df.empty else df.iloc[0].to_dict()


# A value is flagged when the gate warned about its fact, or the mart judged it implausible.
FLAGS = """(select fact_id, string_agg(distinct check_name, ',' order by check_name) as flag_checks
            from fct_data_quality where fact_id is not null group by fact_id)"""


# --------------------------------------------------------------------------------------------------------------
# Regions and indicators


def region_table() -> pd.DataFrame:
    """Every version of every region, with its English name where dim_region has one."""
    sql = f"""
        select region_code, region_name, {_col('dim_region', 'name_en')}, region_level, parent_code,
               prefecture_code, province_code, valid_from, valid_to, is_current, is_county_level
        from dim_region
        order by region_code, valid_from nulls first
    """
    return query(sql)


def stats() -> dict[str, int]:
    row = _one("""
        select
            (select count(*) from dim_document) as n_documents,
            (select count(distinct region_code) from dim_document) as n_regions,
            (select count(distinct period_code) from dim_document) as n_periods,
            (select coalesce(sum(n_facts), 0) from dim_document) as n_facts,
            (select count(*) from dim_document where tampered) as n_tampered,
            (select count(*) from fct_data_quality) as n_warnings
    """)
    out = {k: int(v or 0) for k, v in (row or {}).items()}
    out["n_rejected"] = int(query("select count(*) as n from fct_ingest_events where status = 'rejected'")["n"][0])
    return out


def profile_regions() -> pd.DataFrame:
    """Regions with reports or values: the profile's and the benchmark page's choice, busiest first."""
    return query("""
        with d as (select region_code, count(*) as n_docs from dim_document where region_code is not null group by 1),
             v as (select region_code, count(*) as n_values from fct_indicator_values
                   where region_code is not null group by 1)
        select coalesce(d.region_code, v.region_code) as region_code, coalesce(n_docs, 0) as n_docs,
               coalesce(n_values, 0) as n_values
        from d full join v on v.region_code = d.region_code
        order by n_docs desc, n_values desc, region_code
    """)


# --------------------------------------------------------------------------------------------------------------
# Documents


def coverage() -> pd.DataFrame:
    """Documents per region x period (unidentified region or period kept as null, not dropped)."""
    return query("""
        select d.region_code, d.region_name as region, d.period_code as period, count(*) as n_docs,
               coalesce(min(p.sort_key), 0) as period_sort
        from dim_document d left join dim_period p on p.period_code = d.period_code
        group by 1, 2, 3
        order by period_sort, region
    """)


def documents() -> pd.DataFrame:
    return query("""
        select doc_id, title, region_code, region_name as region, period_code as period, doc_type,
               cast(published as date) as published, vintage_date, tampered, n_facts, n_quality_warnings,
               first_source_path, source_paths
        from dim_document
        order by vintage_date desc nulls last, region_name, doc_id
    """)


def region_reports(region_code: str) -> pd.DataFrame:
    """A region's documents with facts, its latest official report first (plan, work report, communiqué before
    news: a news item quotes a few figures, a report states the region's own)."""
    return query("""
        select doc_id, title, region_code, region_name as region, period_code as period, doc_type,
               cast(published as date) as published, vintage_date, n_facts, first_source_path
        from dim_document
        where region_code = ? and n_facts > 0
        order by (doc_type = 'news') asc, vintage_date desc nulls last, n_facts desc, doc_id
    """, [region_code])


def latest_document() -> dict[str, object] | None:
    """The latest report about a known region that has facts (the document page's default)."""
    return _one("""
        select doc_id from dim_document
        where region_code is not null and n_facts > 0
        order by vintage_date desc nulls last, (doc_type = 'news') asc, n_facts desc, doc_id
        limit 1
    """)


def report_scorecards(doc_id: str) -> pd.DataFrame:
    """The report's own tally (确定的27个主要指标,有8个未达到预期) next to the targets tracked for it."""
    return query("""
        select scorecard_id as fact_id, doc_id, indicators_total, indicators_met, indicators_missed, met_share_pct,
               targets_tracked, targets_met, targets_missed, targets_pending, text, sentence, span_start, span_end
        from fct_report_scorecards where doc_id = ? order by scorecard_id
    """, [doc_id])


def document(doc_id: str) -> dict[str, object]:
    row = _one("""
        select d.doc_id, d.title, d.region_code, d.region_name as region, d.period_code as period, d.doc_type,
               cast(d.published as date) as published, d.tampered, d.first_source_path, d.source_paths,
               t.cleaned_text as text
        from dim_document d left join dim_document_text t on t.doc_id = d.doc_id
        where d.doc_id = ?
    """, [doc_id])
    return row or {"doc_id": doc_id, "title": None, "region_code": None, "region": None, "period": None,
                   "doc_type": None, "published": None, "tampered": None, "first_source_path": None,
                   "source_paths": None, "text": ""}


def document_facts(doc_id: str) -> pd.DataFrame:
    """Every fact of one document, all types, in reading order, with its quality flags and the plausibility
    fct_indicator_values judged for it."""
    sql = f"""
        select f.fact_id, f.doc_id, f.seq, f.fact_type, f.indicator_key, f.indicator, i.name_en as indicator_en,
               f.value, f.unit, f.value_base, f.unit_base, f.region_code, f.scope, f.rank, f.claim, f.text,
               f.sentence, f.span_start, f.span_end, v.plausibility, q.flag_checks
        from fct_facts f
        left join dim_indicator i on i.indicator_key = f.indicator_key
        left join fct_indicator_values v on v.fact_id = f.fact_id
        left join {FLAGS} q on q.fact_id = f.fact_id
        where f.doc_id = ?
        order by f.seq
    """
    return query(sql, [doc_id])


def removed_spans_for(doc_id: str) -> pd.DataFrame:
    return query("""
        select doc_id, span_start, span_end, removed_text as text, reason from fct_removed_spans where doc_id = ?
        order by span_start
    """, [doc_id])


def search_documents(needle: str, limit: int = 50) -> pd.DataFrame:
    """Documents whose title, file name or cleaned text contains `needle`, with a snippet around the first hit."""
    return query("""
        select d.doc_id, d.title, d.region_code, d.region_name as region, d.period_code as period, d.doc_type,
               d.first_source_path,
               substr(t.cleaned_text, greatest(1, instr(t.cleaned_text, ?) - 30), 60 + length(?)) as snippet
        from dim_document d left join dim_document_text t on t.doc_id = d.doc_id
        where contains(coalesce(d.title, ''), ?) or contains(coalesce(d.source_paths, ''), ?)
              or contains(coalesce(t.cleaned_text, ''), ?)
        order by d.vintage_date desc nulls last, d.doc_id
        limit ?
    """, [needle, needle, needle, needle, needle, limit])


# --------------------------------------------------------------------------------------------------------------
# Values and benchmarks


def series_indicators() -> pd.DataFrame:
    """Indicators that have reported values, most values first (the pickers' list)."""
    return query("""
        select v.indicator_key, any_value(v.indicator_name_zh) as indicator, any_value(i.name_en) as indicator_en,
               count(*) as n_values, count(distinct v.region_code) as n_regions
        from fct_indicator_values v left join dim_indicator i on i.indicator_key = v.indicator_key
        where v.indicator_key is not null
        group by v.indicator_key
        order by n_values desc, indicator_key
    """)


def series(indicator_key: str) -> pd.DataFrame:
    """Every vintage of every value of one indicator, all regions and periods, with quality flags."""
    sql = f"""
        select v.region_code, v.region_name as region, v.period_code as period, v.period_kind,
               p.sort_key as period_sort, v.measure, v.measure_variant, v.value, v.unit, v.value_base,
               v.unit_base, v.is_estimate, cast(v.vintage_date as varchar) as vintage, v.is_latest, v.doc_id,
               v.doc_type, v.fact_id, v.text, v.sentence, v.plausibility, q.flag_checks
        from fct_indicator_values v
        left join dim_period p on p.period_code = v.period_code
        left join {FLAGS} q on q.fact_id = v.fact_id
        where v.indicator_key = ?
        order by p.sort_key nulls last, v.region_code, v.vintage_date
    """
    return query(sql, [indicator_key])


def growth_values(region_codes: Sequence[str], indicator_key: str) -> pd.DataFrame:
    """The growth rates the regions' own reports give for one indicator, latest vintage per period and variant."""
    sql = f"""
        select v.region_code, v.region_name as region, v.period_code as period, v.period_kind,
               p.sort_key as period_sort, v.measure_variant, v.value, v.unit, v.is_estimate, v.doc_id,
               v.fact_id, v.text, v.sentence, v.plausibility, q.flag_checks
        from fct_indicator_values v
        left join dim_period p on p.period_code = v.period_code
        left join {FLAGS} q on q.fact_id = v.fact_id
        where v.indicator_key = ? and v.measure = 'growth' and v.is_latest and list_contains(?, v.region_code)
        order by p.sort_key, v.region_code
    """
    return query(sql, [indicator_key, list(region_codes)])


def growth_benchmarks(region_code: str | None = None) -> pd.DataFrame:
    """fct_growth_benchmark rows (one region's, or all) with the indicator's English name and period order."""
    variant = _col("fct_growth_benchmark", "measure_variant", prefix="g.")
    official_variant = _col("fct_growth_benchmark", "official_measure_variant", prefix="g.")
    official_estimate = _col("fct_growth_benchmark", "official_is_estimate", prefix="g.")
    sql = f"""
        select g.region_code, g.region_name as region, g.period_code as period, p.sort_key as period_sort,
               p.period_kind, g.indicator_key, g.indicator, i.name_en as indicator_en, g.benchmark_code,
               g.benchmark_name as benchmark, g.benchmark_level, g.region_growth_pct as growth,
               g.region_growth_fact_id, g.cited_relation, g.cited_gap_pp, g.cited_benchmark_growth_pct,
               g.cited_fact_id, g.cited_doc_id, g.cited_text, g.cited_sentence, g.official_growth_pct,
               g.official_gap_pp, g.official_relation, g.official_source_url, g.official_quote,
               g.benchmark_reported_growth_pct, g.agreement_status, g.agreement_note,
               {variant}, {official_variant}, {official_estimate},
               v.doc_id as growth_doc_id, v.sentence as growth_sentence, v.is_estimate as growth_is_estimate,
               q.flag_checks
        from fct_growth_benchmark g
        left join dim_indicator i on i.indicator_key = g.indicator_key
        left join dim_period p on p.period_code = g.period_code
        left join fct_indicator_values v on v.fact_id = g.region_growth_fact_id
        left join {FLAGS} q on q.fact_id = g.region_growth_fact_id
        where ? is null or g.region_code = ?
        order by g.region_code, p.sort_key, g.indicator_key, g.benchmark_level
    """
    return query(sql, [region_code, region_code])


def official_growth(benchmark_codes: Sequence[str], indicator_key: str) -> pd.DataFrame:
    """Official reference growth of the benchmark regions for one indicator, every period any row carries."""
    # ref_benchmarks states real rates: a row's measure_variant is the region's figure's, not the official one's
    variant = _expr("fct_growth_benchmark", "official_measure_variant")
    estimate = _expr("fct_growth_benchmark", "official_is_estimate")
    sql = f"""
        select benchmark_code as region_code, any_value(benchmark_name) as region, g.period_code as period,
               any_value(p.sort_key) as period_sort, any_value(p.period_kind) as period_kind,
               any_value(official_growth_pct) as value, any_value(official_source_url) as source_url,
               any_value(official_quote) as sentence, o_variant as measure_variant,
               any_value(o_estimate) as is_estimate
        from (select *, {variant} as o_variant, {estimate} as o_estimate from fct_growth_benchmark) g
        left join dim_period p on p.period_code = g.period_code
        where g.indicator_key = ? and official_growth_pct is not null and list_contains(?, benchmark_code)
        group by benchmark_code, g.period_code, o_variant
        order by 4, 1
    """
    return query(sql, [indicator_key, list(benchmark_codes)])


def map_values(region_codes: Sequence[str], indicator_key: str, period_code: str) -> pd.DataFrame:
    """The latest value of one indicator and period for each unit (one row per unit, measure and variant)."""
    sql = f"""
        select v.region_code, v.measure, v.measure_variant, v.value, v.unit, v.is_estimate, v.doc_id, v.fact_id,
               v.text, q.flag_checks
        from fct_indicator_values v left join {FLAGS} q on q.fact_id = v.fact_id
        where v.is_latest and v.indicator_key = ? and v.period_code = ? and list_contains(?, v.region_code)
        order by v.region_code, v.measure
    """
    return query(sql, [indicator_key, period_code, list(region_codes)])


def map_periods(region_codes: Sequence[str], indicator_key: str) -> pd.DataFrame:
    return query("""
        select v.period_code as period, count(distinct v.region_code) as n_units, any_value(p.sort_key) as period_sort
        from fct_indicator_values v left join dim_period p on p.period_code = v.period_code
        where v.indicator_key = ? and list_contains(?, v.region_code)
        group by 1 order by 3 desc
    """, [indicator_key, list(region_codes)])


def map_indicators(region_codes: Sequence[str]) -> pd.DataFrame:
    return query("""
        select v.indicator_key, any_value(v.indicator_name_zh) as indicator, any_value(i.name_en) as indicator_en,
               count(distinct v.region_code) as n_units
        from fct_indicator_values v left join dim_indicator i on i.indicator_key = v.indicator_key
        where list_contains(?, v.region_code) and v.indicator_key is not null
        group by 1 order by n_units desc, count(*) desc, 1
    """, [list(region_codes)])


# --------------------------------------------------------------------------------------------------------------
# Claims, targets, quality


def rank_claims(region_code: str | None = None) -> pd.DataFrame:
    """Rank claims with their verification; the peers' coverage is worded from fct_ranking_evidence (claims.py),
    so missing peers are named in the reader's language."""
    sql = f"""
        select c.claim_id as fact_id, c.doc_id, c.region_code, c.region_name as region, c.period_code as period,
               c.indicator_key, c.indicator, i.name_en as indicator_en, c.measure, c.scope, c.scope_code,
               c.scope_name, c.scope_kind, c.rank, c.claim, c.verification_status as status,
               c.verification_reason, c.evidence_summary, c.claimed_value, c.claimed_unit, c.n_peers,
               c.n_peers_reporting, c.n_peers_better, c.n_peers_same_claim, c.published, c.text, c.sentence,
               p.sort_key as period_sort,
               nullif(concat_ws(',', qc.flag_checks, qv.flag_checks), '') as flag_checks
        from fct_ranking_claims c
        left join dim_indicator i on i.indicator_key = c.indicator_key
        left join dim_period p on p.period_code = c.period_code
        left join {FLAGS} qc on qc.fact_id = c.claim_id
        left join {FLAGS} qv on qv.fact_id = c.claimed_value_fact_id
        where ? is null or c.region_code = ?
        order by p.sort_key nulls last, c.region_name, c.claim_id
    """
    return query(sql, [region_code, region_code])


def claim_peers(claim_id: str) -> pd.DataFrame:
    """The evidence behind one claim: each peer's value (or competing claim, or nothing)."""
    return query("""
        select e.peer_code as region_code, e.peer_name as region, e.evidence_kind, e.peer_value, e.peer_unit,
               e.claimant_value, e.peer_fact_id as fact_id, e.peer_doc_id as doc_id, e.peer_text as quote
        from fct_ranking_evidence e
        where e.claim_id = ?
        order by e.peer_value desc nulls last, e.peer_code
    """, [claim_id])


def claim_coverage(claim_ids: Sequence[str]) -> pd.DataFrame:
    """Per claim, its peers by what their evidence says: reporting (better, not better, same claim) or missing."""
    return query("""
        select claim_id,
               count(*) as n_evidence,
               count(*) filter (where evidence_kind in ('peer_better', 'peer_not_better', 'peer_same_claim'))
                   as n_reporting,
               list(peer_code order by peer_code) filter (where evidence_kind
                   not in ('peer_better', 'peer_not_better', 'peer_same_claim')) as missing_codes,
               list(peer_name order by peer_code) filter (where evidence_kind
                   not in ('peer_better', 'peer_not_better', 'peer_same_claim')) as missing_names,
               list(peer_code order by peer_code) filter (where evidence_kind = 'peer_better') as better_codes,
               list(peer_code order by peer_code) filter (where evidence_kind = 'peer_same_claim') as same_codes
        from fct_ranking_evidence
        where list_contains(?, claim_id)
        group by claim_id
    """, [sorted(claim_ids)])


def targets(region_code: str | None = None) -> pd.DataFrame:
    """Targets with their actuals; a flagged actual (or target) carries its checks."""
    return query(f"""
        select t.target_id as fact_id, t.doc_id, t.region_code, t.region_name as region,
               t.doc_period_code as period, t.horizon_period_code as target_period, t.indicator_key, t.indicator,
               i.name_en as indicator_en, t.measure, t.qualifier, t.bound, t.target_value, t.target_unit as unit,
               t.target_value_base, t.unit_base, t.actual_value, t.actual_unit, t.actual_value_base,
               t.actual_fact_id, t.actual_doc_id, t.actual_is_estimate, t.attainment_pct, t.gap_to_target,
               t.status as outcome, t.status_reason, t.text, t.sentence,
               nullif(concat_ws(',', qt.flag_checks, qa.flag_checks), '') as flag_checks
        from fct_targets t
        left join dim_indicator i on i.indicator_key = t.indicator_key
        left join dim_period p on p.period_code = t.horizon_period_code
        left join {FLAGS} qt on qt.fact_id = t.target_id
        left join {FLAGS} qa on qa.fact_id = t.actual_fact_id
        where ? is null or t.region_code = ?
        order by p.sort_key nulls last, t.region_name, t.target_id
    """, [region_code, region_code])


def quality_warnings() -> pd.DataFrame:
    return query("""
        select q.dq_id, q.check_name, q.severity, q.message, q.doc_id, q.fact_id, q.source_path, d.title,
               q.region_code, q.region_name as region, q.period_code as period, q.fact_type, q.indicator,
               q.value, q.unit, q.text, q.sentence
        from fct_data_quality q left join dim_document d on d.doc_id = q.doc_id
        order by q.severity desc, q.check_name, q.doc_id, q.fact_id
    """)


def rejected_files() -> pd.DataFrame:
    """Files the batch did not load: rejected (with the reason) and duplicates of a loaded document."""
    return query("""
        select source_path, status, reason, doc_id, sha256
        from fct_ingest_events where status <> 'loaded'
        order by status desc, source_path
    """)


def removed_spans() -> pd.DataFrame:
    """Removed spans of the tampered documents (spam injected into the page), with the document's labels."""
    return query("""
        select s.doc_id, d.title, d.region_code, d.region_name as region, d.period_code as period,
               s.span_start, s.span_end, s.removed_text as text, s.reason
        from fct_removed_spans s join dim_document d on d.doc_id = s.doc_id
        where d.tampered
        order by d.vintage_date desc nulls last, s.doc_id, s.span_start
    """)


def search_claims(needle: str, limit: int = 100) -> pd.DataFrame:
    """Rank claims whose quoted text, sentence, indicator or wording (南通第一) contains `needle`."""
    rows = rank_claims()
    hay = (rows["text"].fillna("") + "\n" + rows["sentence"].fillna("") + "\n" + rows["indicator"].fillna("")
           + "\n" + rows["scope"].fillna("") + rows["claim"].fillna(""))
    return rows[hay.str.contains(needle, regex=False)].head(limit)


def search_indicators(needle: str, limit: int = 50) -> pd.DataFrame:
    """Indicators whose dictionary name, English name, aliases or reported wording contains `needle`."""
    return query("""
        with hits as (
            select indicator_key from dim_indicator
            where contains(coalesce(name_zh, ''), ?) or contains(lower(coalesce(name_en, '')), lower(?))
                  or contains(coalesce(aliases, ''), ?) or contains(coalesce(indicator_key, ''), ?)
            union
            select distinct indicator_key from fct_indicator_values
            where contains(coalesce(indicator, ''), ?) and indicator_key is not null
        )
        select v.indicator_key, any_value(v.indicator_name_zh) as indicator, any_value(i.name_en) as indicator_en,
               count(*) as n_values, count(distinct v.region_code) as n_regions
        from fct_indicator_values v join hits using (indicator_key)
        left join dim_indicator i on i.indicator_key = v.indicator_key
        group by v.indicator_key
        order by n_values desc, v.indicator_key
        limit ?
    """, [needle, needle, needle, needle, needle, limit])


def search_values(needle: str, limit: int = 100) -> pd.DataFrame:
    sql = f"""
        select v.fact_id, v.doc_id, v.region_code, v.region_name as region, v.period_code as period,
               v.indicator_key, v.indicator_name_zh as indicator, v.measure, v.measure_variant, v.value, v.unit,
               v.value_base, v.unit_base, v.is_estimate, v.text, v.sentence, q.flag_checks, v.plausibility
        from fct_indicator_values v left join {FLAGS} q on q.fact_id = v.fact_id
        where contains(coalesce(v.indicator, ''), ?) or contains(coalesce(v.text, ''), ?)
        order by v.period_end desc nulls last, v.region_code, v.fact_id
        limit ?
    """
    return query(sql, [needle, needle, limit])


def county_units(prefecture_code: str) -> pd.DataFrame:
    """The county-level units of a prefecture in force today (the boundaries are today's)."""
    return query("""
        select region_code, any_value(region_name) as region_name
        from dim_region
        where prefecture_code = ? and is_county_level and is_current and region_code <> prefecture_code
        group by region_code
        order by region_code
    """, [prefecture_code])

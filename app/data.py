"""The warehouse connection: read-only, never holding the file dbt builds, reopened when a new build is swapped in.

`scripts/build_warehouse.py` builds into `.building/<warehouse name>` and `os.replace`s it over the live file. The app
keeps a read-only handle on whatever inode it opened; each call compares that inode/mtime/size with the path on
disk (`st.cache_resource(validate=...)`) and opens the new file when they differ.

Why an in-memory DuckDB with the file ATTACHed, not `duckdb.connect(path, read_only=True)`: the Python client
caches database instances by path, so reconnecting to the same path while the old handle is still alive (a query
in flight on another session) silently returns the *old* file. A fresh in-memory instance per open has no cache.
"""

from __future__ import annotations

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


class WarehouseMissingError(FileNotFoundError):
    """No warehouse file yet: the user has to run `make pipeline` first."""


def warehouse_path() -> Path:
    """Env WAREHOUSE_PATH (as dbt's profiles.yml reads it), else warehouse.duckdb at the repo root."""
    env = os.environ.get("WAREHOUSE_PATH")
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
    con.execute(f"attach {quoted} (read_only)")
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


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(sql: str, params: tuple[object, ...], version: Signature, _handle: Handle) -> pd.DataFrame:
    # `version` is in the cache key so a new build never serves rows cached from the old one.
    with _handle.cursor() as cur:
        return cur.execute(sql, list(params)).df()


def query(sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one of data.py's constant SQL statements with bound parameters; results cached per warehouse build."""
    h = handle()
    return _cached(sql, tuple(params), h.signature, h)


def relations() -> set[str]:
    """Tables and views in the warehouse, so a page can say what is missing instead of raising."""
    df = query("select table_name from information_schema.tables where table_catalog = current_database()")
    return set(df["table_name"])


# ---------------------------------------------------------------------------------------------------------------
# The marts the pages read. Every statement below is a constant; values arrive only as bound `?` parameters.
# Each function returns the columns the pages use, whatever the mart calls them.
# ---------------------------------------------------------------------------------------------------------------

# The contract is models/marts/_marts__models.yml; staging views are read only where no mart carries the data
# (document texts, removed spans, ingest events, facts of every type for the document page).
REQUIRED = (
    "dim_region", "dim_indicator", "dim_period", "dim_document", "fct_indicator_values", "fct_growth_benchmark",
    "fct_ranking_claims", "fct_ranking_evidence", "fct_targets", "fct_data_quality",
    "stg_facts", "stg_document_texts", "stg_removed_spans", "stg_ingest_events",
)


def _one(sql: str, params: Sequence[object] = ()) -> dict[str, object] | None:
    df = query(sql, params)
    return None if df.empty else df.iloc[0].to_dict()


def stats() -> dict[str, int]:
    row = _one("""
        select
            (select count(*) from dim_document) as n_documents,
            (select count(distinct region_code) from dim_document) as n_regions,
            (select count(distinct period_code) from dim_document) as n_periods,
            (select count(*) from stg_facts) as n_facts,
            (select count(*) from dim_document where tampered) as n_tampered,
            (select count(*) from fct_data_quality) as n_warnings,
            (select count(*) from stg_ingest_events where status = 'rejected') as n_rejected
    """)
    return {k: int(v or 0) for k, v in (row or {}).items()}


def coverage() -> pd.DataFrame:
    """Documents per region x period (unidentified region or period shown as '?', not dropped)."""
    return query("""
        select coalesce(d.region_name, '?') as region, coalesce(d.period_code, '?') as period,
               count(*) as n_docs, coalesce(min(p.sort_key), 0) as period_sort
        from dim_document d left join dim_period p on p.period_code = d.period_code
        group by 1, 2
        order by period_sort, region
    """)


def documents() -> pd.DataFrame:
    return query("""
        select doc_id, title, region_name as region, period_code as period, doc_type,
               cast(published as date) as published, vintage_date,
               tampered, n_facts, n_quality_warnings, first_source_path
        from dim_document
        order by vintage_date desc nulls last, region_name, doc_id
    """)


def latest_document() -> dict[str, object] | None:
    """The latest report about a known region that has facts; official reports before news of the same date."""
    return _one("""
        select doc_id, title, region_name as region, period_code as period, doc_type,
               cast(published as date) as published, vintage_date
        from dim_document
        where region_code is not null and n_facts > 0
        order by vintage_date desc nulls last, (doc_type = 'news') asc, n_facts desc, doc_id
        limit 1
    """)


def report_scorecards(doc_id: str) -> pd.DataFrame:
    """The report's own tally (确定的27个主要指标,有8个未达到预期) next to the targets tracked for it."""
    if "fct_report_scorecards" not in relations():  # added to the contract after the first nine marts
        return pd.DataFrame()
    return query("""
        select scorecard_id as fact_id, doc_id, indicators_total, indicators_met, indicators_missed, met_share_pct,
               targets_tracked, targets_met, targets_missed, targets_pending, text, sentence
        from fct_report_scorecards where doc_id = ? order by scorecard_id
    """, [doc_id])


def document(doc_id: str) -> dict[str, object]:
    row = _one("""
        select d.doc_id, d.title, d.region_name as region, d.period_code as period, d.doc_type,
               cast(d.published as date) as published,
               d.tampered, d.first_source_path, t.cleaned_text as text
        from dim_document d left join stg_document_texts t on t.doc_id = d.doc_id
        where d.doc_id = ?
    """, [doc_id])
    return row or {"doc_id": doc_id, "title": None, "region": None, "period": None, "doc_type": None,
                   "published": None, "tampered": None, "first_source_path": None, "text": ""}


def document_facts(doc_id: str) -> pd.DataFrame:
    """Every fact of one document, all types, in reading order."""
    return query("""
        select f.fact_id, f.doc_id, f.seq, f.fact_type, f.indicator, i.name_en as indicator_en, f.value, f.unit,
               f.scope, f.rank, f.claim, f.text, f.sentence, f.span_start, f.span_end
        from stg_facts f left join dim_indicator i on i.indicator_code = f.indicator_code
        where f.doc_id = ?
        order by f.seq
    """, [doc_id])


def removed_spans_for(doc_id: str) -> pd.DataFrame:
    return query("""
        select doc_id, span_start, span_end, removed_text as text, reason from stg_removed_spans where doc_id = ?
        order by span_start
    """, [doc_id])


def rank_claims() -> pd.DataFrame:
    return query("""
        select c.claim_id as fact_id, c.doc_id, c.region_name as region, c.period_code as period, c.indicator,
               i.name_en as indicator_en, c.measure, c.scope, c.scope_name, c.rank, c.claim,
               c.verification_status as status, c.verification_reason, c.evidence_summary,
               c.claimed_value, c.claimed_unit, c.n_peers, c.n_peers_reporting, c.published, c.text, c.sentence
        from fct_ranking_claims c
        left join dim_indicator i on i.indicator_key = c.indicator_key
        left join dim_period p on p.period_code = c.period_code
        order by p.sort_key nulls last, c.region_name, c.claim_id
    """)


def claim_peers(claim_id: str) -> pd.DataFrame:
    """The evidence behind one claim: each peer's value (or competing claim, or nothing)."""
    return query("""
        select e.peer_name as region, c.period_code as period, c.indicator, e.evidence_kind as source,
               e.peer_value as value, e.peer_unit as unit, e.claimant_value, e.peer_fact_id as fact_id,
               e.peer_doc_id as doc_id, e.peer_text as quote
        from fct_ranking_evidence e join fct_ranking_claims c on c.claim_id = e.claim_id
        where e.claim_id = ?
        order by e.peer_value desc nulls last, e.peer_name
    """, [claim_id])


def growth_benchmarks() -> pd.DataFrame:
    """One row per region x period x indicator x benchmark x basis (cited / official / reported) with its gap."""
    return query("""
        with g as (
            select g.*, i.name_en as indicator_en, p.sort_key, v.doc_id as growth_doc_id, v.sentence as growth_sentence
            from fct_growth_benchmark g
            left join dim_indicator i on i.indicator_key = g.indicator_key
            left join dim_period p on p.period_code = g.period_code
            left join fct_indicator_values v on v.fact_id = g.region_growth_fact_id
        )
        select region_name as region, period_code as period, sort_key as period_sort, indicator, indicator_en,
               benchmark_name as benchmark, region_growth_pct as growth, 'cited' as basis,
               cited_benchmark_growth_pct as benchmark_growth, cited_gap_pp as gap_pp, agreement_status,
               cited_fact_id as fact_id, cited_doc_id as doc_id, cited_sentence as sentence, null as source_url
        from g where cited_fact_id is not null
        union all
        select region_name, period_code, sort_key, indicator, indicator_en, benchmark_name, region_growth_pct,
               'official', official_growth_pct, official_gap_pp, agreement_status,
               region_growth_fact_id, growth_doc_id, growth_sentence, official_source_url
        from g where official_growth_pct is not null
        union all
        select region_name, period_code, sort_key, indicator, indicator_en, benchmark_name, region_growth_pct,
               'reported', benchmark_reported_growth_pct, region_growth_pct - benchmark_reported_growth_pct,
               agreement_status, region_growth_fact_id, growth_doc_id, growth_sentence, null
        from g where benchmark_reported_growth_pct is not null
        order by region, period_sort, indicator, benchmark, basis
    """)


def series_indicators() -> pd.DataFrame:
    """Indicators that have reported values, most values first (the picker's list)."""
    return query("""
        select v.indicator_key, any_value(v.indicator_name_zh) as indicator, any_value(i.name_en) as indicator_en,
               count(*) as n_values, count(distinct v.region_code) as n_regions
        from fct_indicator_values v left join dim_indicator i on i.indicator_key = v.indicator_key
        where v.indicator_key is not null
        group by v.indicator_key
        order by n_values desc, indicator_key
    """)


def series(indicator_key: str) -> pd.DataFrame:
    """Every vintage of every value of one indicator, all regions and periods."""
    return query("""
        select coalesce(v.region_name, '?') as region, v.period_code as period, p.sort_key as period_sort,
               v.measure as fact_type, v.value, v.unit, v.value_base, v.unit_base, v.is_estimate,
               cast(v.vintage_date as varchar) as vintage, v.is_latest, v.doc_id, v.fact_id, v.text, v.sentence
        from fct_indicator_values v left join dim_period p on p.period_code = v.period_code
        where v.indicator_key = ?
        order by p.sort_key nulls last, region, v.vintage_date
    """, [indicator_key])


def targets() -> pd.DataFrame:
    return query("""
        select t.target_id as fact_id, t.doc_id, t.region_name as region, t.doc_period_code as period,
               t.horizon_period_code as target_period, t.indicator, i.name_en as indicator_en, t.measure,
               t.qualifier, t.bound, t.target_value, t.target_unit as unit, t.actual_value, t.actual_unit,
               t.actual_fact_id, t.actual_doc_id, t.attainment_pct, t.status as outcome, t.status_reason,
               t.text, t.sentence
        from fct_targets t
        left join dim_indicator i on i.indicator_key = t.indicator_key
        left join dim_period p on p.period_code = t.horizon_period_code
        order by p.sort_key nulls last, t.region_name, t.target_id
    """)


def quality_warnings() -> pd.DataFrame:
    return query("""
        select q.check_name, q.severity, q.message, q.doc_id, q.fact_id, q.source_path, d.title,
               q.region_name as region, q.period_code as period, q.indicator, q.value, q.unit, q.text, q.sentence
        from fct_data_quality q left join dim_document d on d.doc_id = q.doc_id
        order by q.severity desc, q.check_name, q.doc_id, q.fact_id
    """)


def rejected_files() -> pd.DataFrame:
    """Files the batch did not load: rejected (with the reason) and duplicates of a loaded document."""
    return query("""
        select source_path, status, reason, doc_id, sha256
        from stg_ingest_events where status <> 'loaded'
        order by status desc, source_path
    """)


def removed_spans() -> pd.DataFrame:
    """Removed spans of the tampered documents (spam injected into the page), with the document's labels."""
    return query("""
        select s.doc_id, d.title, d.region_name as region, d.period_code as period,
               s.span_start, s.span_end, s.removed_text as text, s.reason
        from stg_removed_spans s join dim_document d on d.doc_id = s.doc_id
        where d.tampered
        order by d.vintage_date desc nulls last, s.doc_id, s.span_start
    """)

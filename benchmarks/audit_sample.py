"""The sample an audit of the marts checks against the report texts (issue #15), printed deterministically.

Every ranking claim, every met or missed target, every benchmark row with a citation, an official or a reported
benchmark figure, every data-quality warning, and N indicator values drawn with a fixed seed; each row with the
fields an auditor checks and the sentence and file it came from. The same warehouse gives the same text, so two
audits can be diffed.

    .venv/bin/python benchmarks/audit_sample.py warehouse.duckdb [--out FILE] [--values 40] [--seed audit-2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import duckdb

_FILE = "(select first_source_path from dim_document x where x.doc_id = {col})"

SECTIONS: dict[str, str] = {
    "claims": f"""
select c.claim_id, {_FILE.format(col="c.doc_id")} as file, c.region_name, c.period_code, c.indicator,
       c.measure, c.measure_variant, c.scope, c.scope_name, c.scope_kind, c.scope_class, c.rank, c.rank_change,
       c.streak, c.claim, c.claim_kind, c.claimed_value, c.claimed_unit, c.claimed_value_source,
       c.claimed_is_estimate, c.peer_set, c.n_peers, c.n_peers_reporting, c.n_peers_better,
       c.verification_status, c.verification_summary, c.n_mentions, c.text, c.sentence
from fct_ranking_claims c order by file, c.span_start, c.claim_id""",
    "targets_met_missed": f"""
select t.target_id, {_FILE.format(col="t.doc_id")} as file, t.region_name, t.doc_period_code,
       t.horizon_period_code, t.indicator, t.measure, t.measure_variant, t.qualifier, t.bound, t.target_value,
       t.target_unit, t.actual_value, t.actual_unit, t.actual_source, t.actual_is_estimate, t.actual_text,
       {_FILE.format(col="t.actual_doc_id")} as actual_file, t.attainment_pct, t.status, t.status_reason,
       t.text, t.sentence
from fct_targets t where t.status in ('met', 'missed') order by file, t.span_start, t.target_id""",
    "benchmarks": f"""
select g.growth_benchmark_id, g.region_name, g.period_code, g.indicator, g.measure_variant, g.benchmark_name,
       g.region_growth_pct, g.region_growth_is_estimate, v.text as growth_text, v.sentence as growth_sentence,
       {_FILE.format(col="v.doc_id")} as growth_file, g.cited_relation, g.cited_gap_pp,
       g.cited_benchmark_growth_pct, g.cited_text, g.cited_sentence, {_FILE.format(col="g.cited_doc_id")}
       as cited_file, g.official_growth_pct, g.official_quote, g.official_vintage, g.official_gap_pp,
       g.official_relation, g.benchmark_reported_growth_pct, g.benchmark_reported_variant, b.text as bench_text,
       b.sentence as bench_sentence, {_FILE.format(col="b.doc_id")} as bench_file, g.agreement_status,
       g.agreement_note, g.like_with_like_note
from fct_growth_benchmark g
left join fct_indicator_values v on v.fact_id = g.region_growth_fact_id
left join fct_indicator_values b on b.fact_id = g.benchmark_reported_fact_id
where g.cited_relation is not null or g.official_growth_pct is not null
   or g.benchmark_reported_growth_pct is not null
order by g.region_name, g.period_code, g.indicator_key, g.measure_variant nulls first, g.benchmark_code""",
    "warnings": f"""
select q.dq_id, q.check_name, q.severity, q.source_path, {_FILE.format(col="q.doc_id")} as file, q.region_name,
       q.period_code, q.indicator, q.value, q.unit, q.message, q.text, q.sentence
from fct_data_quality q order by q.check_name, file, q.dq_id""",
    "random_values": f"""
select v.fact_id, {_FILE.format(col="v.doc_id")} as file, v.region_name, v.period_code, v.indicator,
       v.indicator_code, v.measure, v.measure_variant, v.value, v.value_max, v.unit, v.approx, v.bound,
       v.is_estimate, v.is_latest, v.plausibility, v.text, v.sentence
from fct_indicator_values v order by hash(v.fact_id || $seed), v.fact_id limit $n""",
}


def write_sample(con: duckdb.DuckDBPyConnection, out: TextIO, n_values: int, seed: str) -> dict[str, int]:
    """Write every section's rows as 'name: value' blocks (empty fields left out); return the rows per section."""
    counts: dict[str, int] = {}
    for title, sql in SECTIONS.items():
        params = {"seed": seed, "n": n_values} if "$seed" in sql else {}
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description or []]
        rows = cur.fetchall()
        counts[title] = len(rows)
        out.write(f"\n######## {title}: {len(rows)} rows\n")
        for i, row in enumerate(rows, 1):
            out.write(f"--- {title} #{i}\n")
            for name, value in zip(names, row, strict=True):
                if value is not None and value != "":
                    out.write(f"  {name}: {value}\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    parser.add_argument("--values", type=int, default=40, help="random indicator values to draw")
    parser.add_argument("--seed", default="audit-2", help="salt of the random draw (same seed, same values)")
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        parser.error(f"{args.warehouse}: no such warehouse file (run make pipeline)")
    con = duckdb.connect(str(args.warehouse), read_only=True)
    if args.out is None:
        counts = write_sample(con, sys.stdout, args.values, args.seed)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            counts = write_sample(con, out, args.values, args.seed)
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"audit sample: {summary}; {sum(counts.values())} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

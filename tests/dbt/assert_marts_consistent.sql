-- The marts' own arithmetic and consistency, one failing row per problem naming the check and the row:
--   growth_benchmark_arithmetic  fct_growth_benchmark: the official gap is region minus benchmark, the official
--                                relation follows its sign (|gap| < 0.05 pp is 持平), the benchmark growth implied
--                                by a citation is region minus cited gap, a cited gap carries the sign of its
--                                relation, and citation_agrees matches agreement_status;
--   one_latest_vintage           fct_indicator_values: exactly one latest vintage per region x period x indicator
--                                x measure (x variant) series, and it is vintage 1;
--   ranking_status_evidence      fct_ranking_claims: a status is backed by its evidence rows (confirmed needs every
--                                peer reporting, contradicted a better peer or a competing claim, or a complete
--                                set placing it elsewhere), and n_peers counts its fct_ranking_evidence peers;
--   scorecard_arithmetic         fct_report_scorecards: met and missed add up to the total;
--   target_status                fct_targets: pending has no comparable actual; met/missed follow the direction
--                                (attainment >= 100% is met for a minimum, <= 100% for a max bound).
-- One test node for the five (each was its own node: dbt's fixed cost per node, not these queries, is most of
-- `dbt build`'s time). The marts have no downstream models, so one node blocks nothing the five did not.
-- To see the offending rows: run target/compiled/.../assert_marts_consistent.sql, or read
-- scripts/build_warehouse.py's failure report.
select 'growth_benchmark_arithmetic' as failed_check,
       growth_benchmark_id as row_id,
       'official gap ' || coalesce(cast(official_gap_pp as varchar), 'null') || ' ' || coalesce(official_relation, 'null')
       || ', cited gap ' || coalesce(cast(cited_gap_pp as varchar), 'null') || ' ' || coalesce(cited_relation, 'null')
       || ', ' || coalesce(agreement_status, 'null') as detail
from {{ ref('fct_growth_benchmark') }}
where
    (official_gap_pp is not null and abs(official_gap_pp - (region_growth_pct - official_growth_pct)) > 0.005)
    or (official_gap_pp is not null and official_relation is distinct from
        case when abs(official_gap_pp) < 0.05 then 'equal' when official_gap_pp > 0 then 'higher' else 'lower' end)
    or (cited_benchmark_growth_pct is not null
        and abs(cited_benchmark_growth_pct - (region_growth_pct - cited_gap_pp)) > 0.005)
    or (cited_relation = 'equal' and cited_gap_pp <> 0)
    or (cited_relation = 'higher' and cited_gap_pp < 0)
    or (cited_relation = 'lower' and cited_gap_pp > 0)
    or (citation_agrees and agreement_status <> 'agrees')
    or (not citation_agrees and agreement_status <> 'disagrees')
    or (agreement_status in ('agrees', 'disagrees') and citation_agrees is null)

union all

select 'one_latest_vintage',
       region_code || ' ' || period_code || ' ' || indicator_key || ' ' || measure
       || coalesce(' ' || measure_variant, ''),
       count(*) filter (where is_latest) || ' latest, '
       || count(*) filter (where is_latest and vintage_rank <> 1) || ' of them not vintage 1'
from {{ ref('fct_indicator_values') }}
where region_code is not null
group by region_code, period_code, indicator_key, measure, measure_variant
having count(*) filter (where is_latest) <> 1
    or count(*) filter (where is_latest and vintage_rank <> 1) > 0

union all

select 'ranking_status_evidence', c.claim_id,
       c.verification_status || ': ' || c.n_peers || ' peers, ' || c.n_peers_reporting || ' reporting, '
       || c.n_peers_better || ' better, ' || c.n_peers_same_claim || ' same claim'
from {{ ref('fct_ranking_claims') }} c
where
    (c.verification_status = 'confirmed'
        and (c.n_peers = 0 or c.n_peers_reporting <> c.n_peers or c.n_peers_better <> c.rank - 1))
    or (c.verification_status = 'contradicted'
        and c.n_peers_same_claim = 0 and c.n_peers_better = 0 and c.n_peers_reporting < c.n_peers)
    or c.n_peers_reporting > c.n_peers
    or c.n_peers_better > c.n_peers_reporting
    or c.n_peers <> (select count(distinct e.peer_code) from {{ ref('fct_ranking_evidence') }} e
                     where e.claim_id = c.claim_id)

union all

select 'scorecard_arithmetic', scorecard_id,
       indicators_met || ' met + ' || indicators_missed || ' missed <> ' || indicators_total || ' total'
from {{ ref('fct_report_scorecards') }}
where indicators_total is not null
  and indicators_met + indicators_missed <> indicators_total

union all

select 'target_status', t.target_id,
       t.status || ', attainment ' || coalesce(cast(t.attainment_pct as varchar), 'null') || '%, actual '
       || coalesce(t.actual_fact_id, 'null')
from {{ ref('fct_targets') }} t
left join {{ ref('dim_indicator') }} i on i.indicator_key = t.indicator_key
where
    (t.status in ('met', 'missed') and (t.actual_fact_id is null or t.attainment_pct is null))
    or (t.status = 'pending' and t.attainment_pct is not null)
    or (t.status = 'met' and t.target_value > 0
        and case when t.bound = 'max' or i.higher_is_better = false then t.attainment_pct > 100
                 else t.attainment_pct < 100 end)
    or (t.status = 'missed' and t.target_value > 0
        and case when t.bound = 'max' or i.higher_is_better = false then t.attainment_pct <= 100
                 else t.attainment_pct >= 100 end)

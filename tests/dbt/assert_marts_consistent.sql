-- The marts' own rules and arithmetic, one failing row per problem naming the check and the row:
--   series_mixes_kinds          fct_indicator_values: every series (region x period x indicator x measure x variant
--                               x unit kind) has exactly one latest vintage, and it is vintage 1 - a vintage order
--                               computed over values of different unit kinds (565个 vs 6亿元) or variants (nominal
--                               vs real) leaves one of them without a latest;
--   identical_rows_in_series    fct_indicator_values: no series holds one document's same value, unit, text and
--                               sentence twice (a page pasted twice, a padded copy: one statement, one row with its
--                               n_mentions); two documents stating the same sentence are two sources, both kept;
--   nominal_vs_real             fct_growth_benchmark: only a plain growth is compared with - or even shown next to -
--                               the official (real) figure (a variant row has no official figure, gap, relation or
--                               agreement), the region's growth is of the row's variant and the benchmark's
--                               reported growth too; fct_ranking_evidence: a peer's figure compared with the
--                               claimant's is of its variant; fct_targets: an actual is of the target's variant;
--   duplicated_claim            fct_ranking_claims: one claim per claim - no two rows of one document state the same
--                               claim (claimant, period, indicator, measure, scope, rank or move), and no claim's
--                               span is another claim's repeated statement;
--   peer_outside_scope          fct_ranking_evidence: every peer is valid at the period end, of the claimant's tier
--                               and inside the claim's scope (the claimant's own prefecture or province);
--   growth_benchmark_arithmetic fct_growth_benchmark: the official gap is region minus benchmark, the official
--                               relation follows its sign (|gap| < 0.05 pp is 持平), the benchmark growth implied
--                               by a citation is region minus cited gap, a cited gap carries the sign of its
--                               relation, and citation_agrees matches agreement_status;
--   ranking_status_evidence     fct_ranking_claims: a status is backed by its evidence rows (confirmed needs a
--                               position, every peer reporting and exactly rank-1 better; contradicted a better peer,
--                               a competing claim, or a complete set placing it elsewhere; a move or a milestone is
--                               never verified; a peer too close to call never confirms), n_peers counts its
--                               fct_ranking_evidence peers, and a verdict on estimates mixed with final figures
--                               says so (estimate_note);
--   scorecard_arithmetic        fct_report_scorecards: met and missed add up to the total;
--   target_status               fct_targets: pending has no comparable actual; met/missed follow the direction
--                               (attainment >= 100% is met for a minimum, <= 100% for a max bound); a label that is
--                               not an indicator is never matched.
-- One test node for all (each was its own node: dbt's fixed cost per node, not these queries, is most of
-- `dbt build`'s time). The marts have no downstream models, so one node blocks nothing the separate ones did not.
-- To see the offending rows: run target/compiled/.../assert_marts_consistent.sql, or read
-- scripts/build_warehouse.py's failure report.
select 'series_mixes_kinds' as failed_check,
       region_code || ' ' || period_code || ' ' || indicator_key || ' ' || measure
       || coalesce(' ' || measure_variant, '') || ' [' || unit_key || ']' as row_id,
       count(*) filter (where is_latest) || ' latest, '
       || count(*) filter (where is_latest and vintage_rank <> 1) || ' of them not vintage 1; units '
       || string_agg(distinct coalesce(unit, '-'), ' ') as detail
from {{ ref('fct_indicator_values') }}
where region_code is not null
group by region_code, period_code, indicator_key, measure, measure_variant, unit_key
having count(*) filter (where is_latest) <> 1
    or count(*) filter (where is_latest and vintage_rank <> 1) > 0
    or count(distinct series_id) > 1

union all

select 'identical_rows_in_series', min(fact_id) || ' ' || series_id,
       count(*) || ' rows of ' || coalesce(cast(value as varchar), '?') || coalesce(unit, '') || ' "' || text || '"'
from {{ ref('fct_indicator_values') }}
group by series_id, doc_id, value, unit, text, sentence
having count(*) > 1

union all

select 'nominal_vs_real', growth_benchmark_id,
       coalesce(measure_variant, 'plain') || ' growth ' || agreement_status
       || coalesce(', benchmark reported ' || coalesce(benchmark_reported_variant, 'plain'), '')
from {{ ref('fct_growth_benchmark') }}
where (measure_variant is not null
       and (agreement_status in ('agrees', 'disagrees') or official_gap_pp is not null
            or official_growth_pct is not null or official_relation is not null or citation_agrees is not null))
   or (benchmark_reported_fact_id is not null
       and coalesce(benchmark_reported_variant, '') <> coalesce(measure_variant, ''))

union all

select 'nominal_vs_real', g.growth_benchmark_id,
       'row ' || coalesce(g.measure_variant, 'plain') || ', region growth ' || coalesce(v.measure_variant, 'plain')
from {{ ref('fct_growth_benchmark') }} g
join {{ ref('fct_indicator_values') }} v on v.fact_id = g.region_growth_fact_id
where coalesce(g.measure_variant, '') <> coalesce(v.measure_variant, '')

union all

select 'nominal_vs_real', t.target_id,
       'target ' || coalesce(t.measure_variant, 'plain') || ' vs actual ' || coalesce(v.measure_variant, 'plain')
from {{ ref('fct_targets') }} t
join {{ ref('fct_indicator_values') }} v on v.fact_id = t.actual_fact_id
where coalesce(t.measure_variant, '') <> coalesce(v.measure_variant, '')

union all

select 'nominal_vs_real', e.evidence_id,
       'claim ' || coalesce(c.measure_variant, 'plain') || ' vs peer ' || coalesce(v.measure_variant, 'plain')
from {{ ref('fct_ranking_evidence') }} e
join {{ ref('fct_ranking_claims') }} c on c.claim_id = e.claim_id
join {{ ref('fct_indicator_values') }} v on v.fact_id = e.peer_fact_id
where e.evidence_kind in ('peer_better', 'peer_not_better')
  and coalesce(c.measure_variant, '') <> coalesce(v.measure_variant, '')

union all

select 'duplicated_claim', min(claim_id),
       count(*) || ' rows: ' || string_agg(claim_id || ' "' || text || '"', ', ' order by claim_id)
from {{ ref('fct_ranking_claims') }}
group by doc_id, region_code, period_code, coalesce(indicator_key, 'text:' || text), measure, scope_code, rank,
         rank_change, claim_kind
having count(*) > 1

union all

select 'duplicated_claim', c.claim_id, 'its span is a repeated statement of ' || o.claim_id
from {{ ref('fct_ranking_claims') }} c
join {{ ref('fct_ranking_claims') }} o
  on o.doc_id = c.doc_id and o.claim_id <> c.claim_id and o.other_spans is not null
 and list_contains(cast(json(o.other_spans) as bigint[][]), [c.span_start, c.span_end])
 and o.region_code is not distinct from c.region_code
 and o.indicator_key is not distinct from c.indicator_key

union all

select 'peer_outside_scope', e.evidence_id,
       e.peer_name || ' for ' || c.region_name || ' in ' || coalesce(c.scope_name, c.scope_code) || ' ' || c.period_code
from {{ ref('fct_ranking_evidence') }} e
join {{ ref('fct_ranking_claims') }} c on c.claim_id = e.claim_id
join {{ ref('dim_period') }} p on p.period_code = c.period_code
join {{ ref('dim_region') }} me
  on me.region_code = c.region_code
 and coalesce(me.valid_from, date '0001-01-01') <= p.period_end and (me.valid_to is null or me.valid_to > p.period_end)
where not exists (
    select 1 from {{ ref('dim_region') }} r
    where r.region_code = e.peer_code
      and coalesce(r.valid_from, date '0001-01-01') <= p.period_end and (r.valid_to is null or r.valid_to > p.period_end)
      and r.region_tier = me.region_tier
      and r.region_level <> 'functional_zone'
      and c.scope_code in (r.prefecture_code, r.province_code)
      and c.scope_code in (me.prefecture_code, me.province_code)
      and r.region_code <> c.region_code
)

union all

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

select 'ranking_status_evidence', c.claim_id,
       c.verification_status || ' (' || c.claim_kind || '): ' || c.n_peers || ' peers, ' || c.n_peers_reporting
       || ' reporting, ' || c.n_peers_better || ' better, ' || c.n_peers_same_claim || ' same claim'
from {{ ref('fct_ranking_claims') }} c
where
    (c.verification_status = 'confirmed'
        and (c.claim_kind <> 'position' or c.n_peers = 0 or c.n_peers_reporting <> c.n_peers
             or c.n_peers_better <> c.rank - 1 or c.scope_kind not in ('prefecture', 'province')))
    or (c.verification_status = 'contradicted'
        and c.n_peers_same_claim = 0 and c.n_peers_better = 0 and c.n_peers_reporting < c.n_peers)
    or (c.claim_kind in ('rank_change', 'milestone', 'wording') and c.verification_status <> 'unverifiable')
    or c.n_peers_reporting + c.n_peers_undecided > c.n_peers
    or (c.verification_status = 'confirmed' and c.n_peers_undecided > 0)
    -- estimates next to final figures are said
    or (c.verification_status <> 'unverifiable' and c.estimate_note is null
        and (c.n_peer_estimates > 0 or c.claimed_is_estimate) and c.n_peers_reporting > 0)
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
       || coalesce(t.actual_fact_id, t.actual_reference_id, 'null')
from {{ ref('fct_targets') }} t
left join {{ ref('dim_indicator') }} i on i.indicator_key = t.indicator_key
where
    (t.status in ('met', 'missed')
        and (coalesce(t.actual_fact_id, t.actual_reference_id) is null or t.attainment_pct is null))
    or (t.status in ('pending', 'not_an_indicator') and t.attainment_pct is not null)
    or (t.status = 'not_an_indicator' and t.actual_source is not null)
    or (t.status = 'met' and t.target_value > 0
        and case when t.bound = 'max' or i.higher_is_better = false then t.attainment_pct > 100
                 else t.attainment_pct < 100 end)
    or (t.status = 'missed' and t.target_value > 0
        and case when t.bound = 'max' or i.higher_is_better = false then t.attainment_pct <= 100
                 else t.attainment_pct >= 100 end)

-- Claim x peer evidence. The peer set follows the claim's scope, for any prefecture and province of the national
-- dictionary, valid at the period end, without the claimant:
--   a county-level unit among its prefecture (南通第一, 全市第一)  -> the prefecture's county-level units;
--   a county-level unit among its province (全省第一)               -> the province's county-level units;
--   a prefecture-tier unit among its province (全省第四)            -> the province's prefecture-tier units;
-- county-level means county, county_level_city and district (never a statistics-only functional zone); a scope
-- class naming counties only (七县(市), 县域) leaves the districts out. Other scopes (全国, a unit that does not
-- contain the claimant, the claimant itself) have no peer set here.
-- For each peer, its figure for the same indicator, measure, variant and period in a comparable unit, from any
-- document (its own report, a city list in a provincial article, a comparison of the county-level units: the
-- latest vintage) or the official reference (ref_benchmarks); a final figure before an estimate, a report before
-- the reference. Better / not better than the claimant's, undecided (an estimate, approximate figure or bound too
-- close to the claimant's to tell: see ranged below), incomparable (reported, but in another unit kind), or
-- missing. Plus its latest competing first-place claim for a first-place claim.
with claims as (
    select * from {{ ref('int_ranking_claims_scoped') }}
),

regions as (
    select * from {{ ref('int_regions_versioned') }}
),

indicators as (
    select indicator_code, higher_is_better from {{ ref('stg_ref_indicators') }}
),

peers as (
    select
        c.claim_id,
        r.region_code as peer_code,
        r.region_name as peer_name
    from claims c
    join regions r
      on r.region_code <> c.region_code
     and {{ valid_on('r', 'c.period_end') }}
     and (
            (c.region_level in ('county', 'county_level_city', 'district') and r.is_county_level
             and ((c.scope_kind = 'prefecture' and r.prefecture_code = c.scope_code)
                  or (c.scope_kind = 'province' and r.province_code = c.scope_code)))
         or (c.region_tier = 'prefecture' and r.region_tier = 'prefecture'
             and c.scope_kind = 'province' and r.province_code = c.scope_code)
         )
     -- 七县(市), 县域: the counties and county-level cities, not the districts
     and not (coalesce(c.scope_class, '') like '%县%' and coalesce(c.scope_class, '') not like '%区%'
              and r.region_level = 'district')
    where c.scope_kind in ('prefecture', 'province')
      and c.claim_kind in ('position', 'first')
),

claimant as (
    select
        c.claim_id, c.indicator_key, c.measure, c.period_code, c.claimed_value, c.claimed_unit, c.claimed_unit_key,
        c.claimed_value_base, c.claimed_measure_variant, c.scope_code, c.is_first_claim,
        coalesce(c.claimed_is_estimate, false) as claimed_is_estimate,
        coalesce(c.claimed_approx, false) as claimed_approx,
        c.claimed_bound,
        coalesce(i.higher_is_better, true) as higher_is_better
    from claims c
    left join indicators i on i.indicator_code = c.indicator_code
),

-- every figure a peer has for a claim's indicator, measure, variant and period: reports' latest vintages (one
-- per unit kind) and the reference's rows
figures as (
    select
        region_code, period_code, indicator_key, measure, coalesce(measure_variant, '') as variant, unit_key,
        'report' as peer_source, fact_id as peer_fact_id, doc_id as peer_doc_id, text as peer_text,
        cast(null as varchar) as peer_source_url, value, unit, value_base, is_estimate,
        coalesce(approx, false) as approx, bound, vintage_date
    from {{ ref('int_indicator_values_vintaged') }}
    where is_latest and region_code is not null
    union all
    select
        region_code, period_code, indicator_key, measure, '' as variant, unit_key,
        'reference', reference_id, null, quote, source_url, value, unit, value_base, is_estimate, approx, bound, null
    from {{ ref('int_reference_values') }}
),

-- each peer figure against the claimant's, in the unit as written when it is the same, else in the base unit
paired as (
    select
        p.claim_id,
        p.peer_code,
        p.peer_name,
        f.*,
        cl.claimed_value as claimant_value,
        cl.higher_is_better,
        case
            when f.unit_key is distinct from cl.claimed_unit_key or cl.claimed_value is null then null
            when f.unit = cl.claimed_unit then f.value
            when f.value_base is not null and cl.claimed_value_base is not null then f.value_base
        end as peer_cmp,
        case
            when f.unit_key is distinct from cl.claimed_unit_key or cl.claimed_value is null then null
            when f.unit = cl.claimed_unit then cl.claimed_value
            when f.value_base is not null and cl.claimed_value_base is not null then cl.claimed_value_base
        end as claimant_cmp,
        cl.claimed_is_estimate, cl.claimed_approx, cl.claimed_bound, cl.claimed_unit_key
    from peers p
    join claimant cl on cl.claim_id = p.claim_id
    join figures f
      on f.region_code = p.peer_code
     and f.indicator_key = cl.indicator_key
     and f.measure = cl.measure
     and f.period_code = cl.period_code
     and f.variant = coalesce(cl.claimed_measure_variant, '')
),

-- A figure is a range (macros/series.sql figure_bound: an estimate or approximate figure within ±3 %, a bound open
-- on its side). A peer is better when its whole range beats the claimant's, not better when it
-- cannot, and undecided otherwise (崇川区 "1700亿元以上" beats 1480 for sure, but not 1750): an undecided peer
-- neither confirms nor contradicts.
ranged as (
    select
        *,
        {% set claimant_inexact = 'claimed_is_estimate or claimed_approx' %}
        {{ figure_bound('claimant_cmp', 'claimed_bound', claimant_inexact, 'claimed_unit_key', 'lo') }} as c_lo,
        {{ figure_bound('claimant_cmp', 'claimed_bound', claimant_inexact, 'claimed_unit_key', 'hi') }} as c_hi,
        {{ figure_bound('peer_cmp', 'bound', 'is_estimate or approx', 'unit_key', 'lo') }} as p_lo,
        {{ figure_bound('peer_cmp', 'bound', 'is_estimate or approx', 'unit_key', 'hi') }} as p_hi
    from paired
),

peer_figures as (
    select
        *,
        case
            when peer_cmp is null then null
            when higher_is_better and p_lo > c_hi then 'better'
            when higher_is_better and p_hi <= c_lo then 'not_better'
            when not higher_is_better and p_hi < c_lo then 'better'
            when not higher_is_better and p_lo >= c_hi then 'not_better'
            else 'undecided'
        end as decision
    from ranged
    -- the figure the verdict uses: comparable first, then final before estimate, exact before approximate,
    -- report before reference, latest first - never the one that happens to decide
    qualify row_number() over (
        partition by claim_id, peer_code
        order by (peer_cmp is not null) desc, is_estimate asc, (approx or bound is not null) asc,
                 (peer_source = 'report') desc, vintage_date desc nulls last, peer_fact_id
    ) = 1
),

peer_values as (
    select
        p.claim_id, p.peer_code, p.peer_name,
        case
            when f.peer_fact_id is null then 'peer_missing'
            when f.decision = 'better' then 'peer_better'
            when f.decision = 'not_better' then 'peer_not_better'
            when f.decision = 'undecided' then 'peer_undecided'
            else 'peer_incomparable'
        end as evidence_kind,
        f.value as peer_value, f.unit as peer_unit, f.is_estimate as peer_is_estimate,
        f.approx as peer_is_approx, f.bound as peer_bound,
        cl.claimed_value as claimant_value,
        f.peer_source, f.peer_fact_id, f.peer_doc_id, f.peer_text, f.peer_source_url
    from peers p
    join claimant cl on cl.claim_id = p.claim_id
    left join peer_figures f on f.claim_id = p.claim_id and f.peer_code = p.peer_code
),

same_claims as (
    select
        p.claim_id,
        p.peer_code,
        p.peer_name,
        o.claim_id as peer_fact_id,
        o.doc_id   as peer_doc_id,
        o.text     as peer_text
    from peers p
    join claimant cl on cl.claim_id = p.claim_id
    join claims o
      on o.region_code = p.peer_code
     and o.indicator_key = cl.indicator_key
     and o.measure = cl.measure
     and o.period_code = cl.period_code
     and o.scope_code = cl.scope_code
     and o.is_first_claim
    where cl.is_first_claim
    -- one competing claim per peer is the evidence (its latest report's); a peer repeating its claim in many
    -- reports of one period would otherwise multiply the rows without changing the verdict
    qualify row_number() over (
        partition by p.claim_id, p.peer_code order by o.published desc nulls last, o.claim_id
    ) = 1
)

select
    claim_id || '|' || peer_code || '|' || evidence_kind || '|' || coalesce(peer_fact_id, '') as evidence_id,
    *
from (
    select
        claim_id, peer_code, peer_name, evidence_kind, peer_value, peer_unit, peer_is_estimate, peer_is_approx,
        peer_bound, claimant_value, peer_source, peer_fact_id, peer_doc_id, peer_text, peer_source_url
    from peer_values
    union all
    select
        claim_id, peer_code, peer_name, 'peer_same_claim', null::double, null::varchar, null::boolean,
        null::boolean, null::varchar, null::double, 'report', peer_fact_id, peer_doc_id, peer_text, null::varchar
    from same_claims
)

-- Claim x peer evidence. Peers: the units of the claimant's level group inside the scope, valid at the
-- period end, other than the claimant - county-level units (county, county_level_city, district) of the
-- prefecture for 南通第一, of the province for 全省第一; prefecture cities of the province for a city's claim.
-- For each peer: its latest reported value for the same indicator, measure and period (better / not better
-- than the claimant's), or missing; plus its latest competing first-place claim, if any.
with claims as (
    select * from {{ ref('int_ranking_claims_scoped') }}
),

regions as (
    select * from {{ ref('int_regions_versioned') }}
),

indicators as (
    select indicator_code, higher_is_better from {{ ref('stg_ref_indicators') }}
),

vals as (
    select * from {{ ref('int_indicator_values_vintaged') }}
    where is_latest
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
             and c.scope_code in (r.prefecture_code, r.province_code))
         or (c.region_level = 'prefecture_city' and r.region_level = 'prefecture_city'
             and c.scope_code = r.province_code)
         )
    where c.scope_kind in ('prefecture', 'province')
),

claimant as (
    select
        c.claim_id, c.indicator_key, c.measure, c.period_code, c.claimed_value, c.claimed_unit,
        c.claimed_value_fact_id, c.claimed_measure_variant, c.scope_code, c.is_first_claim,
        coalesce(i.higher_is_better, true) as higher_is_better,
        cv.value_base as claimed_value_base,
        cv.unit_base  as claimed_unit_base
    from claims c
    left join indicators i on i.indicator_code = c.indicator_code
    left join vals cv on cv.fact_id = c.claimed_value_fact_id
),

peer_values as (
    select
        p.claim_id,
        p.peer_code,
        p.peer_name,
        v.fact_id  as peer_fact_id,
        v.doc_id   as peer_doc_id,
        v.text     as peer_text,
        v.value    as peer_value,
        v.unit     as peer_unit,
        cl.claimed_value as claimant_value,
        -- compare in the unit as written when it is the same, else in the base unit
        case
            when v.fact_id is null then null
            when cl.claimed_value is null then null
            when v.unit = cl.claimed_unit then
                case when cl.higher_is_better then v.value > cl.claimed_value else v.value < cl.claimed_value end
            when v.unit_base = cl.claimed_unit_base and v.value_base is not null and cl.claimed_value_base is not null then
                case when cl.higher_is_better then v.value_base > cl.claimed_value_base
                     else v.value_base < cl.claimed_value_base end
        end as peer_is_better
    from peers p
    join claimant cl on cl.claim_id = p.claim_id
    left join vals v
      on v.region_code = p.peer_code
     and v.indicator_key = cl.indicator_key
     and v.measure = cl.measure
     and v.period_code = cl.period_code
     and coalesce(v.measure_variant, '') = coalesce(cl.claimed_measure_variant, '')
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
        claim_id, peer_code, peer_name,
        case
            when peer_fact_id is null then 'peer_missing'
            when peer_is_better then 'peer_better'
            when not peer_is_better then 'peer_not_better'
            else 'peer_incomparable'
        end as evidence_kind,
        peer_value, peer_unit, claimant_value, peer_fact_id, peer_doc_id, peer_text
    from peer_values
    union all
    select
        claim_id, peer_code, peer_name, 'peer_same_claim' as evidence_kind,
        null::double, null::varchar, null::double, peer_fact_id, peer_doc_id, peer_text
    from same_claims
)

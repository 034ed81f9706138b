-- Every fact with what the marts need to match it: the region it is about (the fact's own, else the
-- document's), that region's version valid at the period, the period's dates, the indicator match key, the
-- unit its series is kept in (macro series_unit), its variant, and the document's vintage date. One row per fact.
with facts as (
    select * from {{ ref('stg_facts') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
),

periods as (
    select * from {{ ref('int_periods_parsed') }}
),

regions as (
    select * from {{ ref('int_regions_versioned') }}
),

aliases as (
    select * from {{ ref('int_indicator_aliases') }}
),

based as (
    select
        f.*,
        -- a fact without its own region/period is about the document's
        coalesce(f.period_code, d.period_code)                     as resolved_period_code,
        coalesce(f.region_name, d.region_name)                     as resolved_region_name,
        case
            when f.region_code is not null then f.region_code
            when f.region_name is null or f.region_name = d.region_name then d.region_code
        end                                                        as given_region_code,
        d.region_code                                              as doc_region_code,
        d.period_code                                              as doc_period_code,
        d.doc_type,
        d.published,
        dp.period_end                                              as doc_period_end,
        dp.canonical_period_code                                   as doc_period_canonical
    from facts f
    join documents d on d.doc_id = f.doc_id
    left join periods dp on dp.period_code = d.period_code
),

with_period as (
    -- kind and dates of the canonical spelling (2020M1-6 is an H1)
    select b.*, c.period_kind, c.period_start, c.period_end, c.fy_period_code, p.canonical_period_code
    from based b
    left join periods p on p.period_code = b.resolved_period_code
    left join periods c on c.period_code = p.canonical_period_code
),

-- the region version: by code when known, else by name; the version valid at the period end wins. Decided once
-- per distinct (code, name, period end) - a few hundred - rather than per fact, then joined back.
match_keys as (
    select distinct given_region_code, resolved_region_name, period_end, doc_region_code
    from with_period
),

region_match as (
    select
        k.given_region_code,
        k.resolved_region_name,
        k.period_end,
        k.doc_region_code,
        r.region_code,
        r.region_name,
        r.region_level,
        r.region_tier,
        r.prefecture_code,
        r.province_code
    from match_keys k
    join regions r
      on (k.given_region_code is not null and r.region_code = k.given_region_code)
      or (k.given_region_code is null and r.region_name = k.resolved_region_name)
    -- a name shared by several units (鼓楼区 in six cities) is read as the one in the document's province
    qualify row_number() over (
        partition by k.given_region_code, k.resolved_region_name, k.period_end, k.doc_region_code
        order by {{ valid_on('r', 'coalesce(k.period_end, current_date)') }} desc,
                 (left(r.region_code, 2) = left(coalesce(k.doc_region_code, ''), 2)) desc,
                 r.valid_from desc nulls last, r.region_code
    ) = 1
),

-- the wording normalized once per fact (matching key for the dictionary and for uncoded wordings)
normed as (
    select w.*, {{ normalize_indicator('w.indicator') }} as indicator_norm
    from with_period w
)

select
    w.fact_id,
    w.doc_id,
    w.seq,
    w.fact_type,
    w.indicator,
    -- the extractor's code, else the dictionary's code for the normalized wording
    coalesce(w.indicator_code, al.indicator_code)                  as indicator_code,
    w.indicator_code is null and al.indicator_code is not null     as indicator_code_from_alias,
    w.indicator_norm,
    {{ indicator_key('coalesce(w.indicator_code, al.indicator_code)', 'w.indicator_norm') }} as indicator_key,
    coalesce(rm.region_code, w.given_region_code)                  as region_code,
    coalesce(rm.region_name, w.resolved_region_name)               as region_name,
    rm.region_level,
    rm.region_tier,
    rm.prefecture_code,
    rm.province_code,
    -- the period in its one spelling (2020M1-6 -> 2020H1); a code that does not parse stays as written
    coalesce(w.canonical_period_code, w.resolved_period_code)     as period_code,
    w.period_kind,
    w.period_start,
    w.period_end,
    w.fy_period_code,
    -- the extractor dated the fact itself (a target: always, its horizon)
    w.period_code is not null                                      as period_from_fact,
    -- the extractor set a period of its own (全年…, 一季度…) that differs from the document's
    w.period_code is not null
        and coalesce(w.canonical_period_code, w.resolved_period_code)
            <> coalesce(w.doc_period_canonical, w.doc_period_code, '') as has_own_period,
    {{ measure_variant('w.measure_variant') }}                     as measure_variant,
    w.value,
    w.value_max,
    w.unit,
    w.value_base,
    w.unit_base,
    {{ series_unit('w.unit', 'w.unit_base') }}                     as unit_key,
    w.benchmark,
    w.relation,
    w.gap,
    w.scope,
    w.rank,
    w.claim,
    w.rank_change,
    w.streak,
    w.scope_class,
    w.qualifier,
    w.bound,
    w.indicators_total,
    w.indicators_met,
    w.indicators_missed,
    w.approx,
    w.as_of,
    w.basis,
    -- 预计 left in the wording (地区生产总值预计1700亿元) marks an estimate as much as the extractor's flag does
    coalesce(w.is_estimate, false) or coalesce(w.indicator like '%预计%', false) as is_estimate,
    w.text,
    w.span_start,
    w.span_end,
    w.other_spans,
    w.sentence,
    w.doc_region_code,
    coalesce(w.doc_period_canonical, w.doc_period_code)          as doc_period_code,
    w.doc_type,
    w.published,
    -- a document without a publication date is dated the day after its period ends
    coalesce(w.published, w.doc_period_end + interval 1 day)::date as vintage_date
from normed w
left join region_match rm
  on rm.given_region_code is not distinct from w.given_region_code
 and rm.resolved_region_name is not distinct from w.resolved_region_name
 and rm.period_end is not distinct from w.period_end
 and rm.doc_region_code is not distinct from w.doc_region_code
left join aliases al on al.indicator_norm = w.indicator_norm

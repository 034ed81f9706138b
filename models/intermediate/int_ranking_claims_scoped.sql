-- Ranking claims with what is ranked and among whom:
--   * measure: a wording ending in 增速/增幅/增长 ranks the growth; otherwise the value the claim follows in
--     the same sentence decides (…产值增长12.3%,南通第一 -> growth), else the level;
--   * claimed value: that anchor value, else the claimant's latest value for the indicator/measure/period;
--   * scope: 南通/全市 -> the claimant's prefecture, 全省 -> its province (see macro resolve_scope_code).
with claims as (
    select * from {{ ref('int_facts_resolved') }}
    where fact_type = 'ranking'
),

vals as (
    select * from {{ ref('int_indicator_values_vintaged') }}
),

-- the closest value stated before the claim ends in the same sentence; one naming the same indicator first
anchors as (
    select
        c.fact_id   as claim_id,
        v.fact_id   as anchor_fact_id,
        v.indicator_key as anchor_indicator_key,
        v.measure   as anchor_measure,
        v.value     as anchor_value,
        v.measure_variant as anchor_measure_variant,
        v.unit      as anchor_unit
    from claims c
    join vals v
      on v.doc_id = c.doc_id
     and v.sentence = c.sentence
     and v.span_start < c.span_end
     and v.measure in ('level', 'growth', 'share')
    qualify row_number() over (
        partition by c.fact_id
        order by (v.indicator_key = c.indicator_key) desc, v.span_end desc, v.seq desc
    ) = 1
),

measured as (
    select
        c.*,
        a.anchor_fact_id,
        a.anchor_indicator_key,
        a.anchor_measure,
        a.anchor_value,
        a.anchor_unit,
        a.anchor_measure_variant,
        case
            when {{ names_growth('c.indicator') }} then 'growth'
            when a.anchor_indicator_key = c.indicator_key then a.anchor_measure
            -- a claim without an indicator wording ranks what it follows
            when c.indicator_key is null then a.anchor_measure
            else 'level'
        end as measure
    from claims c
    left join anchors a on a.claim_id = c.fact_id
),

keyed as (
    select
        m.* exclude (indicator_key),
        coalesce(m.indicator_key, m.anchor_indicator_key) as indicator_key,
        -- the claim ranks the value it follows in the sentence (same indicator and measure)
        coalesce(m.anchor_indicator_key = coalesce(m.indicator_key, m.anchor_indicator_key)
                 and m.anchor_measure = m.measure, false) as ranks_anchor,
        coalesce({{ resolve_scope_code('m.scope', 'm.prefecture_code', 'm.province_code') }}, sl.region_code) as scope_code,
        coalesce(
            {{ scope_kind('m.scope') }},
            case sl.region_level when 'prefecture_city' then 'prefecture' when 'province' then 'province' end,
            'other'
        ) as scope_kind
    from measured m
    {{ scope_lookup_join('sl', 'm.scope') }}
),

own_latest as (
    select region_code, period_code, indicator_key, measure, fact_id, value, unit, value_base, unit_base
    from vals
    where is_latest and measure_variant is null
)

select
    k.fact_id          as claim_id,
    k.doc_id,
    k.region_code,
    k.region_name,
    k.region_level,
    k.prefecture_code,
    k.province_code,
    k.period_code,
    k.period_end,
    k.indicator_key,
    k.indicator_code,
    k.indicator,
    k.measure,
    k.scope,
    k.scope_code,
    k.scope_kind,
    k.rank,
    k.claim,
    -- first place or uniqueness: a second unit claiming it contradicts the claim
    (k.rank = 1 or coalesce(regexp_full_match(k.claim, '第一|唯一|首家|首个|首位|最高|最快|最多'), false)) as is_first_claim,
    case
        when k.ranks_anchor then k.anchor_value
        else o.value
    end as claimed_value,
    case
        when k.ranks_anchor then k.anchor_unit
        else o.unit
    end as claimed_unit,
    case
        when k.ranks_anchor then k.anchor_fact_id
        else o.fact_id
    end as claimed_value_fact_id,
    -- peers are compared on the same variant (两年平均 against 两年平均)
    case
        when k.ranks_anchor then k.anchor_measure_variant
    end as claimed_measure_variant,
    k.published,
    k.text,
    k.sentence,
    k.span_start,
    k.span_end
from keyed k
left join own_latest o
  on o.region_code = k.region_code
 and o.period_code = k.period_code
 and o.indicator_key = k.indicator_key
 and o.measure = k.measure

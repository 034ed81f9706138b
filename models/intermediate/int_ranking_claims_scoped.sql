-- Ranking claims, one per claim, with what is ranked, among whom, and the claimant's own value:
--   * one claim per claim: a document that states a claim again (headline, 原标题, body) gives one row, its first
--     statement, the others' spans in other_spans (with those the extractor merged) and n_mentions counting all;
--   * measure: a wording ending in 增速/增幅/增长 ranks the growth; otherwise the value the claim follows in the
--     same sentence decides (…产值增长12.3%,南通第一 -> growth), else the level;
--   * claimed value: the claimant's figure the extractor read into the claim, else that anchor value (with its
--     unit kind and variant), else the claimant's latest plain value for the indicator/measure/period, else the
--     official reference figure;
--   * scope: the unit the claim is among - a generic word (全省, 全国) relative to the claimant, a name (南通,
--     江苏省; what the extractor writes) looked up in the national dictionary, the claimant's own prefecture or
--     province first (names are shared: 通州区, 鼓楼区). scope_kind says how it relates to the claimant:
--     prefecture / province (one of its own, so peers exist), self (units inside the claimant), country,
--     history, or other (a unit that does not contain the claimant: no peer set);
--   * claim_kind: position (a numeric rank), first (唯一, 首家, 首个: a uniqueness or first-to claim), rank_change
--     (前进4位: a move, never a position), milestone (成为全区第四个: the order of arrival at a threshold, not a
--     rank of values), wording (前列, 第一方阵, 领先, 百强).
with claims as (
    select
        * exclude (rank),
        -- a rank of 0 or less is no position (the extractor's count of a scope it could not place)
        case when rank > 0 then rank end as rank
    from {{ ref('int_facts_resolved') }}
    where fact_type = 'ranking'
),

value_facts as (
    select * from {{ ref('int_facts_resolved') }}
    where fact_type in ('level', 'growth', 'share')
),

vals as (
    select * from {{ ref('int_indicator_values_vintaged') }}
),

reference as (
    select * from {{ ref('int_reference_values') }}
),

indicators as (
    select indicator_code, unit_base from {{ ref('stg_ref_indicators') }}
),

-- the closest value stated before the claim ends in the same sentence; one naming the same indicator first (a
-- claim worded as the collective of the value's indicator - 省四星级上云企业总数 after 省四星级上云企业28家 - names it too)
anchors as (
    select
        c.fact_id   as claim_id,
        v.fact_id   as anchor_fact_id,
        v.indicator_key as anchor_indicator_key,
        v.fact_type as anchor_measure,
        v.measure_variant as anchor_measure_variant,
        v.value     as anchor_value,
        v.unit      as anchor_unit,
        v.unit_key  as anchor_unit_key,
        v.value_base as anchor_value_base,
        v.is_estimate as anchor_is_estimate,
        v.approx    as anchor_approx,
        v.bound     as anchor_bound,
        v.indicator_key = c.indicator_key
            or (v.indicator_norm is not null
                and c.indicator_norm in (v.indicator_norm || '总数', v.indicator_norm || '总量',
                                         v.indicator_norm || '数量', v.indicator_norm || '总额'))
            as anchor_names_claim
    from claims c
    join value_facts v
      on v.doc_id = c.doc_id
     and v.sentence = c.sentence
     and v.span_start < c.span_end
    qualify row_number() over (
        partition by c.fact_id
        order by anchor_names_claim desc, v.span_end desc, v.seq desc
    ) = 1
),

measured as (
    select
        c.*,
        a.* exclude (claim_id),
        case
            when {{ names_growth('c.indicator') }} then 'growth'
            when a.anchor_names_claim then a.anchor_measure
            -- a claim without an indicator wording ranks what it follows
            when c.indicator_key is null and a.anchor_measure is not null then a.anchor_measure
            -- the claimant's figure the extractor read into the claim: a % is a rate, not a level
            when c.unit = '%' and regexp_matches(coalesce(c.indicator, ''), '占比|比重|率') then 'share'
            when c.unit = '%' then 'growth'
            else 'level'
        end as measure
    from claims c
    left join anchors a on a.claim_id = c.fact_id
),

keyed as (
    select
        m.* exclude (indicator_key, indicator_code),
        case when m.anchor_names_claim then m.anchor_indicator_key
             else coalesce(m.indicator_key, m.anchor_indicator_key) end as indicator_key,
        -- the claim ranks the value it follows in the sentence (same indicator, or none named, and same measure)
        coalesce((m.anchor_names_claim or m.indicator_key is null) and m.anchor_measure = m.measure, false)
            as ranks_anchor,
        case
            when m.rank_change is not null
                 or regexp_matches(coalesce(m.claim, ''), '(前进|进位|上升|提升|后退|下降|前移|后移)[0-9一二三四五六七八九十两]*位')
                then 'rank_change'
            when regexp_full_match(coalesce(m.claim, ''), '.*第[0-9二三四五六七八九十两]+个')
                then 'milestone'
            when m.rank is not null then 'position'
            when regexp_full_match(coalesce(m.claim, ''), '.*(唯一|首家|首个|首位|榜首|最高|最快|最多)') then 'first'
            else 'wording'
        end as claim_kind
    from measured m
),

-- the scope word or name -> a unit: generic words relative to the claimant, names in the dictionary (the
-- claimant's own prefecture or province first; among the rest the unit valid at the period)
scope_candidates as (
    select
        k.fact_id,
        r.region_code as scope_code_found
    from keyed k
    join {{ ref('int_regions_versioned') }} r
      on k.scope is not null
     and (r.region_name = k.scope or r.short_name = k.scope)
    qualify row_number() over (
        partition by k.fact_id
        order by (r.region_code in (k.region_code, coalesce(k.prefecture_code, ''), coalesce(k.province_code, ''))) desc,
                 {{ valid_on('r', 'coalesce(k.period_end, current_date)') }} desc,
                 case r.region_tier when 'province' then 1 when 'prefecture' then 2 else 3 end,
                 r.region_code
    ) = 1
),

scoped as (
    select
        k.*,
        coalesce({{ resolve_scope_code('k.scope', 'k.prefecture_code', 'k.province_code') }}, sc.scope_code_found)
            as scope_code
    from keyed k
    left join scope_candidates sc on sc.fact_id = k.fact_id
),

kinded as (
    select
        *,
        case
            when {{ scope_kind('scope') }} in ('country', 'history') then {{ scope_kind('scope') }}
            when scope_code = '000000' then 'country'
            when scope_code is null then 'other'
            when scope_code = region_code then 'self'
            when scope_code = prefecture_code then 'prefecture'
            when scope_code = province_code then 'province'
            else 'other'
        end as scope_kind
    from scoped
),

-- one claim per claim: the first statement of each (document, claimant, period, ranked indicator and measure,
-- scope, rank or move) carries the others' spans, and the value whichever statement follows (the headline
-- 位居全省第四 has none, the body's 工业投资增长4.1%,位居全省第四 has)
grouped as (
    select
        *,
        md5(concat_ws('|', doc_id, coalesce(region_code, '-'), coalesce(period_code, '-'),
                      coalesce(indicator_key, 'text:' || text), coalesce(measure, '-'), coalesce(scope_code, '-'),
                      scope_kind, coalesce(cast(rank as varchar), '-'), coalesce(cast(rank_change as varchar), '-'),
                      claim_kind)) as claim_group,
        row_number() over w as mention_no,
        list([span_start, span_end]) over (w rows between unbounded preceding and unbounded following) as group_spans,
        list(other_spans) over (w rows between unbounded preceding and unbounded following) as group_other_spans
    from kinded
    window w as (
        partition by doc_id, region_code, period_code, coalesce(indicator_key, 'text:' || text), measure,
                     scope_code, scope_kind, rank, rank_change, claim_kind
        order by seq
    )
),

group_anchor as (
    select
        claim_group, ranks_anchor, anchor_fact_id, anchor_value, anchor_unit, anchor_unit_key, anchor_value_base,
        anchor_measure_variant, anchor_is_estimate, anchor_approx, anchor_bound
    from grouped
    qualify row_number() over (partition by claim_group order by ranks_anchor desc, seq) = 1
),

merged as (
    select
        g.* exclude (group_spans, group_other_spans, ranks_anchor, anchor_fact_id, anchor_value, anchor_unit,
                     anchor_unit_key, anchor_value_base, anchor_measure_variant, anchor_is_estimate, anchor_approx,
                     anchor_bound),
        a.* exclude (claim_group),
        list_distinct(list_filter(
            list_concat(g.group_spans, flatten(list_transform(g.group_other_spans, lambda x: {{ spans_list('x') }}))),
            lambda s: s <> [g.span_start, g.span_end]
        )) as all_other_spans
    from grouped g
    join group_anchor a on a.claim_group = g.claim_group
    where g.mention_no = 1
),

-- the claimant's latest plain value for the ranked indicator and measure (its unit kind the dictionary's when
-- several are reported)
own_latest as (
    select
        v.region_code, v.period_code, v.indicator_key, v.measure, v.fact_id, v.value, v.unit, v.unit_key,
        v.value_base, v.is_estimate, v.approx, v.bound
    from vals v
    left join indicators i on i.indicator_code = v.indicator_code
    where v.is_latest and v.measure_variant is null
    qualify row_number() over (
        partition by v.region_code, v.period_code, v.indicator_key, v.measure
        order by (v.unit_key = coalesce(case when v.measure = 'level' then i.unit_base else '%' end, '')) desc,
                 v.vintage_date desc nulls last, v.fact_id
    ) = 1
),

own_reference as (
    select region_code, period_code, indicator_key, measure, reference_id, value, unit, unit_key, value_base,
           is_estimate, approx, bound, source_url
    from reference
    where unit_key not like 'ref:%'
    qualify row_number() over (
        partition by region_code, period_code, indicator_key, measure
        order by is_estimate asc, source_url
    ) = 1
),

-- the claimant's figure: the one the extractor read into the claim (its sentence's figure for the claimant),
-- else the value the claim follows, else the claimant's latest plain value, else the official figure
valued as (
    select
        k.*,
        k.value is not null as has_own_value,
        -- the claim's own figure is the anchor's: the anchor gives its provenance (and the base value a claim
        -- extracted before claims carried their own lacks)
        coalesce(k.value is not null and k.ranks_anchor and k.anchor_value = k.value
                 and k.anchor_unit is not distinct from k.unit, false) as own_is_anchor
    from merged k
)

select
    k.fact_id          as claim_id,
    k.doc_id,
    k.region_code,
    k.region_name,
    k.region_level,
    k.region_tier,
    k.prefecture_code,
    k.province_code,
    k.period_code,
    k.period_end,
    k.indicator_key,
    case when k.indicator_key not like 'zh:%' then k.indicator_key end as indicator_code,
    k.indicator,
    k.measure,
    k.scope,
    k.scope_code,
    k.scope_kind,
    k.scope_class,
    k.rank,
    k.rank_change,
    k.streak,
    k.claim,
    k.claim_kind,
    -- first place or uniqueness: a second unit claiming it contradicts the claim
    k.claim_kind in ('position', 'first')
        and (k.rank = 1 or k.claim_kind = 'first') as is_first_claim,
    case
        when k.has_own_value or k.ranks_anchor or o.fact_id is not null then 'report'
        when orf.reference_id is not null then 'reference'
    end as claimed_value_source,
    case
        when k.has_own_value then k.value
        when k.ranks_anchor then k.anchor_value
        when o.fact_id is not null then o.value
        else orf.value
    end as claimed_value,
    case
        when k.has_own_value then k.unit
        when k.ranks_anchor then k.anchor_unit
        when o.fact_id is not null then o.unit
        else orf.unit
    end as claimed_unit,
    case
        when k.has_own_value then k.unit_key
        when k.ranks_anchor then k.anchor_unit_key
        when o.fact_id is not null then o.unit_key
        else orf.unit_key
    end as claimed_unit_key,
    case
        when k.has_own_value then coalesce(k.value_base, case when k.own_is_anchor then k.anchor_value_base end)
        when k.ranks_anchor then k.anchor_value_base
        when o.fact_id is not null then o.value_base
        else orf.value_base
    end as claimed_value_base,
    case
        when k.own_is_anchor then k.anchor_fact_id
        when k.has_own_value then k.fact_id
        when k.ranks_anchor then k.anchor_fact_id
        when o.fact_id is not null then o.fact_id
    end as claimed_value_fact_id,
    -- peers are compared on the same variant (两年平均 against 两年平均, nominal against nominal)
    case
        when k.has_own_value then coalesce(k.measure_variant, case when k.own_is_anchor then k.anchor_measure_variant end)
        when k.ranks_anchor then k.anchor_measure_variant
    end as claimed_measure_variant,
    case
        when k.has_own_value then k.is_estimate or coalesce(k.own_is_anchor and k.anchor_is_estimate, false)
        when k.ranks_anchor then k.anchor_is_estimate
        when o.fact_id is not null then o.is_estimate
        else orf.is_estimate
    end as claimed_is_estimate,
    -- 左右 / 约 and 以上 / 以内 on the claimant's figure: a comparison within its margin is undecided
    case
        when k.has_own_value then coalesce(k.approx, false) or coalesce(k.own_is_anchor and k.anchor_approx, false)
        when k.ranks_anchor then coalesce(k.anchor_approx, false)
        when o.fact_id is not null then coalesce(o.approx, false)
        else coalesce(orf.approx, false)
    end as claimed_approx,
    case
        when k.has_own_value then coalesce(k.bound, case when k.own_is_anchor then k.anchor_bound end)
        when k.ranks_anchor then k.anchor_bound
        when o.fact_id is not null then o.bound
        else orf.bound
    end as claimed_bound,
    k.published,
    k.text,
    k.sentence,
    k.span_start,
    k.span_end,
    1 + len(k.all_other_spans) as n_mentions,
    {{ spans_json('k.all_other_spans') }} as other_spans
from valued k
left join own_latest o
  on not k.ranks_anchor and not k.has_own_value
 and o.region_code = k.region_code and o.period_code = k.period_code
 and o.indicator_key = k.indicator_key and o.measure = k.measure
left join own_reference orf
  on not k.ranks_anchor and not k.has_own_value and o.fact_id is null
 and orf.region_code = k.region_code and orf.period_code = k.period_code
 and orf.indicator_key = k.indicator_key and orf.measure = k.measure

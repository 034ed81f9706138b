-- Each target with the period it is for (the horizon), the measure it sets, the actual and the status.
-- Horizon: the extractor decides it and writes it as the target's period (a work report's 今年 targets are for the
-- year after the one it reviews, a quoted aim - 年计划, 预期目标为… - for the year it was set for, an H1 plan's
-- 确保全年… for that year); the marts never shift it again (shifting a full-year report's targets one year on
-- moved 东安's "预期目标为8.5%以上" and 竹山's 2024 targets a year too far). horizon_rule says where it came from:
--   extractor         the target fact's own period, as the extractor wrote it;
--   document_period   the extractor left it empty (an older seed): the document's period, unshifted.
-- Measure: a % target on an indicator that is not itself a percentage is a growth target.
--
-- Then each target with the actual for the same region, indicator (by meaning: the indicator key is the
-- dictionary code of the wording or any of its aliases, else the wording with its framing stripped - never a
-- fuzzy match that could mix quantities), measure, variant and horizon period, in a comparable unit (the same
-- unit kind, macro series_unit: 亿 and 亿元 are one, 家 and 个 are not): the latest vintage reported, else the
-- official reference figure. The target's own document counts only when it reports on the horizon itself (an
-- execution report quoting the year's aim next to the outcome: 增长5.9%(预期目标为8.5%以上), 635亿元,完成年计划
-- 710亿元的89.4%), never with the target's own span; an H1 plan's 预计全年… is a forecast, not the outcome. Status:
--   met               the actual reaches the target (>= ; <= for a max bound or a lower-is-better indicator)
--   missed            it does not
--   pending           no comparable actual has been reported yet
--   not_an_indicator  the target's label is not an indicator (省级, 入选, a fragment ending in its own figure:
--                     总数突破450家): it is not matched, and the reason says so
-- Values are compared in the unit as written when it is the same, else in the base unit. A net-increase target
-- (新增/净增…) is only matched by a net-increase figure, never by the stock it adds to (净增亿元企业20家 is not
-- met by 亿元企业达330家), even when the dictionary maps both wordings to one code.
-- (One model, not a horizon model and a matching one: each dbt node and unit test has a fixed cost that
-- was most of `dbt build`'s time, and nothing else reads the horizons alone.)
with target_facts as (
    select * from {{ ref('int_facts_resolved') }}
    where fact_type = 'target'
),

indicators as (
    select indicator_code, unit_kind, higher_is_better from {{ ref('stg_ref_indicators') }}
),

-- each target with its horizon and measure
targets as (
    select
        t.fact_id as target_id,
        t.doc_id,
        t.region_code,
        t.region_name,
        t.doc_period_code,
        -- the fact's period is the extractor's horizon (else the document's: int_facts_resolved falls back to it)
        t.period_code as horizon_period_code,
        case when t.period_from_fact then 'extractor' else 'document_period' end as horizon_rule,
        t.indicator_key,
        t.indicator_code,
        t.indicator,
        t.indicator_norm,
        t.measure_variant,
        t.unit_key,
        -- a label, not an indicator: nothing in the dictionary, and too short to name a quantity (省级, 入选) or a
        -- fragment carrying the figure itself (总数突破450家); a size class inside a name (5亿元以上企业) is fine
        t.indicator_code is null
            and (t.indicator_norm is null or length(t.indicator_norm) <= 2
                 or regexp_matches(t.indicator_norm, '(突破|达到|超过|达)[0-9]|[0-9][^0-9]{0,2}$'))
            as label_not_indicator,
        case
            when t.unit = '%' and coalesce(i.unit_kind, '') in ('percent', 'share', 'rate', 'ratio') then 'share'
            when t.unit = '%' then 'growth'
            else 'level'
        end as measure,
        t.qualifier,
        t.bound,
        coalesce(i.higher_is_better, true) as higher_is_better,
        t.value      as target_value,
        t.unit       as target_unit,
        t.value_base as target_value_base,
        t.unit_base,
        t.text,
        t.sentence,
        t.span_start,
        t.span_end
    from target_facts t
    left join indicators i on i.indicator_code = t.indicator_code
),

-- the figures an actual can come from: reported values (every vintage) and the official reference
vals as (
    select
        fact_id, cast(null as varchar) as reference_id, doc_id, region_code, indicator_key, indicator, measure,
        measure_variant, period_code, value, unit, value_base, unit_base, unit_key, is_estimate, text,
        'report' as source, vintage_rank, cast(null as varchar) as source_url, span_start, span_end
    from {{ ref('int_indicator_values_vintaged') }}
    union all
    select
        null, reference_id, null, region_code, indicator_key, null, measure, measure_variant, period_code, value,
        unit, value_base, unit_base, unit_key, is_estimate, quote, 'reference', null, source_url, null, null
    from {{ ref('int_reference_values') }}
),

candidates as (
    select
        t.target_id,
        v.source     as actual_source,
        v.fact_id    as actual_fact_id,
        v.reference_id as actual_reference_id,
        v.source_url as actual_source_url,
        v.doc_id     as actual_doc_id,
        v.value      as actual_value,
        v.unit       as actual_unit,
        v.value_base as actual_value_base,
        v.unit_base  as actual_unit_base,
        v.is_estimate as actual_is_estimate,
        v.text       as actual_text,
        case
            when v.unit_key is distinct from t.unit_key then null
            when regexp_replace(v.unit, '元$', '') = regexp_replace(t.target_unit, '元$', '')
                then 'as_written'
            when v.value_base is not null and t.target_value_base is not null
                then 'base'
        end as compare_in
    from targets t
    join vals v
      on v.region_code = t.region_code
     and v.indicator_key = t.indicator_key
     and v.measure = t.measure
     and v.period_code = t.horizon_period_code
     -- the target's own document only when it reports on the horizon, and never the target's own words
     and (v.doc_id is distinct from t.doc_id
          or (t.doc_period_code = t.horizon_period_code
              and (v.span_end <= t.span_start or v.span_start >= t.span_end)))
     -- the same variant: a target on the plain figure is not met by a 两年平均 or nominal one
     and coalesce(v.measure_variant, '') = coalesce(t.measure_variant, '')
     -- a reference figure names its indicator by code only: the net-increase rule needs a wording
     and (v.source = 'reference' or {{ is_increment('t.indicator') }} = {{ is_increment('v.indicator') }})
    where not t.label_not_indicator
    qualify row_number() over (
        partition by t.target_id
        order by (compare_in is not null) desc, (v.source = 'report') desc, v.vintage_rank, v.is_estimate
    ) = 1
),

compared as (
    select
        t.*,
        c.actual_source,
        c.actual_fact_id,
        c.actual_reference_id,
        c.actual_source_url,
        c.actual_doc_id,
        c.actual_value,
        c.actual_unit,
        c.actual_value_base,
        c.actual_is_estimate,
        c.actual_text,
        c.compare_in,
        case c.compare_in when 'as_written' then c.actual_value when 'base' then c.actual_value_base end as actual_cmp,
        case c.compare_in when 'as_written' then t.target_value when 'base' then t.target_value_base end as target_cmp
    from targets t
    left join candidates c on c.target_id = t.target_id
)

select
    * exclude (actual_cmp, target_cmp, compare_in, label_not_indicator, indicator_norm, unit_key),
    round(actual_cmp / nullif(target_cmp, 0) * 100, 2) as attainment_pct,
    case compare_in
        when 'as_written' then actual_value - target_value
        when 'base' then (actual_value_base - target_value_base) * target_value / nullif(target_value_base, 0)
    end as gap_to_target,
    case
        when label_not_indicator then 'not_an_indicator'
        when actual_cmp is null or target_cmp is null then 'pending'
        when bound = 'max' or not higher_is_better then case when actual_cmp <= target_cmp then 'met' else 'missed' end
        else case when actual_cmp >= target_cmp then 'met' else 'missed' end
    end as status,
    case
        when label_not_indicator then 'the label ' || coalesce('''' || indicator || '''', '(none)')
                                      || ' is not an indicator: not matched'
        when actual_source is null then 'no actual reported for ' || horizon_period_code || ' yet'
        when compare_in is null then 'actual ' || actual_value || coalesce(actual_unit, '') || ' not comparable with '
                                   || coalesce(target_unit, '?')
        else 'actual ' || actual_value || coalesce(actual_unit, '')
             || case when actual_cmp < target_cmp then ' < ' when actual_cmp > target_cmp then ' > ' else ' = ' end
             || 'target ' || target_value || coalesce(target_unit, '')
             || case when actual_is_estimate then ' (actual is an estimate)' else '' end
             || case when actual_source = 'reference' then ' (official reference figure)' else '' end
    end as status_reason
from compared

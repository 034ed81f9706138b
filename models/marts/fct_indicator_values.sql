-- Reported values, one row per statement, every vintage of each series (region x period x indicator x measure x
-- variant x unit kind), the latest flagged. Plausibility is the gate's verdict (ingest/checks.py owns the range
-- rule; its warnings are in data_quality), not a second copy of the rule here.
with vals as (
    select * from {{ ref('int_indicator_values_vintaged') }}
),

indicators as (
    select * from {{ ref('stg_ref_indicators') }}
),

warnings as (
    select
        fact_id,
        count(*) as n_quality_warnings,
        string_agg(message, '; ' order by message) filter (where check_name = 'facts.plausible_range')
            as plausibility_note
    from {{ ref('stg_data_quality') }}
    where fact_id is not null
    group by fact_id
)

select
    v.fact_id,
    v.series_id,
    v.region_code,
    v.region_name,
    v.region_level,
    v.period_code,
    v.period_kind,
    v.period_end,
    v.indicator_key,
    v.indicator_code,
    v.indicator,
    coalesce(i.name_zh, v.indicator_norm) as indicator_name_zh,
    v.measure,
    v.measure_variant,
    v.value,
    v.value_max,
    v.unit,
    v.value_base,
    v.unit_base,
    v.unit_key,
    v.approx,
    v.bound,
    v.as_of,
    v.basis,
    v.is_estimate,
    v.doc_id,
    v.doc_type,
    v.doc_period_code,
    v.vintage_date,
    v.vintage_rank,
    v.n_vintages,
    v.is_latest,
    -- the gate's verdict: implausible when it warned that the value is outside the dictionary's plausible range
    -- for the region's level; unknown when the dictionary gives no range to check a level against
    case
        when w.plausibility_note is not null then 'implausible'
        when v.measure <> 'level' or v.value_base is null
             or coalesce(i.plausible_min_county, i.plausible_max_county, i.plausible_min_city, i.plausible_max_city,
                         i.plausible_min_province, i.plausible_max_province) is null
            then 'unknown'
        else 'ok'
    end as plausibility,
    w.plausibility_note,
    coalesce(w.n_quality_warnings, 0) as n_quality_warnings,
    v.text,
    v.sentence,
    v.span_start,
    v.span_end,
    v.n_mentions,
    v.other_spans
from vals v
left join indicators i on i.indicator_code = v.indicator_code
left join warnings w on w.fact_id = v.fact_id

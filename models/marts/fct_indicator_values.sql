-- Reported values, every vintage, with the latest flagged and the plausibility of level values against
-- the dictionary's range for the region's level (catches 凤山港 9072万标箱 when the range is set).
with vals as (
    select * from {{ ref('int_indicator_values_vintaged') }}
),

indicators as (
    select * from {{ ref('stg_ref_indicators') }}
),

warnings as (
    select fact_id, count(*) as n_quality_warnings
    from {{ ref('stg_data_quality') }}
    where fact_id is not null
    group by fact_id
),

ranged as (
    select
        v.*,
        i.name_zh as dictionary_name_zh,
        case
            when v.region_level in ('county', 'county_level_city', 'district') then i.plausible_min_county
            when v.region_level = 'prefecture_city' then i.plausible_min_city
            when v.region_level = 'province' then i.plausible_min_province
        end as plausible_min,
        case
            when v.region_level in ('county', 'county_level_city', 'district') then i.plausible_max_county
            when v.region_level = 'prefecture_city' then i.plausible_max_city
            when v.region_level = 'province' then i.plausible_max_province
        end as plausible_max
    from vals v
    left join indicators i on i.indicator_code = v.indicator_code
)

select
    r.fact_id,
    r.region_code,
    r.region_name,
    r.region_level,
    r.period_code,
    r.period_kind,
    r.period_end,
    r.indicator_key,
    r.indicator_code,
    r.indicator,
    coalesce(r.dictionary_name_zh, r.indicator_norm) as indicator_name_zh,
    r.measure,
    r.measure_variant,
    r.value,
    r.unit,
    r.value_base,
    r.unit_base,
    r.approx,
    r.bound,
    r.as_of,
    r.basis,
    r.is_estimate,
    r.doc_id,
    r.doc_type,
    r.doc_period_code,
    r.vintage_date,
    r.vintage_rank,
    r.n_vintages,
    r.is_latest,
    case
        when r.measure <> 'level' or r.value_base is null or (r.plausible_min is null and r.plausible_max is null)
            then 'unknown'
        -- the range is annual: a part-year figure may legitimately fall below the minimum, never above the maximum
        when r.period_kind = 'FY' and r.value_base < r.plausible_min then 'below_min'
        when r.value_base > r.plausible_max then 'above_max'
        else 'ok'
    end as plausibility,
    coalesce(w.n_quality_warnings, 0) as n_quality_warnings,
    r.text,
    r.sentence,
    r.span_start,
    r.span_end
from ranged r
left join warnings w on w.fact_id = r.fact_id

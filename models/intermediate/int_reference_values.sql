-- The official reference figures (seeds/ref_benchmarks.csv) as values the marts can compare with reported ones:
-- the dictionary code is the indicator key, official growth is the plain (real) figure, and the value is put
-- in its base unit when the stated unit is one of the reference's own spellings (亿元, 万元, 万亿元, 元/yuan,
-- billion/trillion yuan, 亿美元). A unit stated with a caveat ("billion yuan (sic; likely 亿元)") is kept as
-- written and left out of comparisons (no base value), as is any other unit. 预计 in vintage marks an estimate.
with reference as (
    select * from {{ ref('stg_ref_benchmarks') }}
),

scaled as (
    select
        *,
        case unit
            when '元' then 1 when 'yuan' then 1 when '万元' then 1e4 when '亿元' then 1e8 when '万亿元' then 1e12
            when 'billion yuan' then 1e9 when 'trillion yuan' then 1e12 when '亿美元' then 1e8
        end as factor,
        case
            when unit in ('元', 'yuan', '万元', '亿元', '万亿元', 'billion yuan', 'trillion yuan') then '元'
            when unit = '亿美元' then '美元'
        end as base
    from reference
)

select
    md5(concat_ws('|', region_code, period_code, indicator_code, measure, source_url)) as reference_id,
    region_code,
    region_name,
    period_code,
    indicator_code,
    indicator_code as indicator_key,
    measure,
    cast(null as varchar) as measure_variant,
    value,
    unit,
    case when measure = 'level' and factor is not null then value * factor end as value_base,
    case when measure = 'level' then base end as unit_base,
    case
        when measure = 'growth' and unit = '%' then '%'
        when measure = 'level' and base is not null then base
        -- not comparable with anything: a unit of its own
        else 'ref:' || coalesce(unit, '')
    end as unit_key,
    coalesce(vintage like '%预计%', false) as is_estimate,
    vintage,
    source_url,
    quote,
    notes
from scaled

-- The official reference figures (seeds/ref_benchmarks.csv) as values the marts can compare with reported ones:
-- the dictionary code is the indicator key, official growth is the plain (real) figure, and the value is put
-- in its base unit when the stated unit is one of the reference's own spellings (亿元, 万元, 万亿元, 元/yuan,
-- billion/trillion yuan, 亿美元). A unit stated with a caveat ("billion yuan (sic; likely 亿元)") is kept as
-- written and left out of comparisons (no base value), as is any other unit. 预计 in the vintage or in the quote
-- (——实现地区生产总值1635亿元,同比增长3.1%(预计,下同)) marks an estimate; the quote's 左右 / 约 / 近 / 余 (or a note
-- saying approximate) an approximate figure, its 以上 / 突破 / 超过 a lower bound and 以内 / 以下 / 不到 / 不足 an upper
-- one - read off the whole quote, so a quote stating several figures may mark one too many: that only ever makes a
-- comparison undecided (int_ranking_evidence), never decided.
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
    coalesce(vintage like '%预计%', false)
        or coalesce(regexp_matches(quote, '预计|預計'), false) as is_estimate,
    coalesce(regexp_matches(quote, '左右|约|約|近|余|餘'), false)
        or coalesce(regexp_matches(notes, '(?i)approximate|左右'), false) as approx,
    case
        when regexp_matches(coalesce(quote, ''), '以上|突破|超过|超過') then 'min'
        when regexp_matches(coalesce(quote, ''), '以内|以內|以下|不到|不足') then 'max'
    end as bound,
    vintage,
    source_url,
    quote,
    notes
from scaled

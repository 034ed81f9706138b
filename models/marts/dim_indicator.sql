-- The dictionary's codes plus every uncoded normalized wording seen in facts, so each fact's indicator_key
-- resolves here (in_dictionary tells which is which).
with dictionary as (
    select * from {{ ref('stg_ref_indicators') }}
),

facts as (
    select indicator_key, indicator_code, indicator_norm from {{ ref('int_facts_resolved') }}
    where indicator_key is not null
),

usage as (
    select indicator_key, count(*) as n_facts, min(indicator_norm) as indicator_norm
    from facts
    group by indicator_key
)

select
    d.indicator_code as indicator_key,
    d.indicator_code,
    d.name_zh,
    d.name_en,
    d.aliases,
    d.unit_kind,
    d.unit_base,
    d.higher_is_better,
    d.flow,
    d.parent_code,
    d.plausible_min_county,
    d.plausible_max_county,
    d.plausible_min_city,
    d.plausible_max_city,
    d.plausible_min_province,
    d.plausible_max_province,
    true as in_dictionary,
    coalesce(u.n_facts, 0) as n_facts
from dictionary d
left join usage u on u.indicator_key = d.indicator_code

union all

select
    u.indicator_key,
    null, u.indicator_norm, null, null, null, null, null, null, null,
    null, null, null, null, null, null,
    false,
    u.n_facts
from usage u
where not exists (select 1 from dictionary d where d.indicator_code = u.indicator_key)

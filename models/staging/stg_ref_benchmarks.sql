-- Rename only: the official figures as seeds/ref_benchmarks.csv states them (value and unit as written).
select
    region                                  as region_name,
    region_code,
    period                                  as period_code,
    indicator                               as indicator_code,
    measure,
    value,
    unit,
    source_url,
    quote,
    vintage,
    source_type,
    notes,
    region_key                              as current_region_name
from {{ ref('ref_benchmarks') }}

select
    region                                  as region_name,
    region_code,
    period                                  as period_code,
    indicator                               as indicator_code,
    measure,
    value,
    unit,
    source_url,
    quote
from {{ ref('ref_benchmarks') }}

select
    period_code,
    period_kind,
    period_year,
    period_start,
    period_end,
    n_months,
    fy_period_code,
    sort_key,
    canonical_period_code
from {{ ref('int_periods_parsed') }}

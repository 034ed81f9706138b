{#
  No fact outside its region's validity dates: every row's region code must have a version in dim_region
  whose validity [valid_from, valid_to) overlaps the row's period. Rows without a region or a known period
  are left to not_null / relationships tests.
#}
{% test valid_during_period(model, column_name, period_column='period_code') %}
with rows_ as (
    select {{ column_name }} as region_code, {{ period_column }} as period_code
    from {{ model }}
    where {{ column_name }} is not null and {{ column_name }} <> '000000'
)
select r.region_code, r.period_code, p.period_start, p.period_end
from rows_ r
join {{ ref('dim_period') }} p on p.period_code = r.period_code
where not exists (
    select 1 from {{ ref('dim_region') }} d
    where d.region_code = r.region_code
      and coalesce(d.valid_from, date '0001-01-01') <= p.period_end
      and (d.valid_to is null or d.valid_to > p.period_start)
)
{% endtest %}

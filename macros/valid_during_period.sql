{#
  No fact outside its region's validity dates: rows of `model` whose region code has no dim_region version
  whose validity [valid_from, valid_to) overlaps the row's period, one row per offending region x period with
  a `detail` naming both. Rows without a region or a known period are left to the not-null and relationships
  checks; '000000' (全国) is not a dim_region unit. Used by the generic test `checks` (tests/dbt/generic).
#}
{% macro valid_during_period_violations(model, column_name, period_column) %}
with rows_ as (
    select {{ column_name }} as region_code, {{ period_column }} as period_code, count(*) as n_rows
    from {{ model }}
    where {{ column_name }} is not null and {{ column_name }} <> '000000'
    group by all
)
select r.region_code || ' in ' || r.period_code || ' (' || p.period_start || ' .. ' || p.period_end || ', '
       || r.n_rows || ' rows)' as detail
from rows_ r
join {{ ref('dim_period') }} p on p.period_code = r.period_code
where not exists (
    select 1 from {{ ref('dim_region') }} d
    where d.region_code = r.region_code
      and coalesce(d.valid_from, date '0001-01-01') <= p.period_end
      and (d.valid_to is null or d.valid_to > p.period_start)
)
{% endmacro %}

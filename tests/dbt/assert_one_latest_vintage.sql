-- Exactly one latest vintage per region x period x indicator x measure (x variant) series, and it is vintage 1.
select region_code, period_code, indicator_key, measure, measure_variant, count(*) filter (where is_latest) as n_latest
from {{ ref('fct_indicator_values') }}
where region_code is not null
group by all
having count(*) filter (where is_latest) <> 1
    or count(*) filter (where is_latest and vintage_rank <> 1) > 0

-- A target's status agrees with its numbers: pending has no comparable actual; met/missed follow the
-- direction (attainment >= 100% is met for a minimum, <= 100% for a max bound).
select t.*
from {{ ref('fct_targets') }} t
left join {{ ref('dim_indicator') }} i on i.indicator_key = t.indicator_key
where
    (t.status in ('met', 'missed') and (t.actual_fact_id is null or t.attainment_pct is null))
    or (t.status = 'pending' and t.attainment_pct is not null)
    or (t.status = 'met' and t.target_value > 0
        and case when t.bound = 'max' or i.higher_is_better = false then t.attainment_pct > 100
                 else t.attainment_pct < 100 end)
    or (t.status = 'missed' and t.target_value > 0
        and case when t.bound = 'max' or i.higher_is_better = false then t.attainment_pct <= 100
                 else t.attainment_pct >= 100 end)

-- Targets with the period they are for (the horizon) and the measure they set.
-- Horizon rule, in order:
--   explicit                 the extractor gave the target a period of its own (全年…, 2023年…);
--   sub_annual_report_to_fy  a target in an H1/H2/Q/M report is for the full year of that report
--                            (the 2022H1 plan's 确保工业应税销售达2380亿元 is a 2022FY target);
--   fy_report_to_next_fy     a target in a full-year report (execution report, work report) is for the next
--                            year - such reports look back on the year and set the next year's goals;
--   document_period          otherwise (no period known).
-- Measure: a % target on an indicator that is not itself a percentage is a growth target.
with targets as (
    select * from {{ ref('int_facts_resolved') }}
    where fact_type = 'target'
),

indicators as (
    select indicator_code, unit_kind, higher_is_better from {{ ref('stg_ref_indicators') }}
)

select
    t.fact_id as target_id,
    t.doc_id,
    t.region_code,
    t.region_name,
    t.doc_period_code,
    case
        when t.has_own_period then t.period_code
        when t.period_kind in ('H1', 'H2', 'Q', 'M') then t.fy_period_code
        when t.period_kind = 'FY' then cast(cast(left(t.period_code, 4) as integer) + 1 as varchar) || 'FY'
        else t.period_code
    end as horizon_period_code,
    case
        when t.has_own_period then 'explicit'
        when t.period_kind in ('H1', 'H2', 'Q', 'M') then 'sub_annual_report_to_fy'
        when t.period_kind = 'FY' then 'fy_report_to_next_fy'
        else 'document_period'
    end as horizon_rule,
    t.indicator_key,
    t.indicator_code,
    t.indicator,
    case
        when t.unit = '%' and coalesce(i.unit_kind, '') in ('percent', 'share', 'rate', 'ratio') then 'share'
        when t.unit = '%' then 'growth'
        else 'level'
    end as measure,
    t.qualifier,
    t.bound,
    coalesce(i.higher_is_better, true) as higher_is_better,
    t.value      as target_value,
    t.unit       as target_unit,
    t.value_base as target_value_base,
    t.unit_base,
    t.text,
    t.sentence,
    t.span_start,
    t.span_end
from targets t
left join indicators i on i.indicator_code = t.indicator_code

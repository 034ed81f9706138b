-- The report's own verdict (27 main indicators, 8 missed) next to what fct_targets can check of the same
-- document's targets.
with summaries as (
    select * from {{ ref('int_facts_resolved') }}
    where fact_type = 'summary'
),

targets as (
    select
        doc_id,
        count(*) as targets_tracked,
        count(*) filter (where status = 'met') as targets_met,
        count(*) filter (where status = 'missed') as targets_missed,
        count(*) filter (where status = 'pending') as targets_pending
    from {{ ref('int_targets_matched') }}
    group by doc_id
),

counted as (
    select
        *,
        coalesce(indicators_met, indicators_total - indicators_missed) as met_,
        coalesce(indicators_missed, indicators_total - indicators_met) as missed_
    from summaries
)

select
    c.fact_id as scorecard_id,
    c.doc_id,
    c.region_code,
    c.region_name,
    c.period_code,
    c.indicators_total,
    c.met_ as indicators_met,
    c.missed_ as indicators_missed,
    round(c.met_ * 100.0 / nullif(c.indicators_total, 0), 1) as met_share_pct,
    coalesce(t.targets_tracked, 0) as targets_tracked,
    coalesce(t.targets_met, 0) as targets_met,
    coalesce(t.targets_missed, 0) as targets_missed,
    coalesce(t.targets_pending, 0) as targets_pending,
    c.text,
    c.sentence,
    c.span_start,
    c.span_end
from counted c
left join targets t on t.doc_id = c.doc_id

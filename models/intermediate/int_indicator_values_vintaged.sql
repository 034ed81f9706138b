-- Reported values (level / growth / share / pp_change) with their vintage order. The same region, period,
-- indicator and measure can be reported many times (预计 in December, 初步核算 in the next bulletin);
-- a variant (两年平均增长) is a series of its own, not a vintage of the plain figure;
-- the latest is the one from the latest-dated document, a final figure beats an estimate of the same date,
-- a statistical communique beats other types, and within one document the first mention wins.
with values_ as (
    select * from {{ ref('int_facts_resolved') }}
    where fact_type in ('level', 'growth', 'share', 'pp_change')
),

-- the ordering is computed on the series keys alone and joined back by fact_id: a window over the full rows
-- (sentences and texts included) cost seconds at 400k facts
keys as (
    select
        fact_id,
        -- facts whose region is unknown are not comparable with each other: each document is its own series
        coalesce(region_code, 'doc:' || doc_id) as series_region,
        period_code,
        indicator_key,
        fact_type,
        coalesce(measure_variant, '') as variant,
        vintage_date,
        is_estimate,
        case doc_type when 'stats_communique' then 1 when 'plan_execution' then 2
                      when 'gov_work_report' then 3 else 4 end as doc_type_rank,
        doc_id,
        seq
    from values_
),

ranked as (
    select
        fact_id,
        row_number() over w as vintage_rank,
        -- the same window with the whole partition as frame: one sort for both
        count(*) over (w rows between unbounded preceding and unbounded following) as n_vintages
    from keys
    window w as (
        partition by series_region, period_code, indicator_key, fact_type, variant
        order by vintage_date desc nulls last, is_estimate asc, doc_type_rank asc, doc_id, seq
    )
)

select
    v.*,
    v.fact_type as measure,
    r.vintage_rank,
    r.n_vintages,
    r.vintage_rank = 1 as is_latest
from values_ v
join ranked r on r.fact_id = v.fact_id

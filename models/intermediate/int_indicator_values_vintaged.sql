-- Reported values (level / growth / share / pp_change), one row per statement, with their vintage order.
--
-- A series is region x period x indicator x measure x variant x unit kind (macro series_unit): a 两年平均 or
-- 名义 growth is a series of its own, not a vintage of the plain figure, and 565个 projects never hide 6亿元 of
-- average size under one indicator wording. Within a series the latest is the one from the latest-dated
-- document, a final figure beats an estimate of the same date, a statistical communique beats other types,
-- and within one document the first mention wins.
--
-- One statement, one row: a document that states the same value of a series again (headline, 原标题, body; a
-- page pasted twice) gives one row, the first mention, with the other mentions' spans in other_spans (plus
-- the spans the extractor already merged) and n_mentions counting them all.
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
        unit_key,
        value,
        vintage_date,
        is_estimate,
        case doc_type when 'stats_communique' then 1 when 'plan_execution' then 2
                      when 'gov_work_report' then 3 else 4 end as doc_type_rank,
        doc_id,
        seq,
        span_start,
        span_end,
        other_spans
    from values_
),

mentions as (
    select
        *,
        row_number() over (
            partition by doc_id, series_region, period_code, indicator_key, fact_type, variant, unit_key, value
            order by seq
        ) as mention_no
    from keys
),

-- the repeated mentions' spans, collected on the first mention of each statement
repeats as (
    select
        first.fact_id,
        count(*) as n_repeats,
        list([r.span_start, r.span_end]) as repeat_spans
    from mentions r
    join mentions first
      on first.mention_no = 1
     and first.doc_id = r.doc_id and first.series_region = r.series_region
     and first.period_code is not distinct from r.period_code
     and first.indicator_key is not distinct from r.indicator_key
     and first.fact_type = r.fact_type and first.variant = r.variant and first.unit_key = r.unit_key
     and first.value is not distinct from r.value
    where r.mention_no > 1
    group by first.fact_id
),

statements as (
    select
        m.*,
        list_distinct(list_concat({{ spans_list('m.other_spans') }}, coalesce(rp.repeat_spans, []))) as all_other_spans
    from mentions m
    left join repeats rp on rp.fact_id = m.fact_id
    where m.mention_no = 1
),

ranked as (
    select
        fact_id,
        all_other_spans,
        series_region || '|' || coalesce(period_code, '?') || '|' || coalesce(indicator_key, '?') || '|' || fact_type
            || '|' || variant || '|' || unit_key as series_id,
        row_number() over w as vintage_rank,
        -- the same window with the whole partition as frame: one sort for both
        count(*) over (w rows between unbounded preceding and unbounded following) as n_vintages
    from statements
    window w as (
        partition by series_region, period_code, indicator_key, fact_type, variant, unit_key
        order by vintage_date desc nulls last, is_estimate asc, doc_type_rank asc, doc_id, seq
    )
)

select
    v.* exclude (other_spans),
    v.fact_type as measure,
    r.series_id,
    1 + len(r.all_other_spans) as n_mentions,
    {{ spans_json('r.all_other_spans') }} as other_spans,
    r.vintage_rank,
    r.n_vintages,
    r.vintage_rank = 1 as is_latest
from values_ v
join ranked r on r.fact_id = v.fact_id

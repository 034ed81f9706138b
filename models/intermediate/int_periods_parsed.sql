-- Period codes -> dates. A calendar of years 2000-2035 (FY, H1, H2, Q1-Q4, Q1-3) plus every code the seeds use
-- (month ranges such as 2023M1-5 and quarter ranges such as 2023Q1-3 appear only when a report uses them;
-- the same grammar as ingest/checks.py parse_period). Codes that do not parse are left
-- out on purpose: the relationships tests on the marts then name the fact that carries them.
with seen as (
    select period_code from {{ ref('stg_documents') }}
    union
    select period_code from {{ ref('stg_facts') }}
    union
    select period_code from {{ ref('stg_ref_benchmarks') }}
),

generated as (
    select cast(y.range as varchar) || k.suffix as period_code
    from range(2000, 2036) as y
    -- Q1-3 (前三季度) is the canonical spelling of M1-9, so it is always there
    cross join (values ('FY'), ('H1'), ('H2'), ('Q1'), ('Q2'), ('Q3'), ('Q4'), ('Q1-3')) as k(suffix)
),

codes as (
    select period_code from generated
    union
    select period_code from seen where period_code is not null
),

parsed as (
    select
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        substr(period_code, 5)                as suffix
    from codes
    where regexp_full_match(period_code, '\d{4}(FY|H[12]|Q[1-4](-[1-4])?|M\d{1,2}(-\d{1,2})?)')
),

months as (
    select
        *,
        case
            when suffix in ('FY', 'H1') then 1
            when suffix = 'H2' then 7
            when suffix like 'Q%' then (cast(substr(suffix, 2, 1) as integer) - 1) * 3 + 1
            else cast(regexp_extract(suffix, '^M(\d+)', 1) as integer)
        end as month_start,
        case
            when suffix in ('FY', 'H2') then 12
            when suffix = 'H1' then 6
            when suffix like 'Q%' then cast(coalesce(nullif(regexp_extract(suffix, '-(\d)$', 1), ''), substr(suffix, 2, 1)) as integer) * 3
            else cast(coalesce(nullif(regexp_extract(suffix, '-(\d+)$', 1), ''),
                               regexp_extract(suffix, '^M(\d+)', 1)) as integer)
        end as month_end
    from parsed
)

select
    period_code,
    -- a quarter range (2023Q1-3, 前三季度) is a month range like 2023M1-9
    case when suffix in ('FY', 'H1', 'H2') then suffix when suffix like 'Q%' and suffix not like '%-%' then 'Q'
         else 'M' end as period_kind,
    period_year,
    make_date(period_year, month_start, 1)           as period_start,
    last_day(make_date(period_year, month_end, 1))   as period_end,
    month_end - month_start + 1                      as n_months,
    cast(period_year as varchar) || 'FY'             as fy_period_code,
    -- chronological by end date; at the same end date the shorter period first (2022Q2 < 2022H1)
    period_year * 10000 + month_end * 100 + (month_end - month_start + 1) as sort_key,
    -- one spelling per span, so a series never splits on how a report wrote it: 2020M1-6 and 2020Q1-2 are 2020H1
    cast(period_year as varchar) || case
        when month_start = 1 and month_end = 12 then 'FY'
        when month_start = 1 and month_end = 6 then 'H1'
        when month_start = 7 and month_end = 12 then 'H2'
        when month_end - month_start = 2 and month_start in (1, 4, 7, 10) then 'Q' || ((month_start + 2) // 3)
        when month_start = 1 and month_end in (3, 9) then 'Q1' || case when month_end = 9 then '-3' else '' end
        else suffix
    end as canonical_period_code
from months
where month_start between 1 and 12 and month_end between month_start and 12

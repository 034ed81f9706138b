with documents as (
    select * from {{ ref('stg_documents') }}
),

sources as (
    select
        doc_id,
        string_agg(source_path, '; ' order by source_path) as source_paths,
        min(source_path) as first_source_path
    from {{ ref('stg_document_sources') }}
    group by doc_id
),

removed as (
    select doc_id, count(*) as n_removed_spans
    from {{ ref('stg_removed_spans') }}
    group by doc_id
),

warnings as (
    -- a warning counts for the document whether it names the document or one of its facts
    select coalesce(q.doc_id, f.doc_id) as doc_id, count(*) as n_quality_warnings
    from {{ ref('stg_data_quality') }} q
    left join {{ ref('stg_facts') }} f on f.fact_id = q.fact_id
    group by 1
),

periods as (
    select period_code, period_end from {{ ref('int_periods_parsed') }}
)

select
    d.doc_id,
    d.title,
    d.region_code,
    d.region_name,
    d.region_level,
    d.period_code,
    d.doc_type,
    d.published,
    coalesce(d.published, p.period_end + interval 1 day)::date as vintage_date,
    d.script,
    d.tampered,
    d.n_sources,
    s.source_paths,
    s.first_source_path,
    d.n_facts,
    coalesce(r.n_removed_spans, 0) as n_removed_spans,
    coalesce(w.n_quality_warnings, 0) as n_quality_warnings
from documents d
left join sources s on s.doc_id = d.doc_id
left join removed r on r.doc_id = d.doc_id
left join warnings w on w.doc_id = d.doc_id
left join periods p on p.period_code = d.period_code

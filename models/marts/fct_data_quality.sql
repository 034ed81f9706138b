-- Gate warnings with the fact's (else the document's) context, for reading without a join.
with warnings as (
    select * from {{ ref('stg_data_quality') }}
),

facts as (
    select * from {{ ref('int_facts_resolved') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
)

select
    md5(concat_ws('|', w.check_name, w.severity, w.doc_id, w.fact_id, w.source_path, w.message)) as dq_id,
    w.check_name,
    w.severity,
    coalesce(w.doc_id, f.doc_id) as doc_id,
    w.fact_id,
    w.source_path,
    w.message,
    coalesce(f.region_code, d.region_code) as region_code,
    coalesce(f.region_name, d.region_name) as region_name,
    coalesce(f.period_code, d.period_code) as period_code,
    coalesce(f.fact_type, w.fact_type) as fact_type,
    f.indicator,
    coalesce(f.indicator_code, w.indicator_code) as indicator_code,
    f.value,
    f.unit,
    f.text,
    f.sentence
from warnings w
left join facts f on f.fact_id = w.fact_id
left join documents d on d.doc_id = coalesce(w.doc_id, f.doc_id)

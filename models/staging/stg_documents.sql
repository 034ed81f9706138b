-- Rename and type only: region -> region_name/code, period -> period_code, published text -> date.
select
    doc_id,
    title,
    region                                  as region_name,
    region_code,
    region_level,
    period                                  as period_code,
    doc_type,
    try_cast(published as date)             as published,
    script,
    coalesce(tampered, false)               as tampered,
    n_sources,
    n_facts
from {{ ingest_table('documents') }}

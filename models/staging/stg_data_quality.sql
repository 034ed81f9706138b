-- Rename and type only: the gate's warnings as ingest wrote them (ingest/tables.py SCHEMAS["data_quality"]).
select
    check_name,
    severity,
    doc_id,
    fact_id,
    source_path,
    message,
    fact_type,
    indicator_code
from {{ ingest_table('data_quality') }}

-- fact_type and indicator_code were added to the gate's table later (ingest/tables.py); a seed written
-- before that still loads, with nulls there.
select
    check_name,
    severity,
    doc_id,
    fact_id,
    source_path,
    message,
    {{ column_or_null(ref('data_quality'), 'fact_type', 'varchar') }}      as fact_type,
    {{ column_or_null(ref('data_quality'), 'indicator_code', 'varchar') }} as indicator_code
from {{ ref('data_quality') }}

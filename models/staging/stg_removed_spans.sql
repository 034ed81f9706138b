select
    doc_id,
    span_start,
    span_end,
    text                                    as removed_text,
    reason
from {{ ingest_table('removed_spans') }}

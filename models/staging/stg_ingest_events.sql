select
    source_path,
    sha256,
    status,
    doc_id,
    reason
from {{ ingest_table('ingest_events') }}

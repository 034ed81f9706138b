select
    source_path,
    sha256,
    status,
    doc_id,
    reason
from {{ ref('ingest_events') }}

-- What happened to each file of reports/: loaded, duplicate of a loaded document, or rejected with the reason.
{{ config(materialized='view') }}
select
    source_path,
    sha256,
    status,
    doc_id,
    reason
from {{ ref('stg_ingest_events') }}

select
    doc_id,
    source_path,
    sha256,
    format,
    encoding,
    script,
    n_bytes,
    meta_source,
    try_cast(meta_published as date)        as meta_published
from {{ ingest_table('document_sources') }}

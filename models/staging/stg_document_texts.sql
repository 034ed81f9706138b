select
    doc_id,
    text                                    as cleaned_text
from {{ ingest_table('document_texts') }}

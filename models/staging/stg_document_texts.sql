select
    doc_id,
    text                                    as cleaned_text
from {{ ref('document_texts') }}

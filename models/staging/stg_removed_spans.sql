select
    doc_id,
    span_start,
    span_end,
    text                                    as removed_text,
    reason
from {{ ref('removed_spans') }}

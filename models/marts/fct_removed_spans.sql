-- What cleaning removed from each document before extraction (injected spam, pinyin glosses), with the reason.
{{ config(materialized='view') }}
select
    doc_id,
    span_start,
    span_end,
    removed_text,
    reason
from {{ ref('stg_removed_spans') }}

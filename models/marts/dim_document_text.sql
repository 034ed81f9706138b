-- The cleaned text of each document (fact offsets point into it), apart from dim_document so listing documents
-- never reads the texts. A view: the text is stored once, in the ingest table.
{{ config(materialized='view') }}
select
    doc_id,
    cleaned_text
from {{ ref('stg_document_texts') }}

{{ config(severity='warn') }}
-- Provenance: a fact's text is exactly the cleaned document text [span_start:span_end] (the extract contract),
-- so every mart row can point back to its sentence. Warn only: it is the extractor's contract, and dbt
-- should still build the marts so the app can show the offending rows.
select f.fact_id, f.text, substr(t.cleaned_text, f.span_start + 1, f.span_end - f.span_start) as slice
from {{ ref('stg_facts') }} f
join {{ ref('stg_document_texts') }} t on t.doc_id = f.doc_id
where f.text is distinct from substr(t.cleaned_text, f.span_start + 1, f.span_end - f.span_start)

{{ config(severity='warn') }}
-- Rows the app cannot place or point back to their sentence, one row per problem (warn only: they come from
-- the extractor, and the marts should still be built so the app can show the offending rows):
--   * provenance: a fact's text is exactly the cleaned document text [span_start:span_end] (the extract contract);
--   * a reported value without region, period, indicator, a positive span or its sentence;
--   * a ranking claim without region or period; a target without region or horizon period.
-- One test node for the four (each was its own node: dbt's per-node cost, not the queries, dominated `dbt build`).
select 'stg_facts' as model, f.fact_id as row_id,
       'text is not cleaned_text[span_start:span_end]: ' || coalesce(f.text, 'null') || ' vs '
       || coalesce(substr(t.cleaned_text, f.span_start + 1, f.span_end - f.span_start), 'null') as problem
from {{ ref('stg_facts') }} f
join {{ ref('stg_document_texts') }} t on t.doc_id = f.doc_id
where f.text is distinct from substr(t.cleaned_text, f.span_start + 1, f.span_end - f.span_start)

union all

select 'fct_indicator_values', fact_id, 'missing region, period, indicator, span or sentence'
from {{ ref('fct_indicator_values') }}
where not coalesce(region_code is not null and period_code is not null and indicator_key is not null
                   and span_end > span_start and sentence is not null, false)

union all

select 'fct_ranking_claims', claim_id, 'missing region or period'
from {{ ref('fct_ranking_claims') }}
where region_code is null or period_code is null

union all

select 'fct_targets', target_id, 'missing region or horizon period'
from {{ ref('fct_targets') }}
where region_code is null or horizon_period_code is null

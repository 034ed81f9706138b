-- What happened to each file of reports/: loaded, duplicate of a loaded document, rejected with the reason, or not
-- filed because the text does not decide its region (ambiguous_region: several units fit, named in the reason;
-- unknown_region: none found). is_refused counts the last three together: files that did not load and need the
-- user (the app counts them with the rejected ones); region_candidates lifts the candidates out of the reason.
{{ config(materialized='view') }}
select
    source_path,
    sha256,
    status,
    doc_id,
    reason,
    status = 'loaded' as is_loaded,
    status in ('rejected', 'ambiguous_region', 'unknown_region') as is_refused,
    -- the reason as ingest/intake.py writes it: "... the text fits 通州区 110112 北京市、通州区 320612 南通市; put ..."
    -- or "... (candidates: 鼓楼区 320106 南京市); put ..."
    case status
        when 'ambiguous_region' then nullif(regexp_extract(reason, 'the text fits (.+?); put ', 1), '')
        when 'unknown_region' then nullif(regexp_extract(reason, '\(candidates: (.+?)\); put ', 1), '')
    end as region_candidates
from {{ ref('stg_ingest_events') }}

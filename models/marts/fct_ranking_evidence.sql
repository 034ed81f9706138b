select
    evidence_id,
    claim_id,
    peer_code,
    peer_name,
    evidence_kind,
    peer_value,
    peer_unit,
    peer_is_estimate,
    peer_is_approx,
    peer_bound,
    claimant_value,
    peer_source,
    peer_fact_id,
    peer_doc_id,
    peer_text,
    peer_source_url
from {{ ref('int_ranking_evidence') }}

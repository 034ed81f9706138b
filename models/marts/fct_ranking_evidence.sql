select
    evidence_id,
    claim_id,
    peer_code,
    peer_name,
    evidence_kind,
    peer_value,
    peer_unit,
    claimant_value,
    peer_fact_id,
    peer_doc_id,
    peer_text
from {{ ref('int_ranking_evidence') }}

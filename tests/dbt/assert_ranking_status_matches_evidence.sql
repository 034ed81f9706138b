-- A verification status must be backed by its evidence rows: confirmed needs every peer reporting,
-- contradicted needs a better peer or a competing claim (or a complete set placing it elsewhere).
select c.*
from {{ ref('fct_ranking_claims') }} c
where
    (c.verification_status = 'confirmed'
        and (c.n_peers = 0 or c.n_peers_reporting <> c.n_peers or c.n_peers_better <> c.rank - 1))
    or (c.verification_status = 'contradicted'
        and c.n_peers_same_claim = 0 and c.n_peers_better = 0 and c.n_peers_reporting < c.n_peers)
    or c.n_peers_reporting > c.n_peers
    or c.n_peers_better > c.n_peers_reporting
    or c.n_peers <> (select count(distinct e.peer_code) from {{ ref('fct_ranking_evidence') }} e
                     where e.claim_id = c.claim_id)

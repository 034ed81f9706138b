-- The verification status of each claim from its evidence rows:
--   contradicted  - a peer claims the same first place / uniqueness, or at least `rank` peers beat the
--                   claimant's value, or every peer reports and the values put the claimant elsewhere;
--   confirmed     - a numeric rank, a complete peer set (see peer_set_complete below), every
--                   peer reports a comparable value and exactly rank-1 of them beat the claimant;
--   unverifiable  - everything else (peers' figures missing, wording claims like 前列, open scopes).
with claims as (
    select * from {{ ref('int_ranking_claims_scoped') }}
),

evidence as (
    select * from {{ ref('int_ranking_evidence') }}
),

tally as (
    select
        claim_id,
        count(distinct peer_code) as n_peers,
        count(distinct peer_code) filter (where evidence_kind in ('peer_better', 'peer_not_better')) as n_peers_reporting,
        count(distinct peer_code) filter (where evidence_kind = 'peer_better') as n_peers_better,
        count(distinct peer_code) filter (where evidence_kind = 'peer_same_claim') as n_peers_same_claim,
        string_agg(
            peer_name || ': ' || case evidence_kind
                when 'peer_missing' then 'no figure'
                when 'peer_same_claim' then 'claims it too (' || peer_text || ')'
                else coalesce(cast(peer_value as varchar) || coalesce(peer_unit, ''), '?')
                     || case evidence_kind when 'peer_better' then ' (better)' else '' end
            end,
            '; ' order by peer_code, evidence_kind
        ) as evidence_summary
    from evidence
    group by claim_id
),

joined as (
    select
        c.*,
        coalesce(t.n_peers, 0)            as n_peers,
        coalesce(t.n_peers_reporting, 0)  as n_peers_reporting,
        coalesce(t.n_peers_better, 0)     as n_peers_better,
        coalesce(t.n_peers_same_claim, 0) as n_peers_same_claim,
        t.evidence_summary,
        -- the peer set is known in full for a county-level unit within its own prefecture and for a
        -- prefecture city within its own province (seeds/ref_regions.csv lists Nantong's county-level units
        -- and Jiangsu's thirteen cities); other scopes (全国, another province) are open
        (c.region_level in ('county', 'county_level_city', 'district')
            and c.scope_kind = 'prefecture' and c.scope_code = c.prefecture_code)
        or (c.region_level = 'prefecture_city' and c.scope_kind = 'province' and c.scope_code = c.province_code)
            as peer_set_complete
    from claims c
    left join tally t on t.claim_id = c.claim_id
)

select
    *,
    case
        when is_first_claim and n_peers_same_claim > 0 then 'contradicted'
        when rank is not null and claimed_value is not null and n_peers_better >= rank then 'contradicted'
        when rank is not null and claimed_value is not null and peer_set_complete and n_peers > 0
             and n_peers_reporting = n_peers and n_peers_better = rank - 1 then 'confirmed'
        when rank is not null and claimed_value is not null and peer_set_complete and n_peers > 0
             and n_peers_reporting = n_peers then 'contradicted'
        else 'unverifiable'
    end as verification_status,
    case
        when is_first_claim and n_peers_same_claim > 0
            then n_peers_same_claim || ' peer(s) claim the same first place'
        when rank is not null and claimed_value is not null and n_peers_better >= rank
            then n_peers_better || ' peer(s) report a better value than the claimed rank ' || rank || ' allows'
        when rank is not null and claimed_value is not null and peer_set_complete and n_peers > 0
             and n_peers_reporting = n_peers and n_peers_better = rank - 1
            then 'all ' || n_peers || ' peers report; ' || n_peers_better || ' better, as claimed'
        when rank is not null and claimed_value is not null and peer_set_complete and n_peers > 0
             and n_peers_reporting = n_peers
            then 'all peers report; values put the claimant at rank ' || (n_peers_better + 1)
        when scope_kind not in ('prefecture', 'province') then 'scope ' || coalesce(scope, '?') || ' has no peer set'
        when rank is null then 'wording claim (' || coalesce(claim, '?') || ') without a numeric rank'
        when claimed_value is null then 'the claimant reports no value for the ranked indicator'
        when not peer_set_complete then 'the peer set of scope ' || coalesce(scope, '?') || ' is not fully known'
        else (n_peers - n_peers_reporting) || ' of ' || n_peers || ' peers report no comparable figure'
    end as verification_reason
from joined

-- The verification status of each claim from its evidence rows, and its coverage in words and columns:
--   contradicted  - a peer claims the same first place / uniqueness, or at least `rank` peers beat the
--                   claimant's value, or every peer reports and the values put the claimant elsewhere;
--   confirmed     - a numeric position, a complete peer set (the claim's scope is the claimant's own prefecture
--                   or province, whose units the national dictionary lists), every peer reporting a comparable
--                   figure for the same measure, variant and period that decides (not too close to call, see
--                   int_ranking_evidence), and exactly rank-1 of them better;
--   unverifiable  - everything else, with the reason: peers' figures missing (named), too close to call (named), a
--                   move (前进4位) or a milestone (第四个) rather than a position, a wording claim (前列), a scope
--                   without a peer set.
-- Estimates: when the figures compared mix estimates (预计) and final figures, estimate_note says whose are which,
-- and the summary carries it.
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
        count(distinct peer_code) filter (where evidence_kind in ('peer_better', 'peer_not_better')
                                          and peer_is_estimate) as n_peer_estimates,
        count(distinct peer_code) filter (where evidence_kind = 'peer_undecided') as n_peers_undecided,
        string_agg(peer_name, ', ' order by peer_code) filter (where evidence_kind in ('peer_better', 'peer_not_better')
                                                               and peer_is_estimate) as estimate_peers,
        string_agg(
            peer_name || ' (' || case peer_bound when 'min' then '>= ' when 'max' then '<= ' else '' end
            || cast(peer_value as varchar) || coalesce(' ' || peer_unit, '')
            || case when peer_is_estimate then ', estimate' else '' end
            || case when peer_is_approx then ', approximate' else '' end || ')',
            ', ' order by peer_code) filter (where evidence_kind = 'peer_undecided') as undecided_peers,
        count(distinct peer_code) filter (where evidence_kind in ('peer_better', 'peer_not_better')
                                          and peer_source = 'reference') as n_peers_from_reference,
        string_agg(peer_name, ', ' order by peer_code) filter (where evidence_kind in ('peer_missing', 'peer_incomparable'))
            as missing_peers,
        string_agg(
            peer_name || case evidence_kind
                when 'peer_same_claim' then ' (claims it too: ' || peer_text || ')'
                else ' (' || cast(peer_value as varchar) || coalesce(' ' || peer_unit, '') || ')'
            end,
            ', ' order by peer_code, evidence_kind
        ) filter (where evidence_kind in ('peer_better', 'peer_same_claim')) as better_peers,
        string_agg(
            peer_name || ': ' || case evidence_kind
                when 'peer_missing' then 'no figure'
                when 'peer_incomparable' then cast(peer_value as varchar) || coalesce(' ' || peer_unit, '')
                                              || ' (not comparable)'
                when 'peer_same_claim' then 'claims it too (' || peer_text || ')'
                when 'peer_undecided' then cast(peer_value as varchar) || coalesce(' ' || peer_unit, '')
                                           || ' (too close to call)'
                else cast(peer_value as varchar) || coalesce(' ' || peer_unit, '')
                     || case when peer_is_estimate then ', estimate' else '' end
                     || case when peer_source = 'reference' then ', official' else '' end
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
        coalesce(t.n_peer_estimates, 0)   as n_peer_estimates,
        coalesce(t.n_peers_from_reference, 0) as n_peers_from_reference,
        coalesce(t.n_peers_undecided, 0)  as n_peers_undecided,
        t.estimate_peers,
        t.undecided_peers,
        t.missing_peers,
        t.better_peers,
        t.evidence_summary,
        -- the peer set is known in full when the scope is one of the claimant's own (the dictionary lists every
        -- unit of China with its validity); other scopes (全国, a unit not containing the claimant) are open
        c.scope_kind in ('prefecture', 'province') and c.claim_kind in ('position', 'first')
            and coalesce(t.n_peers, 0) > 0 as peer_set_complete,
        case
            when c.scope_kind in ('prefecture', 'province') and c.claim_kind in ('position', 'first') then
                case when c.region_tier = 'prefecture' then 'prefecture-level units of '
                     when coalesce(c.scope_class, '') like '%县%' and coalesce(c.scope_class, '') not like '%区%'
                         then 'counties and county-level cities of '
                     else 'county-level units of ' end
                || coalesce((select r.region_name from {{ ref('int_regions_versioned') }} r
                             where r.region_code = c.scope_code
                             order by {{ valid_on('r', 'c.period_end') }} desc, r.valid_from desc nulls last
                             limit 1), c.scope_code)
                || coalesce(' valid on ' || cast(c.period_end as varchar), '')
        end as peer_set
    from claims c
    left join tally t on t.claim_id = c.claim_id
),

decided as (
    select
        *,
        case
            when claim_kind in ('rank_change', 'milestone', 'wording') then 'unverifiable'
            when is_first_claim and n_peers_same_claim > 0 then 'contradicted'
            when rank is not null and claimed_value is not null and n_peers_better >= rank then 'contradicted'
            when rank is not null and claimed_value is not null and peer_set_complete
                 and n_peers_reporting = n_peers and n_peers_better = rank - 1 then 'confirmed'
            when rank is not null and claimed_value is not null and peer_set_complete
                 and n_peers_reporting = n_peers then 'contradicted'
            else 'unverifiable'
        end as verification_status,
        -- estimates (预计) next to final figures: said, never silently mixed
        case
            when n_peers_reporting = 0 or (n_peer_estimates = 0 and not coalesce(claimed_is_estimate, false)) then null
            when coalesce(claimed_is_estimate, false) and n_peer_estimates = n_peers_reporting
                then 'all figures compared are estimates (预计)'
            when coalesce(claimed_is_estimate, false)
                then 'estimates and final figures mixed: the claimant''s figure is an estimate (预计), '
                     || (n_peers_reporting - n_peer_estimates) || ' of the peers'' figures are final'
            else 'estimates and final figures mixed: the claimant''s figure is final; estimates (预计) from '
                 || estimate_peers
        end as estimate_note
    from joined
)

select
    *,
    -- the peers that beat the claimant or claim the same first place contradict it only when the status says so
    -- (a confirmed 第四 has three better peers, as claimed)
    case when verification_status = 'contradicted' then better_peers end as contradicting_peers,
    case
        when claim_kind = 'rank_change' then 'a move of ' || coalesce(cast(rank_change as varchar), '?')
                                             || ' place(s) (' || coalesce(claim, '?') || '), not a position'
        when claim_kind = 'milestone' then 'the order of arrival at a threshold (' || coalesce(claim, '?')
                                           || '), not a rank of values'
        when claim_kind = 'wording' then 'wording claim (' || coalesce(claim, '?') || ') without a numeric rank'
        when verification_status = 'contradicted' and is_first_claim and n_peers_same_claim > 0
            then n_peers_same_claim || ' peer(s) claim the same first place'
        when verification_status = 'contradicted' and n_peers_better >= rank
            then n_peers_better || case when n_peers_better = 1 then ' peer' else ' peers' end
                 || ' better than the claimed rank ' || rank || ' allows'
        when verification_status = 'contradicted'
            then 'all ' || n_peers || ' peers report; ' || n_peers_better
                 || case when n_peers_better = 1 then ' peer' else ' peers' end || ' better, which puts the claimant at rank '
                 || (n_peers_better + 1) || ', not ' || rank
        when verification_status = 'confirmed' and n_peers_better = 0
            then 'all ' || n_peers || ' peers report, none better'
        when verification_status = 'confirmed'
            then 'all ' || n_peers || ' peers report; ' || n_peers_better
                 || case when n_peers_better = 1 then ' peer' else ' peers' end || ' better, as claimed'
        when scope_kind = 'self' then 'ranks units within ' || coalesce(region_name, '?') || ' itself: no peer set'
        when scope_kind in ('country', 'history') then 'scope ' || coalesce(scope, '?') || ' has no peer set'
        when scope_kind = 'other' then 'scope ' || coalesce(scope, '?') || ' does not contain '
                                       || coalesce(region_name, 'the claimant') || ': no peer set'
        when rank is null then 'a first/uniqueness claim (' || coalesce(claim, '?')
                               || ') is only ever contradicted, never confirmed by values'
        when claimed_value is null then 'the claimant reports no value for the ranked indicator'
        when n_peers = 0 then 'no peers of ' || coalesce(region_name, '?') || ' in scope ' || coalesce(scope, '?')
        else concat_ws('; ',
            case when n_peers - n_peers_reporting - n_peers_undecided > 0
                 then (n_peers - n_peers_reporting - n_peers_undecided) || ' of ' || n_peers
                      || ' peers report no comparable figure' end,
            case when n_peers_undecided > 0
                 then n_peers_undecided || ' of ' || n_peers || ' peers too close to call' end)
    end as verification_reason,
    -- the coverage in words: "confirmed: 6 of 6 peers reporting", "unverifiable: 2 of 6 peers reporting; missing
    -- 如东县, 启东市", "contradicted by 如皋市 (17.2 %)"
    case verification_status
        when 'contradicted' then 'contradicted by ' || coalesce(better_peers,
            'the peers'' values (' || n_peers_reporting || ' of ' || n_peers || ' peers reporting)')
        else verification_status || ': '
             || case when n_peers > 0 and claim_kind = 'first' and rank is null
                     then 'none of the ' || n_peers || ' peers makes the same claim; ' || verification_reason
                     when n_peers > 0 and claim_kind in ('position', 'first')
                     then n_peers_reporting || ' of ' || n_peers || ' peers reporting'
                          || case when n_peer_estimates > 0 then ' (' || n_peer_estimates || ' estimates)' else '' end
                          || coalesce('; missing ' || missing_peers, '')
                          || coalesce('; too close to call: ' || undecided_peers, '')
                          || case when claimed_value is null then '; the claimant''s own figure is missing' else '' end
                     else verification_reason end
    end || coalesce('; ' || estimate_note, '') as verification_summary
from decided

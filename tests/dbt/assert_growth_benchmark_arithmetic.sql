-- Growth-benchmark arithmetic: the official gap is region minus benchmark, the official relation follows
-- its sign (|gap| < 0.05 pp is 持平), the benchmark growth implied by a citation is region minus cited gap,
-- a cited gap carries the sign of its relation, and citation_agrees matches agreement_status.
select *
from {{ ref('fct_growth_benchmark') }}
where
    (official_gap_pp is not null and abs(official_gap_pp - (region_growth_pct - official_growth_pct)) > 0.005)
    or (official_gap_pp is not null and official_relation is distinct from
        case when abs(official_gap_pp) < 0.05 then 'equal' when official_gap_pp > 0 then 'higher' else 'lower' end)
    or (cited_benchmark_growth_pct is not null
        and abs(cited_benchmark_growth_pct - (region_growth_pct - cited_gap_pp)) > 0.005)
    or (cited_relation = 'equal' and cited_gap_pp <> 0)
    or (cited_relation = 'higher' and cited_gap_pp < 0)
    or (cited_relation = 'lower' and cited_gap_pp > 0)
    or (citation_agrees and agreement_status <> 'agrees')
    or (not citation_agrees and agreement_status <> 'disagrees')
    or (agreement_status in ('agrees', 'disagrees') and citation_agrees is null)

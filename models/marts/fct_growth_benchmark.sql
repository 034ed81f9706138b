-- A region's growth next to its prefecture's and province's (and 全国 when a report cites it), like with like:
--   cited    - the report's own comparison (持平 / 高于 / 低于, stated gap) of the growth it follows, latest vintage;
--   official - seeds/ref_benchmarks.csv (source URL + quote): the plain real growth;
--   reported - the benchmark region's own reports (or any document stating its growth), same variant.
-- One row per region x period x indicator x variant x benchmark: a nominal, two-year-average, cumulative ... growth
-- is its own row, never the plain growth. The official figure is the plain real growth, so it is attached (figure,
-- gap, relation, agreement) only to the plain row; a variant row carries none of it - not even the figure, which
-- an app would draw next to the variant (如东's 两年平均 7.4 % beside 南通's real 8.9 % read as a 1.5 pp gap) - and
-- says why in like_with_like_note; a citation of a variant growth is agreement_status variant_mismatch when an
-- official figure exists. The benchmark's reported growth is of the row's own variant only. An estimate (预计) on
-- either side is compared but said (the note and the estimate flags). Gaps are region minus benchmark, in
-- percentage points. A citation agrees with the official figure when the relation matches (|gap| < 0.05 pp counts
-- as 持平) and a stated gap is within 0.05 pp of the official gap.
with facts as (
    select * from {{ ref('int_facts_resolved') }}
),

growth_facts as (
    select * from facts where fact_type = 'growth'
),

vals as (
    select * from {{ ref('int_indicator_values_vintaged') }}
    where measure = 'growth' and is_latest and unit_key = '%'
      and region_code is not null and period_code is not null and indicator_key is not null
),

regions as (
    select * from {{ ref('int_regions_versioned') }}
    where is_current
),

official as (
    select
        region_code, period_code, indicator_key,
        -- a final figure before an estimate; several sources in URL order
        first(value order by is_estimate, source_url) as official_growth_pct,
        first(source_url order by is_estimate, source_url) as official_source_url,
        first(quote order by is_estimate, source_url) as official_quote,
        first(vintage order by is_estimate, source_url) as official_vintage,
        first(is_estimate order by is_estimate, source_url) as official_is_estimate,
        count(*) as n_official_sources,
        count(distinct value) as n_official_values
    from {{ ref('int_reference_values') }}
    where measure = 'growth' and unit_key = '%'
    group by all
),

-- the region's growth (each variant) against each unit above it
own_growth as (
    select
        v.region_code, v.region_name, v.period_code, v.indicator_key, v.indicator_code, v.indicator,
        coalesce(v.measure_variant, '') as variant,
        b.benchmark_code,
        v.fact_id as region_growth_fact_id,
        v.value   as region_growth_pct,
        v.is_estimate as region_growth_is_estimate
    from vals v
    -- a municipality's district has the municipality as both prefecture and province: one benchmark row
    cross join lateral (
        select unnest(list_distinct([v.prefecture_code, v.province_code])) as benchmark_code
    ) b
    where b.benchmark_code is not null and b.benchmark_code <> v.region_code
),

-- comparisons; a comparison compares the growth it follows (增速与省和南通市持平), and that growth's variant
comparisons as (
    select
        c.*,
        coalesce({{ resolve_scope_code('c.benchmark', 'c.prefecture_code', 'c.province_code') }}, bl.region_code)
            as benchmark_code_resolved,
        g.indicator_key as anchor_indicator_key,
        g.indicator_code as anchor_indicator_code,
        g.indicator as anchor_indicator,
        g.measure_variant as anchor_measure_variant
    from facts c
    left join (
        -- a named benchmark (南通市, 江苏省, 南通): the unit of that name that contains the region, else the
        -- current unit of that name
        select f.fact_id, r.region_code
        from facts f
        join regions r
          on f.benchmark is not null
         and (r.region_name = f.benchmark or r.short_name = f.benchmark)
        where f.fact_type = 'comparison'
        qualify row_number() over (
            partition by f.fact_id
            order by (r.region_code in (coalesce(f.prefecture_code, ''), coalesce(f.province_code, ''))) desc,
                     case r.region_tier when 'province' then 1 when 'prefecture' then 2 else 3 end, r.region_code
        ) = 1
    ) bl on bl.fact_id = c.fact_id
    left join growth_facts g
      on g.doc_id = c.doc_id
     and g.sentence = c.sentence
     and g.span_start < c.span_start
    where c.fact_type = 'comparison'
    qualify row_number() over (
        partition by c.fact_id order by (g.indicator_key = c.indicator_key) desc, g.span_end desc nulls last
    ) = 1
),

cited_all as (
    select
        region_code,
        period_code,
        -- a comparison compares the growth it follows; its own wording only when it follows none
        coalesce(anchor_indicator_key, indicator_key) as indicator_key,
        coalesce(anchor_indicator_code, indicator_code) as indicator_code,
        coalesce(anchor_indicator, indicator) as indicator,
        case when anchor_indicator_key is not null then coalesce(anchor_measure_variant, '')
             else coalesce(measure_variant, '') end as variant,
        benchmark_code_resolved as benchmark_code,
        relation as cited_relation,
        case relation when 'equal' then 0 when 'higher' then abs(gap) when 'lower' then -abs(gap) end as cited_gap_pp,
        fact_id as cited_fact_id,
        doc_id as cited_doc_id,
        text as cited_text,
        sentence as cited_sentence,
        vintage_date
    from comparisons
    where region_code is not null and period_code is not null
      -- a growth citation: it follows a growth of its sentence, states a gap in points or speaks of a rate; one that
      -- follows only a level ('GDP达到400亿元,超过某市的390亿元') compares the totals, not the growth
      and (anchor_indicator_key is not null or gap is not null
           or regexp_matches(coalesce(text, '') || coalesce(indicator, ''), '增速|增幅|增长|速度|百分点'))
),

cited as (
    -- latest vintage of each citation
    select * exclude (vintage_date)
    from cited_all
    where indicator_key is not null and benchmark_code is not null and benchmark_code <> region_code
    qualify row_number() over (
        partition by region_code, period_code, indicator_key, variant, benchmark_code
        order by vintage_date desc nulls last, cited_fact_id
    ) = 1
),

spine as (
    select region_code, period_code, indicator_key, variant, benchmark_code from own_growth
    union
    select region_code, period_code, indicator_key, variant, benchmark_code from cited
),

joined as (
    select
        s.region_code,
        coalesce(o.region_name, (select min(r.region_name) from regions r where r.region_code = s.region_code)) as region_name,
        s.period_code,
        s.indicator_key,
        coalesce(o.indicator_code, c.indicator_code) as indicator_code,
        coalesce(o.indicator, c.indicator) as indicator,
        nullif(s.variant, '') as measure_variant,
        s.benchmark_code,
        case when s.benchmark_code = '000000' then '全国' else br.region_name end as benchmark_name,
        case when s.benchmark_code = '000000' then 'country' else br.region_level end as benchmark_level,
        coalesce(o.region_growth_pct, rg.value) as region_growth_pct,
        coalesce(o.region_growth_fact_id, rg.fact_id) as region_growth_fact_id,
        coalesce(o.region_growth_is_estimate, rg.is_estimate) as region_growth_is_estimate,
        c.cited_relation,
        c.cited_gap_pp,
        c.cited_fact_id,
        c.cited_doc_id,
        c.cited_text,
        c.cited_sentence,
        off.official_growth_pct,
        off.official_source_url,
        off.official_quote,
        off.official_vintage,
        off.official_is_estimate,
        coalesce(off.n_official_sources, 0) as n_official_sources,
        coalesce(off.n_official_values, 0) as n_official_values,
        bv.value as benchmark_reported_growth_pct,
        bv.fact_id as benchmark_reported_fact_id,
        bv.measure_variant as benchmark_reported_variant,
        bv.is_estimate as benchmark_reported_is_estimate,
        -- the benchmark's own plain growth, named (never compared) on a variant row
        bp.value as benchmark_plain_growth_pct
    from spine s
    left join own_growth o
      on o.region_code = s.region_code and o.period_code = s.period_code and o.variant = s.variant
     and o.indicator_key = s.indicator_key and o.benchmark_code = s.benchmark_code
    left join cited c
      on c.region_code = s.region_code and c.period_code = s.period_code and c.variant = s.variant
     and c.indicator_key = s.indicator_key and c.benchmark_code = s.benchmark_code
    -- a cited comparison whose growth was not extracted on its own still finds the region's growth
    left join vals rg
      on o.region_code is null and rg.region_code = s.region_code and rg.period_code = s.period_code
     and rg.indicator_key = s.indicator_key and coalesce(rg.measure_variant, '') = s.variant
    left join regions br on br.region_code = s.benchmark_code
    left join official off
      on off.region_code = s.benchmark_code and off.period_code = s.period_code
     and off.indicator_key = s.indicator_key
    -- the benchmark's own growth of the same variant: never its nominal growth next to a real one
    left join vals bv
      on bv.region_code = s.benchmark_code and bv.period_code = s.period_code and bv.indicator_key = s.indicator_key
     and coalesce(bv.measure_variant, '') = s.variant
    left join vals bp
      on s.variant <> '' and bp.region_code = s.benchmark_code and bp.period_code = s.period_code
     and bp.indicator_key = s.indicator_key and bp.measure_variant is null
),

gapped as (
    select
        * exclude (official_growth_pct, official_source_url, official_quote, official_vintage, official_is_estimate,
                   n_official_sources, n_official_values),
        -- the official figure is the plain real growth: only the plain figure is compared with it, and only the
        -- plain row carries it
        measure_variant is null as comparable_with_official,
        official_growth_pct as official_plain_growth_pct,
        case when measure_variant is null then official_growth_pct end as official_growth_pct,
        case when measure_variant is null then official_source_url end as official_source_url,
        case when measure_variant is null then official_quote end as official_quote,
        case when measure_variant is null then official_vintage end as official_vintage,
        case when measure_variant is null then official_is_estimate end as official_is_estimate,
        case when measure_variant is null then n_official_sources else 0 end as n_official_sources,
        case when measure_variant is null then n_official_values else 0 end as n_official_values,
        case when measure_variant is null then round(region_growth_pct - official_growth_pct, 2) end as official_gap_pp
    from joined
),

related as (
    select
        *,
        round(region_growth_pct - cited_gap_pp, 2) as cited_benchmark_growth_pct,
        case
            when official_gap_pp is null then null
            when abs(official_gap_pp) < 0.05 then 'equal'
            when official_gap_pp > 0 then 'higher'
            else 'lower'
        end as official_relation
    from gapped
)

select
    region_code || '|' || period_code || '|' || indicator_key || '|' || coalesce(measure_variant, 'plain') || '|'
        || benchmark_code as growth_benchmark_id,
    region_code,
    region_name,
    period_code,
    indicator_key,
    indicator_code,
    indicator,
    measure_variant,
    benchmark_code,
    benchmark_name,
    benchmark_level,
    region_growth_pct,
    region_growth_fact_id,
    region_growth_is_estimate,
    cited_relation,
    cited_gap_pp,
    cited_benchmark_growth_pct,
    cited_fact_id,
    cited_doc_id,
    cited_text,
    cited_sentence,
    official_growth_pct,
    official_source_url,
    official_quote,
    official_vintage,
    official_is_estimate,
    n_official_sources,
    n_official_values,
    benchmark_reported_growth_pct,
    benchmark_reported_fact_id,
    benchmark_reported_variant,
    benchmark_reported_is_estimate,
    official_gap_pp,
    official_relation,
    case
        when cited_relation is null or official_relation is null then null
        else cited_relation = official_relation
             and (cited_relation = 'equal' or cited_gap_pp is null
                  or abs(cited_gap_pp - official_gap_pp) < 0.05)
    end as citation_agrees,
    case
        when cited_relation is null then 'not_cited'
        when not comparable_with_official and official_plain_growth_pct is not null then 'variant_mismatch'
        when official_growth_pct is null then 'no_official_figure'
        when region_growth_pct is null then 'no_region_growth'
        when cited_relation = official_relation
             and (cited_relation = 'equal' or cited_gap_pp is null or abs(cited_gap_pp - official_gap_pp) < 0.05)
            then 'agrees'
        else 'disagrees'
    end as agreement_status,
    case
        when cited_relation is null then 'the report does not compare this growth with ' || coalesce(benchmark_name, benchmark_code)
        when not comparable_with_official and official_plain_growth_pct is not null
            then 'cited as ' || cited_relation || ' for the ' || replace(measure_variant, '_', ' ')
                 || ' growth; the official ' || official_plain_growth_pct || '% is the plain real growth: not compared'
        when official_growth_pct is null then 'cited as ' || cited_relation || '; no official figure for '
                                             || coalesce(benchmark_name, benchmark_code) || ' ' || period_code
        when region_growth_pct is null then 'cited as ' || cited_relation || '; the region''s own growth is not extracted'
        else 'cited ' || cited_relation || coalesce(' by ' || cited_gap_pp || ' pp', '') || '; official '
             || 'region ' || region_growth_pct || '% vs ' || official_growth_pct || '% = ' || official_gap_pp || ' pp (' || official_relation || ')'
             || case when region_growth_is_estimate then '; the region''s growth is an estimate' else '' end
             || case when official_is_estimate then '; the official figure is an estimate (' || official_vintage || ')'
                     else '' end
             || case when n_official_values > 1 then '; sources disagree (' || n_official_values || ' values)' else '' end
    end as agreement_note,
    -- what was left out or mixed, and why: a variant row is compared with nothing plain; an estimate is said
    nullif(concat_ws('; ',
        case when measure_variant is not null and official_plain_growth_pct is not null
             then 'a ' || replace(measure_variant, '_', ' ') || ' growth: the official ' || official_plain_growth_pct
                  || '% is the plain real growth of ' || coalesce(benchmark_name, benchmark_code) || ', not compared' end,
        case when measure_variant is not null and benchmark_plain_growth_pct is not null
             then 'a ' || replace(measure_variant, '_', ' ') || ' growth: ' || coalesce(benchmark_name, benchmark_code)
                  || '''s own plain growth ' || benchmark_plain_growth_pct || '% is not compared' end,
        case when region_growth_is_estimate and (official_growth_pct is not null
                                                 or benchmark_reported_growth_pct is not null)
             then 'the region''s growth is an estimate (预计)' end,
        case when official_is_estimate then 'the official figure is an estimate (' || official_vintage || ')' end,
        case when benchmark_reported_is_estimate then 'the benchmark''s reported growth is an estimate (预计)' end
    ), '') as like_with_like_note
from related

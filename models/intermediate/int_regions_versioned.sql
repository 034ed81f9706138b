-- Region versions of the national dictionary (seeds/ref_regions.csv) with what peers and benchmarks need:
-- the parent's name, whether the version is current, whether it is a county-level unit that has peers
-- (statistics-only functional zones are not), and its peer group. The dictionary already gives each unit's
-- province and prefecture, so no parent chain is walked here.
with regions as (
    select * from {{ ref('stg_ref_regions') }}
),

parents as (
    -- one row per code: its latest version names it
    select region_code, region_name
    from regions
    qualify row_number() over (partition by region_code order by valid_from desc nulls last) = 1
)

select
    r.region_code || '@' || coalesce(cast(r.valid_from as varchar), 'always') as region_key,
    r.region_code,
    r.region_name,
    r.short_name,
    r.name_en,
    r.region_level,
    r.region_tier,
    r.parent_code,
    p.region_name as parent_name,
    r.prefecture_code,
    r.province_code,
    r.valid_from,
    r.valid_to,
    r.valid_to is null as is_current,
    r.region_level in ('county', 'county_level_city', 'district') as is_county_level,
    -- the units a claim among "the county-level units of X" / "the cities of X" compares with
    case
        when r.region_level in ('county', 'county_level_city', 'district') and r.prefecture_code is not null
            then 'county@' || r.prefecture_code
        when r.region_level in ('county', 'county_level_city', 'district') then 'county@' || r.province_code
        when r.region_tier = 'prefecture' then 'prefecture@' || r.province_code
        when r.region_tier = 'province' then 'province'
    end as peer_group,
    r.successor_codes,
    r.notes
from regions r
left join parents p on p.region_code = r.parent_code

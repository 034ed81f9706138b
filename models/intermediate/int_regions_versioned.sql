-- Region versions with the prefecture and province they belong to, so peers and benchmarks can be found
-- without walking the parent chain again. Parents are looked up by code on their current version
-- (320600 and 320000 never changed code).
with regions as (
    select * from {{ ref('stg_ref_regions') }}
),

parents as (
    -- one row per code: the latest version names the parent
    select region_code, region_name, region_level, parent_code
    from regions
    qualify row_number() over (partition by region_code order by valid_from desc nulls last) = 1
),

chained as (
    select
        r.*,
        p.region_name  as parent_name,
        p.region_level as parent_level,
        p.parent_code  as grandparent_code
    from regions r
    left join parents p on p.region_code = r.parent_code
)

select
    region_code || '@' || coalesce(cast(valid_from as varchar), 'always') as region_key,
    region_code,
    region_name,
    region_level,
    parent_code,
    parent_name,
    case
        when region_level = 'prefecture_city' then region_code
        when parent_level = 'prefecture_city' then parent_code
    end as prefecture_code,
    case
        when region_level = 'province' then region_code
        when parent_level = 'province' then parent_code
        when parent_level = 'prefecture_city' then grandparent_code
    end as province_code,
    valid_from,
    valid_to,
    valid_to is null as is_current,
    region_level in ('county', 'county_level_city', 'district') as is_county_level,
    case
        when region_level in ('county', 'county_level_city', 'district') and parent_level = 'prefecture_city'
            then 'county_level@' || parent_code
    end as peer_group,
    notes
from chained

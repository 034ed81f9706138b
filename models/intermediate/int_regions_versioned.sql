-- Region versions with the prefecture and province they belong to, so peers and benchmarks can be found
-- without walking the parent chain again. Parents are looked up by code on their current version
-- (320600 and 320000 never changed code).
-- Units that reports name but the reference does not list (南京市 in a Jiangsu news page) are added as
-- observed units, without validity dates, their level and parents read from the GB/T 2260 code structure
-- (xx0000 province, xxxx00 prefecture city, else county-level), so every fact's region resolves to a row.
with reference as (
    select *, true as in_reference from {{ ref('stg_ref_regions') }}
),

observed as (
    select region_code, min(region_name) as region_name
    from (
        select region_code, region_name from {{ ref('stg_facts') }}
        union all
        select region_code, region_name from {{ ref('stg_documents') }}
    )
    where region_code is not null
      and region_code not in (select region_code from reference)
    group by region_code
),

regions as (
    select * from reference
    union all by name
    select
        region_code,
        region_name,
        case when region_code like '%0000' then 'province'
             when region_code like '%00' then 'prefecture_city' end as region_level,
        case when region_code like '%0000' then null
             when region_code like '%00' then left(region_code, 2) || '0000'
             else left(region_code, 4) || '00' end as parent_code,
        null::date as valid_from,
        null::date as valid_to,
        'observed in reports, not in seeds/ref_regions.csv; level and parent read from the code' as notes,
        false as in_reference
    from observed
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
        coalesce(p.region_name, case when r.parent_code like '%0000' then null end) as parent_name,
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
    notes,
    in_reference
from chained

select
    region_key,
    region_code,
    region_name,
    region_level,
    parent_code,
    parent_name,
    prefecture_code,
    province_code,
    valid_from,
    valid_to,
    is_current,
    is_county_level,
    peer_group,
    notes,
    in_reference
from {{ ref('int_regions_versioned') }}

-- Rename and type only. Year-only validity dates ('1983') become 1 January of that year; ISO dates are kept.
-- valid_to is exclusive.
select
    code                                    as region_code,
    name                                    as region_name,
    short_name,
    name_en,
    level                                   as region_level,
    tier                                    as region_tier,
    parent_code,
    province_code,
    prefecture_code,
    case when length(valid_from) = 4 then make_date(cast(valid_from as integer), 1, 1)
         else try_cast(valid_from as date) end as valid_from,
    case when length(valid_to) = 4 then make_date(cast(valid_to as integer), 1, 1)
         else try_cast(valid_to as date) end   as valid_to,
    successor_codes,
    notes
from {{ ref('ref_regions') }}

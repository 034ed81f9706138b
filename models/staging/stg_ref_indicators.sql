select
    code                                    as indicator_code,
    name_zh,
    name_en,
    aliases,
    unit_kind,
    unit_base,
    higher_is_better,
    flow,
    parent_code,
    plausible_min_county,
    plausible_max_county,
    plausible_min_city,
    plausible_max_city,
    plausible_min_province,
    plausible_max_province
from {{ ref('ref_indicators') }}

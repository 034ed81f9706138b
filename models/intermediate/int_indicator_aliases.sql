-- Every wording of the indicator dictionary (name_zh and each alias), normalized the same way as fact
-- wordings, -> its code. Lets dbt map a fact the extractor left uncoded; a wording claimed by two codes
-- goes to the first code alphabetically (the dictionary tests should prevent that).
with dictionary as (
    select indicator_code, name_zh, aliases from {{ ref('stg_ref_indicators') }}
),

wordings as (
    select indicator_code, name_zh as wording from dictionary
    union all
    select indicator_code, trim(unnest(string_split_regex(coalesce(aliases, ''), '[|;,，、；/]'))) as wording
    from dictionary
)

select
    {{ normalize_indicator('wording') }} as indicator_norm,
    min(indicator_code) as indicator_code,
    count(distinct indicator_code) as n_codes
from wordings
where {{ normalize_indicator('wording') }} is not null
group by 1

{#
  Resolve a generic scope or benchmark word relative to the region that uses it: 全市/本市/市 mean its
  prefecture, 全省/本省/省 its province, 全国 the country ('000000', not in dim_region). Named places
  (南通, 江苏省, 南京市) return null here and are looked up by name in the models (macro scope_lookup_join).
#}
{% macro resolve_scope_code(word, prefecture_code, province_code) -%}
    case
        when {{ word }} in ('全市', '市', '本市', '市内') then {{ prefecture_code }}
        when {{ word }} in ('全省', '省', '本省', '省内') then {{ province_code }}
        when {{ word }} in ('全国', '国家', '中国', '全国平均') then '000000'
    end
{%- endmacro %}

{% macro scope_kind(word) -%}
    case
        when {{ word }} in ('全市', '市', '本市', '市内') then 'prefecture'
        when {{ word }} in ('全省', '省', '本省', '省内') then 'province'
        when {{ word }} in ('全国', '国家', '中国', '全国平均') then 'country'
        when {{ word }} in ('历史', '历年', '历史同期') then 'history'
    end
{%- endmacro %}

{#- A named place (南通 / 南通市 / 江苏 / 江苏省) -> the current unit of that name (the bare name takes 市 or 省). -#}
{% macro scope_lookup_join(alias, word) -%}
    left join (
        select region_name, min(region_code) as region_code, min(region_level) as region_level
        from {{ ref('int_regions_versioned') }}
        where is_current or valid_to is null
        group by region_name
    ) {{ alias }}
      on {{ alias }}.region_name in ({{ word }}, {{ word }} || '市', {{ word }} || '省')
{%- endmacro %}

{#- A region version is valid on a date when valid_from <= date < valid_to (null bounds are open). -#}
{% macro valid_on(alias, date_expr) -%}
    (coalesce({{ alias }}.valid_from, date '0001-01-01') <= {{ date_expr }}
     and ({{ alias }}.valid_to is null or {{ alias }}.valid_to > {{ date_expr }}))
{%- endmacro %}

{#- Display name of a scope/benchmark code: the current version in ref_regions, 全国 for '000000'. -#}
{% macro scope_name(code_expr) -%}
    case when {{ code_expr }} = '000000' then '全国'
         else (select r.region_name from {{ ref('int_regions_versioned') }} r
               where r.region_code = {{ code_expr }} order by r.valid_from desc nulls last limit 1) end
{%- endmacro %}

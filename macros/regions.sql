{#
  Resolve a benchmark or scope word relative to the region that uses it: in a Nantong county's report
  南通/南通市/全市/市 mean the prefecture, 省/全省/江苏/江苏省 the province, 全国 the country ('000000',
  which is not in dim_region). Returns a code; unknown words return null.
#}
{% macro resolve_scope_code(word, prefecture_code, province_code) -%}
    case
        when {{ word }} in ('南通', '南通市', '全市', '市', '本市', '南通地区') then {{ prefecture_code }}
        when {{ word }} in ('江苏', '江苏省', '全省', '省', '本省', '省内') then {{ province_code }}
        when {{ word }} in ('全国', '国家', '中国', '全国平均') then '000000'
    end
{%- endmacro %}

{% macro scope_kind(word) -%}
    case
        when {{ word }} in ('南通', '南通市', '全市', '市', '本市', '南通地区') then 'prefecture'
        when {{ word }} in ('江苏', '江苏省', '全省', '省', '本省', '省内') then 'province'
        when {{ word }} in ('全国', '国家', '中国', '全国平均') then 'country'
        when {{ word }} in ('历史', '历年', '历史同期') then 'history'
        else 'other'
    end
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

{#
  Indicator matching across documents: by indicator_code when the extractor mapped the wording to the
  dictionary, else by the wording with the report's framing stripped. The framing is the verb and the
  "whole year / whole city" lead-in (全年实现地区生产总值 -> 地区生产总值), a vintage word before or after the name
  (预计, 初步核算: 地区生产总值预计 -> 地区生产总值) and, for rankings, the growth suffix (规模工业总产值增速 ->
  规模工业总产值; the suffix becomes the measure instead).
#}
{% macro normalize_indicator(expr) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(coalesce({{ expr }}, ''), '[\s“”"「」]', '', 'g'),
                '^(全年|全市|全区|全县|全省|今年|本年|上半年|一季度|前三季度)?(预计)?(累计)?(实现|完成|达到)?', ''),
            -- a vintage word the wording carries after the name (地区生产总值预计) is no part of it either
            '(预计|初步核算)?(增速|增幅|增长率|增长)?(预计|初步核算)?$', ''),
        '')
{%- endmacro %}

{#- The match key: the code, else the wording already normalized by normalize_indicator (computed once). -#}
{% macro indicator_key(code_expr, norm_expr) -%}
    coalesce(nullif({{ code_expr }}, ''), 'zh:' || {{ norm_expr }})
{%- endmacro %}

{#- A wording that names a growth rate: the ranked value is the growth, not the level. -#}
{% macro names_growth(expr) -%}
    coalesce(regexp_matches({{ expr }}, '(增速|增幅|增长率|增长)$'), false)
{%- endmacro %}

{#- A wording that counts additions over the period (新增/净增/新招引/新签约…), not the stock. -#}
{% macro is_increment(expr) -%}
    coalesce(regexp_matches({{ expr }}, '^(全年|累计)?(新增|净增|新招引|新引进|新签约|新认定|新获批)'), false)
{%- endmacro %}

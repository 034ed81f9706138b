{#
  The unit a value's series is kept in: values are comparable (and one can be a later vintage of another) only
  when this is the same. Magnitudes do not matter (亿元, 万元, 元 and the bare 亿 are all 元), the kind does
  (565个 projects and 6亿元 of average size are two quantities). The extractor's base unit 个 is shared by
  counters of different things (家 firms, 项 items, 个 anything), so for it the counter as written is kept: 710家
  units offering jobs and 15,328个 jobs stay apart. % and ‰ differ by a factor of ten and percentage points are
  a difference, so each is its own kind; an unknown unit is compared only with itself.
#}
{% macro series_unit(unit, unit_base) -%}
    case
        when {{ unit }} is null or {{ unit }} = '' then ''
        when {{ unit }} in ('个百分点', '百分点') then 'pp'
        when {{ unit_base }} = '个' then regexp_replace({{ unit }}, '^(万亿|亿|万|千)', '')
        when {{ unit_base }} is not null and {{ unit_base }} <> '' then {{ unit_base }}
        else {{ unit }}
    end
{%- endmacro %}

{#- A figure's variant as one spelling: null for the plain figure (real growth, the level itself). -#}
{% macro measure_variant(expr) -%}
    nullif(lower(trim({{ expr }})), '')
{%- endmacro %}

{#-
  Spans as JSON text, [[start, end], ...] in the cleaned document text, the extractor's other_spans format:
  `spans_json(list_expr)` for a DuckDB list of [start, end] lists, `spans_list(json_expr)` back to a list.
-#}
{% macro spans_list(json_expr) -%}
    coalesce(cast(json({{ json_expr }}) as bigint[][]), [])
{%- endmacro %}

{% macro spans_json(list_expr) -%}
    case when len({{ list_expr }}) > 0 then cast(to_json(list_sort({{ list_expr }})) as varchar) end
{%- endmacro %}

{#-
  A figure as a range, one side at a time (`side`: 'lo' or 'hi'): an estimate (预计) or an approximate figure
  (左右, 约) is known within ±3 % of its value (±0.3 percentage points for a rate in %), a bound is open on its
  side (以上 / 突破 'min': at least; 以内 'max': at most), a final exact figure is itself.
-#}
{% macro figure_bound(value, bound, inexact, unit_key, side) -%}
    {%- set open_bound = 'max' if side == 'lo' else 'min' -%}
    {%- set sign = '-' if side == 'lo' else '+' -%}
    case when {{ value }} is null then null
         when {{ bound }} = '{{ open_bound }}' then {{ '-1e308' if side == 'lo' else '1e308' }}
         else {{ value }} {{ sign }} case when {{ inexact }}
                                          then case when {{ unit_key }} = '%' then 0.3 else abs({{ value }}) * 0.03 end
                                          else 0 end end
{%- endmacro %}

{#
  `column_or_null(relation, 'name', 'varchar')` selects a column the seed may not have yet (the gate may add
  columns to data_quality before the CSVs are regenerated) and yields a typed null instead of failing.
#}
{% macro column_or_null(relation, name, type) -%}
    {%- if execute -%}
        {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if name | lower in names -%} {{ adapter.quote(name) }}
        {%- else -%} cast(null as {{ type }})
        {%- endif -%}
    {%- else -%} cast(null as {{ type }})
    {%- endif -%}
{%- endmacro %}

{#
  A model's key, value and reference checks in one test, one failing row per problem, each saying which
  check failed and on what value:
    primary_key           the column is never null and never repeated
    accepted_values       {column: [allowed values]}; null passes (as in dbt's accepted_values)
    relationships         {column: 'model.column'}; every non-null value exists in that model's column
    valid_during_period   {region column: period column}; the region has a dim_region version whose
                          validity [valid_from, valid_to) overlaps the period (see valid_during_period.sql)
  One node instead of one per check: dbt's cost per test node (compile, connection, logging) was most of
  `dbt build`'s time, not the queries. A failure still blocks the model's children, as the single tests did.
  To see the failing rows: run the compiled SQL (target/compiled/...), or read scripts/build_warehouse.py's
  failure report, which prints them.
#}
{% test checks(model, primary_key=none, accepted_values={}, relationships={}, valid_during_period={}) %}
{%- set parts = [] -%}

{%- if primary_key -%}
{%- set part -%}
select 'primary key {{ primary_key }} is null or repeated' as failed_check,
       coalesce(cast({{ primary_key }} as varchar), 'null') || ' (' || count(*) || ' rows)' as detail
from {{ model }}
group by {{ primary_key }}
having {{ primary_key }} is null or count(*) > 1
{%- endset -%}
{%- do parts.append(part) -%}
{%- endif -%}

{%- for column, values in accepted_values.items() -%}
{%- set part -%}
select '{{ column }} not in accepted values' as failed_check,
       cast({{ column }} as varchar) || ' (' || count(*) || ' rows)' as detail
from {{ model }}
where {{ column }} not in ({% for v in values %}'{{ v }}'{{ ', ' if not loop.last }}{% endfor %})
group by {{ column }}
{%- endset -%}
{%- do parts.append(part) -%}
{%- endfor -%}

{%- for column, target in relationships.items() -%}
{%- set to_model, to_column = target.split('.') -%}
{%- set part -%}
select '{{ column }} not found in {{ target }}' as failed_check,
       cast(child.{{ column }} as varchar) || ' (' || count(*) || ' rows)' as detail
from {{ model }} as child
where child.{{ column }} is not null
  and not exists (select 1 from {{ ref(to_model) }} as parent where parent.{{ to_column }} = child.{{ column }})
group by child.{{ column }}
{%- endset -%}
{%- do parts.append(part) -%}
{%- endfor -%}

{%- for column, period_column in valid_during_period.items() -%}
{%- set part -%}
select '{{ column }} not valid during {{ period_column }}' as failed_check, detail
from ({{ valid_during_period_violations(model, column, period_column) }})
{%- endset -%}
{%- do parts.append(part) -%}
{%- endfor -%}

{%- if not parts -%}
{{ exceptions.raise_compiler_error("test checks on " ~ model ~ ": give at least one of primary_key, accepted_values, relationships, valid_during_period") }}
{%- endif -%}
{{ parts | join('\nunion all\n') }}
{% endtest %}

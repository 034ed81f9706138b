{#
  Tables and views in one statement: `create or replace table|view X as (...)`.

  dbt's own materializations build `X__dbt_tmp`, rename the old X to `X__dbt_backup`, rename the new one in,
  then drop the backup, inside BEGIN/COMMIT: five or six round trips per model, each one logged, so that a
  reader of the live database never sees X missing. This project never builds into the live file
  (scripts/build_warehouse.py builds a fresh file and swaps it in whole), and DuckDB's `create or replace` is
  atomic on its own, so the dance buys nothing here and was a large part of `dbt build`'s per-model cost.
  The only other case it handled, X existing as the other kind of relation (a view that became a table), is
  handled below from dbt's relation cache (filled once per run, no query per model).
  Hooks, grants, contracts and persist_docs are not used in this project and are not supported here.
#}

{% macro _replace_relation(kind) %}
  {%- set target = this.incorporate(type=kind) -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- if existing is not none and existing.type != kind -%}
    {%- do adapter.drop_relation(existing) -%}
  {%- endif -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {%- call statement('main', auto_begin=False) -%}
    create or replace {{ kind }} {{ target }} as (
      {{ compiled_code }}
    )
  {%- endcall -%}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target]}) }}
{% endmacro %}

{% materialization replace_table, adapter='duckdb' %}
  {{ return(_replace_relation('table')) }}
{% endmaterialization %}

{% materialization replace_view, adapter='duckdb' %}
  {{ return(_replace_relation('view')) }}
{% endmaterialization %}

{#
  Seeds read by DuckDB's CSV reader in one statement. dbt's seed materialization first parses the whole file
  with agate (Python, cell by cell, inferring types that seeds/_seeds.yml overrides anyway: every seed column
  is typed there) only to create the table, and dbt-duckdb then loads the rows with DuckDB's COPY; seeds were
  the most expensive nodes of `dbt build`. Here the table is created from the file directly, with the same
  reader, the declared column types and the same dialect (header row, comma, double quotes).
#}
{% materialization seed, adapter='duckdb' %}
  {%- set target = this.incorporate(type='table') -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- if existing is not none and existing.type != 'table' -%}
    {%- do adapter.drop_relation(existing) -%}
  {%- endif -%}
  {%- set column_types = config.get('column_types') or {} -%}
  {%- set path = adapter.get_seed_file_path(model) | replace("'", "''") -%}
  {#- dbt's seed runner reads this result; the rows are not needed in Python -#}
  {%- do store_result('agate_table', response='OK') -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {%- call statement('main', auto_begin=False) -%}
    create or replace table {{ target }} as
    select * from read_csv('{{ path }}', header = true, delim = '{{ config.get("delimiter", ",") }}', quote = '"',
                           escape = '"'
                           {%- if column_types %}, types = {
                             {%- for name, type in column_types.items() %}'{{ name }}': '{{ type }}'{{ ', ' if not loop.last }}{% endfor -%}
                           }{% endif %})
  {%- endcall -%}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}

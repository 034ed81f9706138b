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

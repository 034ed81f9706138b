{#
  Where staging reads an ingest table (documents, document_sources, document_texts, removed_spans, facts,
  ingest_events, data_quality; columns as in ingest/tables.py SCHEMAS):
    * by default the committed seed of that name (seeds/<table>.csv, loaded by `dbt build`);
    * with the var ingest_dir set (`--vars '{ingest_dir: /abs/dir}'`, what
      `scripts/build_warehouse.py --ingest-dir DIR` passes), the file DIR/<table>.parquet. dbt seeds go through
      agate, which is slow and memory-hungry at thousands of reports; DuckDB scans Parquet directly. The ingest
      seeds are then disabled (dbt_project.yml) and staging is materialized as tables, so the built warehouse
      does not depend on the Parquet files afterwards.
#}
{% macro ingest_table(name) -%}
    {%- set dir = var('ingest_dir', '') -%}
    {%- if dir -%}
        read_parquet('{{ (dir ~ "/" ~ name ~ ".parquet") | replace("'", "''") }}')
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}

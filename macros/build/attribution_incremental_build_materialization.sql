{#- The materialization of the models an incremental build rewrites in part
    (docs/incremental_builds.md): dbt's 'incremental' where the target has a
    strategy that replaces every row of a key (DuckDB: delete+insert), else
    'table' (a local Spark's parquet tables have neither delete+insert nor
    merge, which need Delta or Iceberg): there every build rebuilds them in
    full, which gives the same rows. -#}
{% macro attribution_incremental_build_materialization() -%}
    {{ return(adapter.dispatch('attribution_incremental_build_materialization', 'attribution')()) }}
{%- endmacro %}

{% macro default__attribution_incremental_build_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro duckdb__attribution_incremental_build_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

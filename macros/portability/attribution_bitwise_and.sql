{#- Bitwise AND of two integers (channel-set bitmasks, see int_channels_indexed).
    `&` on DuckDB, Spark, BigQuery and Postgres; bitand() on Snowflake. -#}
{% macro attribution_bitwise_and(left, right) -%}
    {{ return(adapter.dispatch('attribution_bitwise_and', 'attribution')(left, right)) }}
{%- endmacro %}

{% macro default__attribution_bitwise_and(left, right) -%}
    ({{ left }} & {{ right }})
{%- endmacro %}

{% macro duckdb__attribution_bitwise_and(left, right) -%}
    ({{ left }} & {{ right }})
{%- endmacro %}

{% macro spark__attribution_bitwise_and(left, right) -%}
    ({{ left }} & {{ right }})
{%- endmacro %}

{% macro bigquery__attribution_bitwise_and(left, right) -%}
    ({{ left }} & {{ right }})
{%- endmacro %}

{% macro snowflake__attribution_bitwise_and(left, right) -%}
    bitand({{ left }}, {{ right }})
{%- endmacro %}

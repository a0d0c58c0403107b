{#- A 64-bit float on every engine (dbt.type_float() is 32-bit on DuckDB). -#}
{% macro attribution_type_double() -%}
    {{ return(adapter.dispatch('attribution_type_double', 'attribution')()) }}
{%- endmacro %}

{% macro default__attribution_type_double() -%}double precision{%- endmacro %}
{% macro duckdb__attribution_type_double() -%}double{%- endmacro %}
{% macro spark__attribution_type_double() -%}double{%- endmacro %}
{% macro bigquery__attribution_type_double() -%}float64{%- endmacro %}

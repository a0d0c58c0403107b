{#- Seconds since 1970-01-01 as a double, sub-second precision kept. -#}
{% macro attribution_epoch_seconds(timestamp) -%}
    {{ return(adapter.dispatch('attribution_epoch_seconds', 'attribution')(timestamp)) }}
{%- endmacro %}

{% macro default__attribution_epoch_seconds(timestamp) -%}
    cast(extract(epoch from {{ timestamp }}) as {{ attribution_type_double() }})
{%- endmacro %}

{% macro duckdb__attribution_epoch_seconds(timestamp) -%}
    (cast(epoch_us({{ timestamp }}) as double) / 1000000.0)
{%- endmacro %}

{% macro spark__attribution_epoch_seconds(timestamp) -%}
    (cast(unix_micros({{ timestamp }}) as double) / 1000000.0)
{%- endmacro %}

{% macro bigquery__attribution_epoch_seconds(timestamp) -%}
    (cast(unix_micros({{ timestamp }}) as float64) / 1000000.0)
{%- endmacro %}

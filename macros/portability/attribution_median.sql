{#- Exact median of a numeric expression (aggregate). -#}
{% macro attribution_median(expression) -%}
    {{ return(adapter.dispatch('attribution_median', 'attribution')(expression)) }}
{%- endmacro %}

{% macro default__attribution_median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__attribution_median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__attribution_median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

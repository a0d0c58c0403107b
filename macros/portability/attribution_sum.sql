{#- Sum of money or weights that stays exact to the cent over hundreds of
    millions of rows: a plain double sum drifts by cents at 10^8 rows and
    10^10 totals. DuckDB: compensated (Kahan) summation; elsewhere: summed as
    a wide decimal (18 decimal places, so tiny time-decay weights keep their
    leading digits; totals up to 1e20) and returned as a double. -#}
{% macro attribution_sum(expression) -%}
    {{ return(adapter.dispatch('attribution_sum', 'attribution')(expression)) }}
{%- endmacro %}

{% macro default__attribution_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 18))) as {{ attribution_type_double() }})
{%- endmacro %}

{% macro duckdb__attribution_sum(expression) -%}
    fsum({{ expression }})
{%- endmacro %}

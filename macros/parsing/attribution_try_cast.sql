{#- Cast that gives null instead of failing (Spark 4 raises on failed casts). -#}
{% macro attribution_try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('attribution_try_cast', 'attribution')(expression, data_type)) }}
{%- endmacro %}

{% macro default__attribution_try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__attribution_try_cast(expression, data_type) -%}
    cast({{ expression }} as {{ data_type }})
{%- endmacro %}

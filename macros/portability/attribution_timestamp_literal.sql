{#- A timestamp literal from a var value (text like '2024-06-30 00:00:00'). -#}
{% macro attribution_timestamp_literal(value) -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Trimmed text, with empty strings as null. -#}
{% macro attribution_clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

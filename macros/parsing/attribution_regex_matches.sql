{#- Does text `expression` match the regular expression `pattern` anywhere
    (anchor it with ^ and $ for a whole-value match)? Null for null text. -#}
{% macro attribution_regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('attribution_regex_matches', 'attribution')(expression, pattern)) }}
{%- endmacro %}

{% macro default__attribution_regex_matches(expression, pattern) -%}
    regexp_like({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__attribution_regex_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__attribution_regex_matches(expression, pattern) -%}
    ({{ expression }} rlike '{{ pattern }}')
{%- endmacro %}

{% macro postgres__attribution_regex_matches(expression, pattern) -%}
    ({{ expression }} ~ '{{ pattern }}')
{%- endmacro %}

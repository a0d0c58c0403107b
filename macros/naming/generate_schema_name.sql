{#- Custom schemas are used as given (staging, intermediate, marts, seeds),
    so BI tools read `marts.fct_attributed_touchpoints` on every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

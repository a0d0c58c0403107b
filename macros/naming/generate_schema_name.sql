{#- Where the project's models land.

    Standalone (this repository is the root project, `attribution`): custom
    schemas are used as given (staging, intermediate, marts, seeds), so BI
    tools and the Python readers find `marts.fct_attributed_touchpoints` on
    every target.

    Installed as a package: dbt applies a package's own generate_schema_name to
    the package's models, so this one hands them to the root project's choice:
    the root's generate_schema_name when it defines one, else dbt's default
    (`<target schema>_<custom schema>`, e.g. analytics_marts). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if project_name != 'attribution' -%}
        {%- set root_macros = context.get(project_name) or {} -%}
        {%- set root_macro = root_macros.get('generate_schema_name') -%}
        {%- if root_macro is not none -%}
            {{ return(root_macro(custom_schema_name, node)) }}
        {%- endif -%}
        {{ return(dbt.generate_schema_name(custom_schema_name, node)) }}
    {%- endif -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

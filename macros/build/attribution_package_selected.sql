{#- Whether this invocation selected any node of the project (a model, seed,
    test, unit test or source of package `attribution`). Installed as a
    package, its on-run-start hooks run on every invocation of the root
    project; the raw-table hook does its work only when one of its nodes runs. -#}
{% macro attribution_package_selected() -%}
    {%- for unique_id in selected_resources -%}
        {%- if unique_id.split('.')[1] == 'attribution' -%}{{ return(true) }}{%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}

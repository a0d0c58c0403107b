{#- In an incremental build, stop with a clear message when the stored table
    lacks a column this version writes: it was built by an earlier version,
    and an incremental run would fail on a binder error or mix two layouts.
    A `--full-refresh` build rebuilds it. -#}
{% macro attribution_require_stored_columns(columns) -%}
    {%- if execute and is_incremental() -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set missing = [] -%}
        {%- for column in columns if column | lower not in stored -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' was built by an earlier version of the project (it has no column '
                ~ missing | join(', ') ~ '). Run `dbt build --full-refresh` once to rebuild it;'
                ~ ' later builds are incremental again (docs/incremental_builds.md).') }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- post_hook of fct_touchpoints on an incremental build: the touches that
    are no longer resolved touches (their raw row vanished or was rejected,
    or they lie after the as-of time). Every other change reaches the table
    through delete+insert on touchpoint_id. Renders nothing where the model
    is a table (every build rewrites it in full). -#}
{% macro attribution_delete_unresolved_fact_touches() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as stored
        where not exists (
            select 1
            from {{ ref('int_touchpoints_resolved') }} as resolved
            where resolved.touchpoint_id = stored.touchpoint_id
        )
    {%- endif -%}
{%- endmacro %}

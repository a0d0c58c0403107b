{#- post_hook of rpt_account_timeline on an incremental build: the rows of
    touches that are no longer resolved to that account (their raw row
    vanished or was rejected, they moved account or lost it, or they lie
    after the as-of time). Every other change reaches the table through
    delete+insert on touchpoint_id. Renders nothing where the model is a
    table (every build rewrites it in full). -#}
{% macro attribution_delete_untimed_account_touches() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as stored
        where not exists (
            select 1
            from {{ ref('int_touchpoints_resolved') }} as resolved
            where
                resolved.touchpoint_id = stored.touchpoint_id
                and resolved.account_id = stored.account_id
        )
    {%- endif -%}
{%- endmacro %}

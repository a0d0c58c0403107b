{#- post_hook of stg_marketing__touchpoints on an incremental build: the
    touches whose base row is no longer accepted (its raw row vanished, or
    it became a duplicate). Every other change reaches the table through
    delete+insert on touchpoint_id. Renders nothing where the model is a
    table (every build rewrites it in full). -#}
{% macro attribution_delete_unaccepted_touches() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as stored
        where not exists (
            select 1
            from {{ ref('base_marketing__touchpoints') }} as base_touchpoints
            where
                base_touchpoints.touchpoint_id = stored.touchpoint_id
                and base_touchpoints.rejection_reason is null
        )
    {%- endif -%}
{%- endmacro %}

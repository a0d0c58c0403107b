{#- post_hook of int_touchpoints_resolved on an incremental build: the
    touches whose staged row is gone or was rewritten without being resolved
    again (it now lies after the as-of time), and every touch after the as-of
    time (a point-in-time build moved earlier). Every other change reaches
    the table through delete+insert on touchpoint_id. Renders nothing where
    the model is a table (every build rewrites it in full). -#}
{% macro attribution_delete_unstaged_touches() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as stored
        where
            not exists (
                select 1
                from {{ ref('stg_marketing__touchpoints') }} as staged
                where
                    staged.touchpoint_id = stored.touchpoint_id
                    and staged.touch_built_by = stored.touch_built_by
            )
            or stored.occurred_at > (select max(as_of_at) from {{ ref('int_attribution_as_of') }})
    {%- endif -%}
{%- endmacro %}

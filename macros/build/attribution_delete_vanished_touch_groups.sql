{#- post_hook of base_marketing__touchpoints on an incremental build: the
    rows of the groups (raw_group_key: a touchpoint_id, or '' for the rows
    with none) that have no row left in the raw input. A group that keeps a
    row was revalidated and replaced by delete+insert; a group with none has
    nothing in the new batch to replace it. One anti-join on the key, no
    parsing. Renders nothing where the model is a table (every build
    rewrites it in full). -#}
{% macro attribution_delete_vanished_touch_groups() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as stored
        where not exists (
            select 1
            from (
                select coalesce({{ attribution_clean_text('cast(touchpoint_id as ' ~ dbt.type_string() ~ ')') }}, '')
                    as raw_group_key
                from {{ attribution_input_relation('touchpoints') }}
            ) as raw_input
            where raw_input.raw_group_key = stored.raw_group_key
        )
    {%- endif -%}
{%- endmacro %}

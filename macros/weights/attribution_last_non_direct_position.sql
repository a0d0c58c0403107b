{#- The journey position of the last touch whose channel is not direct (var
    attribution_direct_channels), null when every touch is direct: a window
    over the journey's rows, read by attribution_rule_weight('last_non_direct').
    With path transforms, over the touches of the transformed path. -#}
{% macro attribution_last_non_direct_position(partition_by='opportunity_id') -%}
    {%- set direct_channels = attribution_setting('attribution_direct_channels') -%}
    {%- if attribution_path_transforms() | length > 0 -%}
    {#- With path transforms: the position on the transformed path (attribution_path_transform_ctes). #}
    max(case when is_credited and channel not in ('{{ direct_channels | join("', '") }}') then credited_position end)
        over (partition by {{ partition_by }})
    {%- else -%}
    max(case when channel not in ('{{ direct_channels | join("', '") }}') then touch_position end)
        over (partition by {{ partition_by }})
    {%- endif -%}
{%- endmacro %}

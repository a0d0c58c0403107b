{#- The weight of one touch of a channel under a data-driven model: the
    channel's share of the journey (attribution_channel_share) split equally
    over the channel's touches. -#}
{% macro attribution_channel_touch_weight(share, channel_touch_count) -%}
    cast({{ attribution_safe_divide(share, channel_touch_count) }} as {{ attribution_type_double() }})
{%- endmacro %}

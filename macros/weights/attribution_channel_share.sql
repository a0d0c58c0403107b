{#- A data-driven model's share of the journey for one channel (SPEC section
    5): the channel's credit over the journey's total credit; a journey whose
    credits are all 0 falls back to linear, so the channel gets its touches'
    part (channel_touch_count / touch_count). Each touch of the channel then
    weighs share / channel_touch_count (attribution_channel_touch_weight). The
    per-model weight views and int_journey_channel_shares both use it. -#}
{% macro attribution_channel_share(credit, journey_credit, channel_touch_count, touch_count) -%}
    case
        when {{ journey_credit }} > 0 then {{ attribution_safe_divide(credit, journey_credit) }}
        else {{ attribution_safe_divide(channel_touch_count, touch_count) }}
    end
{%- endmacro %}

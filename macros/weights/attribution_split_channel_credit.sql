{#- The last steps of the data-driven models' per-opportunity weights (SPEC
    section 5): given `credits`, a CTE with one row per opportunity x channel
    of its journey (opportunity_id, channel, channel_touch_count, touch_count,
    clipped_credit >= 0), normalise the credits over the journey's channels
    and split each channel's share equally over its touches; a journey whose
    credits are all 0 falls back to linear (1/n per touch). Renders the CTEs
    normalised, touch_weights and weighted (one row per opportunity x
    touchpoint of `touches`, attribution_model = model_name), so a model ends
    with `{{ attribution_split_channel_credit(...) }} select * from weighted`. -#}
{% macro attribution_split_channel_credit(model_name, credits, touches) -%}
normalised as (

    select
        opportunity_id,
        channel,
        channel_touch_count,
        touch_count,
        clipped_credit,
        {{ attribution_sum('clipped_credit', over='partition by opportunity_id') }} as journey_credit
    from {{ credits }}

),

touch_weights as (

    select
        opportunity_id,
        channel,
        {{ attribution_channel_touch_weight(
            attribution_channel_share('clipped_credit', 'journey_credit', 'channel_touch_count', 'touch_count'),
            'channel_touch_count') }} as touch_weight
    from normalised

),

weighted as (

    select
        cast('{{ model_name }}' as {{ dbt.type_string() }}) as attribution_model,
        cast({{ touches }}.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast({{ touches }}.touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
        cast(touch_weights.touch_weight as {{ attribution_type_double() }}) as attribution_weight
    from {{ touches }}
    inner join touch_weights
        on
            {{ touches }}.opportunity_id = touch_weights.opportunity_id
            and {{ touches }}.channel = touch_weights.channel

)
{%- endmacro %}

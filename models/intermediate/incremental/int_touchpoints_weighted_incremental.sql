{#- incremental weights (SPEC section 5): the local view. One row per
    opportunity x journey touchpoint. Each channel of the journey takes the
    win probability lost without it, probability_drop = p(J) - p(J without
    c) (int_incremental_probabilities_scored); negatives are clipped to 0
    (drops within 1e-12 of zero count as zero, so rounding noise cannot decide
    the credit), the clipped drops are normalised over the journey's
    channels and each channel's share is split equally over its touches.
    When every clipped drop is 0 the journey falls back to linear (1/n per
    touch). Open opportunities are credited with the fit on closed ones. -#}
{%- set zero_tolerance = 1e-12 -%}

with

touches as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

scored as (

    select * from {{ ref('int_incremental_probabilities_scored') }}

),

clipped as (

    select
        opportunity_id,
        channel,
        channel_touch_count,
        case
            when probability_drop > {{ zero_tolerance }} then probability_drop
            else 0
        end as clipped_drop
    from scored

),

normalised as (

    select
        opportunity_id,
        channel,
        channel_touch_count,
        clipped_drop,
        sum(clipped_drop) over (partition by opportunity_id) as journey_drop,
        sum(channel_touch_count) over (partition by opportunity_id) as touch_count
    from clipped

),

touch_weights as (

    select
        opportunity_id,
        channel,
        case
            when journey_drop > 0
                then {{ attribution_safe_divide('clipped_drop', 'journey_drop * channel_touch_count') }}
            else {{ attribution_safe_divide(1, 'touch_count') }}
        end as touch_weight
    from normalised

),

weighted as (

    select
        cast('incremental' as {{ dbt.type_string() }}) as attribution_model,
        cast(touches.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(touches.touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
        cast(touch_weights.touch_weight as {{ attribution_type_double() }}) as attribution_weight
    from touches
    inner join touch_weights
        on
            touches.opportunity_id = touch_weights.opportunity_id
            and touches.channel = touch_weights.channel

)

select * from weighted

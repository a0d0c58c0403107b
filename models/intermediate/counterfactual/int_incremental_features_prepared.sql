{#- The incremental model's features (SPEC section 5): one row per
    opportunity with a non-empty journey (training and open) x distinct
    channel of its journey, the exposure indicators of the win model, with the
    opportunity's type, outcome and place in the held-out split. Closed
    opportunities train (won converts, lost does not); open ones are scored
    and credited only. An opportunity's features are its opportunity type and
    the set of channels it was exposed to; channel_touch_count is kept for the
    credit split (each channel's share goes equally to its touches). -#}
with

touches as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

journey_sets as (

    select * from {{ ref('int_journey_channel_sets') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}

),

split as (

    select * from {{ ref('int_training_opportunities_split') }}

),

exposures as (

    select
        opportunity_id,
        channel,
        count(*) as channel_touch_count
    from touches
    group by opportunity_id, channel

),

final as (

    select
        exposures.opportunity_id,
        exposures.channel,
        exposures.channel_touch_count,
        journey_sets.is_training,
        journey_sets.is_converted,
        journey_sets.won_amount,
        coalesce(opportunities.opportunity_type, '(none)') as opportunity_type,
        coalesce(split.is_holdout, false) as is_holdout
    from exposures
    inner join journey_sets
        on exposures.opportunity_id = journey_sets.opportunity_id
    inner join opportunities
        on exposures.opportunity_id = opportunities.opportunity_id
    left join split
        on exposures.opportunity_id = split.opportunity_id

)

select * from final

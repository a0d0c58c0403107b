{#- The attribution fact (SPEC section 6): one row per attribution model x
    opportunity x journey touchpoint, with the touch's weight and its share of
    the opportunity's pipeline and (for won deals) revenue in the reporting
    currency. Empty journeys appear once per model as `(unattributed)`. -#}
with

weights as (

    select * from {{ ref('int_touchpoints_weighted') }}

),

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

final as (

    select
        weights.attribution_model,
        weights.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        weights.touchpoint_id,
        journeys.contact_id,
        journeys.touchpoint_at,
        journeys.touchpoint_type,
        journeys.campaign_id,
        cast(journeys.touch_position as bigint) as touch_position,
        journeys.touch_count,
        weights.attribution_weight,
        opportunities.is_won,
        opportunities.is_closed,
        coalesce(journeys.channel, '(unattributed)') as channel,
        coalesce(journeys.channel_group, '(unattributed)') as channel_group,
        coalesce(journeys.team, '(unattributed)') as team,
        coalesce(journeys.has_unknown_campaign, false) as has_unknown_campaign,
        weights.attribution_weight * opportunities.amount as attributed_pipeline,
        weights.attribution_weight * opportunities.won_amount as attributed_revenue
    from weights
    inner join opportunities
        on weights.opportunity_id = opportunities.opportunity_id
    left join journeys
        on
            weights.opportunity_id = journeys.opportunity_id
            and weights.touchpoint_id = journeys.touchpoint_id

)

select * from final

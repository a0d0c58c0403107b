{#- Who sourced and who influenced each attributed opportunity.
    sourced_by: the team (marketing or sales) of the opportunity-creation
    touch (OC), `unknown` when OC is missing; sourced_by_first_touch: the team
    of the first touch. Marketing-influenced: any marketing touch in the
    journey. Marketing-accelerated: a marketing touch after the opportunity
    was created (inside the journey). -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

journey_summary as (

    select
        journeys.opportunity_id,
        max(case when journeys.is_opportunity_creation_touch then journeys.team end) as creation_team,
        max(case when journeys.is_opportunity_creation_touch then journeys.channel end) as creation_channel,
        max(case when journeys.is_first_touch then journeys.team end) as first_touch_team,
        max(case when journeys.is_first_touch then journeys.channel end) as first_touch_channel,
        count(case when journeys.team = 'marketing' then journeys.touchpoint_id end) as marketing_touch_count,
        count(case when journeys.team = 'sales' then journeys.touchpoint_id end) as sales_touch_count,
        count(
            case
                when journeys.team = 'marketing' and journeys.touchpoint_at > opportunities.created_at
                    then journeys.touchpoint_id
            end
        ) as marketing_touches_after_creation
    from journeys
    inner join opportunities
        on journeys.opportunity_id = opportunities.opportunity_id
    group by journeys.opportunity_id

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.created_at,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.amount,
        opportunities.won_amount,
        coalesce(journey_summary.creation_team, 'unknown') as sourced_by,
        coalesce(journey_summary.creation_channel, '(none)') as sourced_by_channel,
        coalesce(journey_summary.first_touch_team, 'unknown') as sourced_by_first_touch,
        coalesce(journey_summary.first_touch_channel, '(none)') as first_touch_channel,
        coalesce(journey_summary.marketing_touch_count, 0) as marketing_touch_count,
        coalesce(journey_summary.sales_touch_count, 0) as sales_touch_count,
        coalesce(journey_summary.marketing_touch_count, 0) > 0 as is_marketing_influenced,
        coalesce(journey_summary.marketing_touches_after_creation, 0) > 0 as is_marketing_accelerated
    from opportunities
    left join journey_summary
        on opportunities.opportunity_id = journey_summary.opportunity_id

)

select * from final

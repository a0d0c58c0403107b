{#- One row per accepted opportunity as of the as-of time (a deal closed
    after it is open, without closed_at, won amount or closing stage name; one
    created after it is kept, flagged by exclusion_reason), with its journey
    window, size and milestone channels. -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}

),

staged as (

    select * from {{ ref('int_opportunities_recorded') }}

),

journeys as (

    select
        opportunity_id,
        count(*) as journey_touch_count,
        max(case when is_first_touch then channel end) as first_touch_channel,
        max(case when is_lead_creation_touch then channel end) as lead_creation_channel,
        max(case when is_opportunity_creation_touch then channel end) as opportunity_creation_channel,
        max(case when touch_position = touch_count then channel end) as last_touch_channel
    from {{ ref('int_journey_touchpoints_ordered') }}
    group by opportunity_id

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        {#- The CRM's stage now: unknown at the as-of time for a deal that closed after it. #}
        case when staged.is_closed and not opportunities.is_closed then null else staged.stage_name end
            as stage_name,
        staged.lead_source,
        opportunities.created_at,
        opportunities.closed_at,
        opportunities.is_closed,
        opportunities.is_won,
        staged.amount_original,
        staged.currency_original,
        opportunities.amount,
        opportunities.won_amount,
        opportunities.lead_created_at,
        opportunities.journey_start_at,
        opportunities.journey_end_at,
        opportunities.is_attributed,
        opportunities.exclusion_reason,
        journeys.first_touch_channel,
        journeys.lead_creation_channel,
        journeys.opportunity_creation_channel,
        journeys.last_touch_channel,
        coalesce(journeys.journey_touch_count, 0) as journey_touch_count,
        opportunities.is_attributed and journeys.opportunity_id is null as has_empty_journey
    from opportunities
    inner join staged
        on opportunities.opportunity_id = staged.opportunity_id
    left join journeys
        on opportunities.opportunity_id = journeys.opportunity_id

)

select * from final

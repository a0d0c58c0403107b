{#- Journey length by outcome: one row per outcome (won, lost, open) with the
    average and median number of touches, distinct channels and journey days
    of the attributed opportunities. -#}
with

opportunities as (

    select * from {{ ref('dim_opportunities') }}
    where is_attributed

),

journeys as (

    select
        opportunity_id,
        count(distinct channel) as channel_count,
        (
            {{ attribution_epoch_seconds('max(touchpoint_at)') }} - {{ attribution_epoch_seconds('min(touchpoint_at)') }}
        ) / 86400.0 as journey_days
    from {{ ref('int_journey_touchpoints_ordered') }}
    group by opportunity_id

),

labelled as (

    select
        opportunities.opportunity_id,
        opportunities.journey_touch_count,
        case
            when opportunities.is_won then 'won'
            when opportunities.is_closed then 'lost'
            else 'open'
        end as outcome,
        coalesce(journeys.channel_count, 0) as channel_count,
        coalesce(journeys.journey_days, 0) as journey_days
    from opportunities
    left join journeys
        on opportunities.opportunity_id = journeys.opportunity_id

),

final as (

    select
        outcome,
        count(*) as opportunities,
        {#- Averages as exact sums over the count, the same bits in any row order. -#}
        cast(sum(journey_touch_count) as {{ attribution_type_double() }}) / count(*) as avg_touches,
        cast({{ attribution_median('journey_touch_count') }} as {{ attribution_type_double() }}) as median_touches,
        cast(sum(channel_count) as {{ attribution_type_double() }}) / count(*) as avg_channels,
        {{ attribution_sum('journey_days') }} / count(*) as avg_journey_days
    from labelled
    group by outcome

)

select * from final

{#- Paths for the data-driven models (SPEC section 5): each journey's
    channels in order with consecutive repeats collapsed. One row per
    opportunity x step. Won opportunities convert, lost ones do not (both
    train); open ones are credited but do not train. -#}
with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

flagged as (

    select
        opportunity_id,
        touch_position,
        channel,
        case
            when lag(channel) over (partition by opportunity_id order by touch_position) = channel then 0
            else 1
        end as is_new_step
    from journeys

),

numbered as (

    select
        opportunity_id,
        channel,
        touch_position,
        sum(is_new_step) over (
            partition by opportunity_id order by touch_position
            rows between unbounded preceding and current row
        ) as step_number
    from flagged

),

steps as (

    select
        opportunity_id,
        step_number,
        min(channel) as channel,
        count(*) as step_touch_count
    from numbered
    group by opportunity_id, step_number

),

final as (

    select
        steps.opportunity_id,
        steps.step_number,
        steps.channel,
        steps.step_touch_count,
        opportunities.is_won as is_converted,
        opportunities.is_closed as is_training,
        opportunities.won_amount,
        max(steps.step_number) over (partition by steps.opportunity_id) as step_count
    from steps
    inner join opportunities
        on steps.opportunity_id = opportunities.opportunity_id

)

select * from final

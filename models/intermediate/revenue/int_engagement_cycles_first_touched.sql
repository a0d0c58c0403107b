{#- One row per contact x engagement cycle (see int_engagement_cycles_derived)
    with the cycle's first touch: what brought the contact (back) in. The
    fact fct_engagement_cycles and the dimension dim_contacts read it (a
    dimension does not read a fact). -#}
with

cycles as (

    select * from {{ ref('int_engagement_cycles_derived') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where contact_id is not null

),

cycle_touches as (

    select
        cycles.contact_id,
        cycles.cycle_number,
        touchpoints.touchpoint_id,
        touchpoints.occurred_at,
        touchpoints.channel,
        touchpoints.campaign_id,
        row_number() over (
            partition by cycles.contact_id, cycles.cycle_number
            order by touchpoints.occurred_at, touchpoints.touchpoint_id
        ) as touch_rank,
        count(*) over (partition by cycles.contact_id, cycles.cycle_number) as touch_count
    from cycles
    inner join touchpoints
        on
            cycles.contact_id = touchpoints.contact_id
            and (cycles.window_starts_after is null or cycles.window_starts_after < touchpoints.occurred_at)
            and (cycles.cycle_ended_at is null or cycles.cycle_ended_at >= touchpoints.occurred_at)

),

final as (

    select
        cycles.contact_id,
        cycles.cycle_number,
        cycles.cycle_started_at,
        cycles.cycle_ended_at,
        cycles.is_current_cycle,
        cycles.reached_mql,
        cycles.reached_sql,
        cycles.reached_opportunity,
        cycle_touches.touchpoint_id as first_touchpoint_id,
        cycle_touches.occurred_at as first_touch_at,
        cycle_touches.channel as first_touch_channel,
        cycle_touches.campaign_id as first_touch_campaign_id,
        cycles.cycle_ended_at is not null as is_recycled,
        coalesce(cycle_touches.touch_count, 0) as touch_count
    from cycles
    left join cycle_touches
        on
            cycles.contact_id = cycle_touches.contact_id
            and cycles.cycle_number = cycle_touches.cycle_number
            and cycle_touches.touch_rank = 1

)

select * from final

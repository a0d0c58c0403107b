{#- One row per contact x engagement cycle with the cycle's first touch: what
    brought the contact (back) in (int_engagement_cycles_first_touched). -#}
with

cycles as (

    select * from {{ ref('int_engagement_cycles_first_touched') }}

),

final as (

    select
        contact_id,
        cycle_number,
        cycle_started_at,
        cycle_ended_at,
        is_current_cycle,
        reached_mql,
        reached_sql,
        reached_opportunity,
        first_touchpoint_id,
        first_touch_at,
        first_touch_channel,
        first_touch_campaign_id,
        is_recycled,
        touch_count
    from cycles

)

select * from final

{#- One row per current stage x first-touch channel: how many accounts stand
    at each stage at the as-of time, by the channel of their first touch
    ('(no touch)' for accounts without one), with their open pipeline. -#}
with

accounts as (

    select * from {{ ref('fct_account_stage_current') }}

),

final as (

    select
        current_stage,
        min(stage_order) as stage_order,
        coalesce(first_touch_channel, '(no touch)') as first_touch_channel,
        count(*) as account_count,
        cast(sum(open_opportunity_count) as bigint) as open_opportunity_count,
        {{ attribution_sum('open_pipeline_amount') }} as open_pipeline_amount,
        {{ attribution_median('days_in_stage') }} as median_days_in_stage
    from accounts
    group by current_stage, coalesce(first_touch_channel, '(no touch)')

)

select * from final

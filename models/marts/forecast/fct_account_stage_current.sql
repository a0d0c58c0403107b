{#- One row per accepted account: where it stands at the as-of time. Stage
    precedence (docs/forecast.md): customer (a won opportunity or a contact's
    customer event) > open_opportunity (an opportunity open at the as-of
    time) > sql > sal > mql > lead > recycled > disqualified (the furthest
    current lifecycle stage among its contacts, int_contact_stages_current) >
    none. stage_entered_at: the first won close or customer event; the
    earliest creation of its open opportunities; else the earliest time one
    of its contacts entered the chosen stage. -#}
with

accounts as (

    select * from {{ ref('dim_accounts') }}

),

opportunities as (

    select * from {{ ref('dim_opportunities') }}
    where coalesce(exclusion_reason, 'none') <> 'created_after_as_of'

),

contact_stages as (

    select * from {{ ref('int_contact_stages_current') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}
    where account_id is not null

),

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

customer_events as (

    select
        account_id,
        min(stage_entered_at) as customer_at
    from contact_stages
    where current_stage = 'customer'
    group by account_id

),

won as (

    select
        account_id,
        min(closed_at) as first_won_at
    from opportunities
    where is_won
    group by account_id

),

open_pipeline as (

    select
        account_id,
        count(*) as open_opportunity_count,
        {{ attribution_sum('amount') }} as open_pipeline_amount,
        min(created_at) as first_open_created_at
    from opportunities
    where not is_closed
    group by account_id

),

lifecycle_ranked as (

    select
        account_id,
        current_stage,
        stage_entered_at,
        case current_stage
            when 'sql' then 1
            when 'sal' then 2
            when 'mql' then 3
            when 'lead' then 4
            when 'recycled' then 5
            when 'disqualified' then 6
        end as stage_order
    from contact_stages
    where
        account_id is not null
        and current_stage <> 'customer'

),

lifecycle_best as (

    select
        lifecycle_ranked.*,
        min(lifecycle_ranked.stage_order) over (partition by lifecycle_ranked.account_id) as best_order
    from lifecycle_ranked

),

lifecycle_stage as (

    select
        account_id,
        current_stage as lifecycle_stage,
        min(stage_entered_at) as lifecycle_stage_entered_at
    from lifecycle_best
    where stage_order = best_order
    group by account_id, current_stage

),

touches_ranked as (

    select
        account_id,
        touchpoint_at,
        channel,
        row_number() over (partition by account_id order by touchpoint_at asc, touchpoint_id asc) as first_rank,
        row_number() over (partition by account_id order by touchpoint_at desc, touchpoint_id desc) as last_rank
    from touchpoints

),

touches as (

    select
        account_id,
        max(case when first_rank = 1 then touchpoint_at end) as first_touch_at,
        max(case when first_rank = 1 then channel end) as first_touch_channel,
        max(case when last_rank = 1 then touchpoint_at end) as last_touch_at,
        max(case when last_rank = 1 then channel end) as last_touch_channel
    from touches_ranked
    where first_rank = 1 or last_rank = 1
    group by account_id

),

staged as (

    select
        accounts.account_id,
        as_of.as_of_at,
        touches.first_touch_at,
        touches.first_touch_channel,
        touches.last_touch_at,
        touches.last_touch_channel,
        case
            when won.account_id is not null or customer_events.account_id is not null then 'customer'
            when open_pipeline.account_id is not null then 'open_opportunity'
            when lifecycle_stage.account_id is not null then lifecycle_stage.lifecycle_stage
            else 'none'
        end as current_stage,
        case
            when won.account_id is not null or customer_events.account_id is not null
                then least(
                    coalesce(won.first_won_at, customer_events.customer_at),
                    coalesce(customer_events.customer_at, won.first_won_at)
                )
            when open_pipeline.account_id is not null then open_pipeline.first_open_created_at
            else lifecycle_stage.lifecycle_stage_entered_at
        end as stage_entered_at,
        coalesce(open_pipeline.open_opportunity_count, 0) as open_opportunity_count,
        coalesce(open_pipeline.open_pipeline_amount, 0) as open_pipeline_amount
    from accounts
    cross join as_of
    left join won
        on accounts.account_id = won.account_id
    left join customer_events
        on accounts.account_id = customer_events.account_id
    left join open_pipeline
        on accounts.account_id = open_pipeline.account_id
    left join lifecycle_stage
        on accounts.account_id = lifecycle_stage.account_id
    left join touches
        on accounts.account_id = touches.account_id

),

final as (

    select
        account_id,
        current_stage,
        stage_entered_at,
        first_touch_at,
        first_touch_channel,
        last_touch_at,
        last_touch_channel,
        open_opportunity_count,
        open_pipeline_amount,
        as_of_at,
        case current_stage
            when 'customer' then 1
            when 'open_opportunity' then 2
            when 'sql' then 3
            when 'sal' then 4
            when 'mql' then 5
            when 'lead' then 6
            when 'recycled' then 7
            when 'disqualified' then 8
            else 9
        end as stage_order,
        ({{ attribution_epoch_seconds('as_of_at') }} - {{ attribution_epoch_seconds('stage_entered_at') }})
        / 86400.0 as days_in_stage
    from staged

)

select * from final

{#- Cold accounts that came back: one row per touch that ends a silence of
    at least var attribution_reactivation_silence_days (default 60) days since
    the account's previous touch. With the touch that revived the account, its
    channel and campaign, and the first opportunity created within var
    attribution_reactivation_pipeline_days (default 90) days after it. As of
    the as-of time: later touches and opportunities are not seen. -#}
{%- set silence_days = attribution_setting('attribution_reactivation_silence_days') -%}
{%- set pipeline_days = attribution_setting('attribution_reactivation_pipeline_days') -%}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where account_id is not null

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where not is_created_after_as_of

),

sequenced as (

    select
        account_id,
        touchpoint_id,
        occurred_at,
        contact_id,
        channel,
        campaign_id,
        lag(occurred_at) over (partition by account_id order by occurred_at, touchpoint_id) as previous_touch_at
    from touchpoints

),

reactivations as (

    select
        *,
        (
            {{ attribution_epoch_seconds('occurred_at') }} - {{ attribution_epoch_seconds('previous_touch_at') }}
        ) / 86400.0 as silent_days
    from sequenced
    where
        previous_touch_at is not null
        and occurred_at >= {{ dbt.dateadd('day', silence_days, 'previous_touch_at') }}

),

following_opportunities as (

    select
        touchpoint_id,
        opportunity_id,
        created_at,
        amount
    from (
        select
            reactivations.touchpoint_id,
            opportunities.opportunity_id,
            opportunities.created_at,
            opportunities.amount,
            row_number() over (
                partition by reactivations.touchpoint_id
                order by opportunities.created_at, opportunities.opportunity_id
            ) as opportunity_rank
        from reactivations
        inner join opportunities
            on
                reactivations.account_id = opportunities.account_id
                and reactivations.occurred_at <= opportunities.created_at
                and opportunities.created_at <= {{ dbt.dateadd('day', pipeline_days, 'reactivations.occurred_at') }}
    ) as ranked
    where opportunity_rank = 1

),

final as (

    select
        reactivations.account_id,
        reactivations.touchpoint_id,
        reactivations.occurred_at as reactivated_at,
        reactivations.previous_touch_at,
        reactivations.silent_days,
        reactivations.contact_id,
        reactivations.channel,
        reactivations.campaign_id,
        following_opportunities.opportunity_id as next_opportunity_id,
        following_opportunities.created_at as next_opportunity_created_at,
        following_opportunities.amount as next_opportunity_amount,
        following_opportunities.opportunity_id is not null as has_pipeline_followed
    from reactivations
    left join following_opportunities
        on reactivations.touchpoint_id = following_opportunities.touchpoint_id

)

select * from final

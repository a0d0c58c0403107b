{#- Models side by side (SPEC section 6): one row per attribution model x
    channel with attributed pipeline, revenue and opportunities (sum of
    weights), and the channel's share of the model's revenue. Summed from
    int_attribution_credit_aggregated (the same totals as
    fct_attributed_touchpoints). Touched opportunities are the same under
    every model (each model has a row for every journey touch): counted once
    from the journeys and the empty journeys. -#}
with

attributed as (

    select * from {{ ref('int_attribution_credit_aggregated') }}

),

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

rule_weights as (

    select * from {{ ref('int_journey_rule_weights') }}

),

touched_rows as (

    select
        coalesce(channel, '(unattributed)') as channel,
        coalesce(channel_group, '(unattributed)') as channel_group,
        coalesce(team, '(unattributed)') as team,
        opportunity_id
    from journeys

    union all

    select
        '(unattributed)' as channel,
        '(unattributed)' as channel_group,
        '(unattributed)' as team,
        opportunity_id
    from rule_weights
    where touchpoint_id is null

),

touched as (

    select
        channel,
        channel_group,
        team,
        count(distinct opportunity_id) as touched_opportunities
    from touched_rows
    group by channel, channel_group, team

),

by_channel as (

    select
        attribution_model,
        channel,
        channel_group,
        team,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attributed_opportunities") }} as attributed_opportunities,
        {{ attribution_sum("case when is_won then attributed_opportunities else 0 end") }}
            as attributed_won_opportunities
    from attributed
    group by attribution_model, channel, channel_group, team

),

with_touched as (

    select
        by_channel.*,
        touched.touched_opportunities
    from by_channel
    inner join touched
        on
            by_channel.channel = touched.channel
            and by_channel.channel_group = touched.channel_group
            and by_channel.team = touched.team

),

final as (

    select
        *,
        {{ attribution_safe_divide('attributed_revenue', attribution_sum('attributed_revenue', over='partition by attribution_model')) }}
            as share_of_revenue,
        {{ attribution_safe_divide('attributed_pipeline', attribution_sum('attributed_pipeline', over='partition by attribution_model')) }}
            as share_of_pipeline
    from with_touched

)

select * from final

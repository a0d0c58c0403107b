{#- Models side by side (SPEC section 6): one row per attribution model x
    channel with attributed pipeline, revenue and opportunities (sum of
    weights), and the channel's share of the model's revenue. -#}
with

attributed as (

    select * from {{ ref('fct_attributed_touchpoints') }}

),

by_channel as (

    select
        attribution_model,
        channel,
        channel_group,
        team,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attribution_weight") }} as attributed_opportunities,
        {{ attribution_sum("case when is_won then attribution_weight else 0 end") }} as attributed_won_opportunities,
        count(distinct opportunity_id) as touched_opportunities
    from attributed
    group by attribution_model, channel, channel_group, team

),

final as (

    select
        *,
        {{ attribution_safe_divide('attributed_revenue', attribution_sum('attributed_revenue', over='partition by attribution_model')) }}
            as share_of_revenue,
        {{ attribution_safe_divide('attributed_pipeline', attribution_sum('attributed_pipeline', over='partition by attribution_model')) }}
            as share_of_pipeline
    from by_channel

)

select * from final

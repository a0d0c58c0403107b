{#- Marketing's (and sales') share of attributed pipeline and revenue under
    every attribution model: one row per attribution model x team, summed
    from int_attribution_credit_aggregated. -#}
with

attributed as (

    select * from {{ ref('int_attribution_credit_aggregated') }}

),

by_team as (

    select
        attribution_model,
        team,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attributed_opportunities") }} as attributed_opportunities
    from attributed
    group by attribution_model, team

),

final as (

    select
        *,
        {{ attribution_safe_divide('attributed_pipeline', attribution_sum('attributed_pipeline', over='partition by attribution_model')) }}
            as share_of_pipeline,
        {{ attribution_safe_divide('attributed_revenue', attribution_sum('attributed_revenue', over='partition by attribution_model')) }}
            as share_of_revenue
    from by_team

)

select * from final

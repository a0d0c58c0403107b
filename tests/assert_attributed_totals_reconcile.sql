{#- For every attribution model, attributed pipeline and revenue equal the
    pipeline and won revenue of the attributed opportunities, to the cent
    (summed from int_attribution_credit_aggregated, which the marts read). -#}
with

opportunities as (

    select
        {{ attribution_sum("amount") }} as pipeline,
        {{ attribution_sum("won_amount") }} as revenue,
        count(*) as opportunity_count
    from {{ ref('dim_opportunities') }}
    where is_attributed

),

by_model as (

    select
        attribution_model,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attributed_opportunities") }} as attributed_opportunities
    from {{ ref('int_attribution_credit_aggregated') }}
    group by attribution_model

),

comparison_by_model as (

    select
        attribution_model,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue
    from {{ ref('rpt_attribution_model_comparison') }}
    group by attribution_model

),

compared as (

    select
        by_model.attribution_model,
        opportunities.pipeline,
        by_model.attributed_pipeline,
        comparison_by_model.attributed_pipeline as comparison_pipeline,
        opportunities.revenue,
        by_model.attributed_revenue,
        comparison_by_model.attributed_revenue as comparison_revenue,
        opportunities.opportunity_count,
        by_model.attributed_opportunities
    from by_model
    cross join opportunities
    left join comparison_by_model
        on by_model.attribution_model = comparison_by_model.attribution_model

)

select * from compared
where
    abs(attributed_pipeline - pipeline) >= 0.01
    or abs(attributed_revenue - revenue) >= 0.01
    or abs(comparison_pipeline - pipeline) >= 0.01
    or abs(comparison_revenue - revenue) >= 0.01
    or abs(attributed_opportunities - opportunity_count) > 1e-6

{#- Marketing- vs sales-sourced pipeline and revenue: one row per sourcing
    basis (opportunity_creation_touch, first_touch) x team x channel, with
    influenced and accelerated pipeline. Each basis sums to the attributed
    opportunities' pipeline and won revenue. -#}
with

sourcing as (

    select * from {{ ref('fct_opportunity_sourcing') }}

),

by_basis as (

    select
        'opportunity_creation_touch' as sourcing_basis,
        sourced_by as team,
        sourced_by_channel as channel,
        opportunity_id,
        is_won,
        amount,
        won_amount,
        is_marketing_influenced,
        is_marketing_accelerated
    from sourcing

    union all

    select
        'first_touch' as sourcing_basis,
        sourced_by_first_touch as team,
        first_touch_channel as channel,
        opportunity_id,
        is_won,
        amount,
        won_amount,
        is_marketing_influenced,
        is_marketing_accelerated
    from sourcing

),

final as (

    select
        sourcing_basis,
        team,
        channel,
        count(*) as opportunities,
        count(case when is_won then opportunity_id end) as won_opportunities,
        {{ attribution_sum("amount") }} as pipeline,
        {{ attribution_sum("won_amount") }} as revenue,
        {{ attribution_sum("case when is_marketing_influenced then amount else 0 end") }}
            as marketing_influenced_pipeline,
        {{ attribution_sum("case when is_marketing_influenced then won_amount else 0 end") }}
            as marketing_influenced_revenue,
        {{ attribution_sum("case when is_marketing_accelerated then amount else 0 end") }}
            as marketing_accelerated_pipeline
    from by_basis
    group by sourcing_basis, team, channel

)

select * from final

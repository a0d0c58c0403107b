{#- The model comparison by offer type: one row per attribution model x
    campaign offer type (touches without a campaign under `(none)`). -#}
with

by_campaign as (

    select * from {{ ref('rpt_attribution_campaign_comparison') }}

),

by_offer_type as (

    select
        attribution_model,
        offer_type,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attributed_opportunities") }} as attributed_opportunities
    from by_campaign
    group by attribution_model, offer_type

),

final as (

    select
        *,
        {{ attribution_safe_divide('attributed_revenue', attribution_sum('attributed_revenue', over='partition by attribution_model')) }}
            as share_of_revenue
    from by_offer_type

)

select * from final

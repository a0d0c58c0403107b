{#- The model comparison by campaign: one row per attribution model x
    campaign (touches without a campaign under `(no campaign)`), summed from
    int_attribution_credit_aggregated. -#}
with

attributed as (

    select * from {{ ref('int_attribution_credit_aggregated') }}

),

campaigns as (

    select * from {{ ref('int_campaigns_prepared') }}

),

by_campaign as (

    select
        attributed.attribution_model,
        attributed.campaign_id,
        coalesce(attributed.campaign_id, '(no campaign)') as campaign_key,
        max(campaigns.campaign_name) as campaign_name,
        coalesce(max(campaigns.offer_type), '(none)') as offer_type,
        {{ attribution_sum("attributed.attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed.attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attributed.attributed_opportunities") }} as attributed_opportunities
    from attributed
    left join campaigns
        on attributed.campaign_id = campaigns.campaign_id
    group by attributed.attribution_model, attributed.campaign_id

),

final as (

    select
        *,
        {{ attribution_safe_divide('attributed_revenue', attribution_sum('attributed_revenue', over='partition by attribution_model')) }}
            as share_of_revenue
    from by_campaign

)

select * from final

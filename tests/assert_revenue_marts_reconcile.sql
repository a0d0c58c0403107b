{#- The revenue-analytics marts agree with the opportunities and the spend:
    every sourcing basis, every team split and every original-source basis
    sums to the attributed opportunities' pipeline and won revenue; ROI rows
    sum, per model and alignment, to the same revenue and to the total spend
    (ad spend, plus campaign costs of campaigns without ad spend). To the cent. -#}
with

opportunities as (

    select
        {{ attribution_sum("amount") }} as pipeline,
        {{ attribution_sum("won_amount") }} as revenue
    from {{ ref('dim_opportunities') }}
    where is_attributed

),

spend as (

    select {{ attribution_sum("amount") }} as total_spend
    from (
        select amount from {{ ref('stg_marketing__ad_spend') }}

        union all

        select campaigns.actual_cost as amount
        from {{ ref('stg_crm__campaigns') }} as campaigns
        where
            campaigns.actual_cost is not null
            and campaigns.campaign_id not in (
                select ad_spend.campaign_id from {{ ref('stg_marketing__ad_spend') }} as ad_spend
                where ad_spend.campaign_id is not null
            )
    ) as spend_rows

),

totals as (

    select
        'rpt_sourced_pipeline ' || sourcing_basis as check_name,
        {{ attribution_sum("pipeline") }} as pipeline,
        {{ attribution_sum("revenue") }} as revenue
    from {{ ref('rpt_sourced_pipeline') }}
    group by sourcing_basis

    union all

    select
        'rpt_team_share_by_model ' || attribution_model as check_name,
        {{ attribution_sum("attributed_pipeline") }} as pipeline,
        {{ attribution_sum("attributed_revenue") }} as revenue
    from {{ ref('rpt_team_share_by_model') }}
    group by attribution_model

    {% for basis in ['original_source', 'cycle_first_touch', 'crm_lead_source'] %}
        union all

        select
            'rpt_original_source_comparison {{ basis }}' as check_name,
            {{ attribution_sum('pipeline_by_' ~ basis) }} as pipeline,
            {{ attribution_sum('revenue_by_' ~ basis) }} as revenue
        from {{ ref('rpt_original_source_comparison') }}
    {% endfor %}

    union all

    select
        'rpt_attribution_roi ' || attribution_model || ' ' || alignment as check_name,
        {{ attribution_sum("attributed_pipeline") }} as pipeline,
        {{ attribution_sum("attributed_revenue") }} as revenue
    from {{ ref('rpt_attribution_roi') }}
    group by attribution_model, alignment

),

roi_spend as (

    select
        attribution_model,
        alignment,
        {{ attribution_sum("spend") }} as spend
    from {{ ref('rpt_attribution_roi') }}
    group by attribution_model, alignment

),

mart_spend as (

    select
        {{ attribution_sum("amount") }} as spend,
        {{ attribution_sum("case when spend_month is null then amount else 0 end") }} as undated_spend
    from {{ ref('fct_marketing_spend') }}

),

failures as (

    select
        totals.check_name,
        totals.pipeline - opportunities.pipeline as pipeline_difference,
        totals.revenue - opportunities.revenue as revenue_difference
    from totals
    cross join opportunities
    where
        abs(totals.pipeline - opportunities.pipeline) >= 0.01
        or abs(totals.revenue - opportunities.revenue) >= 0.01

    union all

    select
        'rpt_attribution_roi spend ' || roi_spend.attribution_model || ' ' || roi_spend.alignment as check_name,
        roi_spend.spend - spend.total_spend as pipeline_difference,
        0 as revenue_difference
    from roi_spend
    cross join spend
    cross join mart_spend
    where abs(roi_spend.spend + mart_spend.undated_spend - spend.total_spend) >= 0.01

    union all

    select
        'fct_marketing_spend total' as check_name,
        mart_spend.spend - spend.total_spend as pipeline_difference,
        0 as revenue_difference
    from mart_spend
    cross join spend
    where abs(mart_spend.spend - spend.total_spend) >= 0.01

)

select * from failures

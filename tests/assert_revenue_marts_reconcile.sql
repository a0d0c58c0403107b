{#- The revenue-analytics marts agree with the opportunities and the spend:
    every sourcing basis, every team split and every original-source basis
    sums to the attributed opportunities' pipeline and won revenue; ROI rows
    sum, per model and alignment, to the same revenue and to the total spend
    (ad spend, plus campaign costs of campaigns without ad spend). To the cent.
    In a point-in-time build (var attribution_as_of) the total spend is
    worked out here from its definition, not from the daily rows: ad spend up
    to the as-of day, and of each campaign started by the as-of time its
    actual_cost x (its days up to the as-of day) / (all its days). -#}
with

as_of as (

    select
        as_of_at,
        is_as_of_set,
        cast(as_of_at as date) as as_of_date
    from {{ ref('int_attribution_as_of') }}

),

kept_ad_spend as (

    select
        ad_spend.amount,
        ad_spend.campaign_id
    from {{ ref('stg_marketing__ad_spend') }} as ad_spend
    cross join as_of
    where
        not as_of.is_as_of_set
        or ad_spend.spend_date <= as_of.as_of_date

),

campaign_spans as (

    select
        campaigns.actual_cost,
        campaigns.started_at,
        cast(coalesce(campaigns.started_at, campaigns.ended_at) as date) as first_day,
        cast(coalesce(campaigns.ended_at, campaigns.started_at) as date) as last_day
    from {{ ref('stg_crm__campaigns') }} as campaigns
    where
        campaigns.actual_cost is not null
        and campaigns.campaign_id not in (
            select kept_ad_spend.campaign_id from kept_ad_spend
            where kept_ad_spend.campaign_id is not null
        )

),

campaign_spend as (

    select
        case
            when not as_of.is_as_of_set or campaign_spans.first_day is null
                then campaign_spans.actual_cost
            when
                campaign_spans.started_at > as_of.as_of_at
                or campaign_spans.first_day > as_of.as_of_date
                then 0
            else
                campaign_spans.actual_cost
                * ({{ dbt.datediff('campaign_spans.first_day', 'least(campaign_spans.last_day, as_of.as_of_date)', 'day') }} + 1)
                / ({{ dbt.datediff('campaign_spans.first_day', 'campaign_spans.last_day', 'day') }} + 1)
        end as amount
    from campaign_spans
    cross join as_of

),

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
        select amount from kept_ad_spend

        union all

        select amount from campaign_spend
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

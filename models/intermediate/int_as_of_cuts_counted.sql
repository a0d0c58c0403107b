{#- What a point-in-time build (var attribution_as_of) leaves out or changes,
    so nothing goes missing unseen: one row per input table x kind of cut,
    with the number of accepted rows concerned. Without the var the as-of
    time is the latest touch, lifecycle event or opportunity date, so the
    first rows count 0, and spend is not cut. docs/point_in_time.md says what
    each cut does. -#}
with

as_of as (

    select
        as_of_at,
        is_as_of_set,
        cast(as_of_at as date) as as_of_date
    from {{ ref('int_attribution_as_of') }}

),

counted as (

    select
        'touchpoints' as source_table,
        'occurred_after_as_of' as as_of_cut,
        'left out' as effect,
        count(*) as row_count
    from {{ ref('stg_marketing__touchpoints') }} as touchpoints
    cross join as_of
    where touchpoints.occurred_at > as_of.as_of_at

    union all

    select
        'lifecycle_events' as source_table,
        'occurred_after_as_of' as as_of_cut,
        'left out' as effect,
        count(*) as row_count
    from {{ ref('stg_crm__lifecycle_events') }} as lifecycle_events
    cross join as_of
    where lifecycle_events.occurred_at > as_of.as_of_at

    union all

    select
        'opportunities' as source_table,
        'created_after_as_of' as as_of_cut,
        'kept in dim_opportunities, flagged; no journey, in no total' as effect,
        count(*) as row_count
    from {{ ref('stg_crm__opportunities') }} as opportunities
    cross join as_of
    where opportunities.created_at > as_of.as_of_at

    union all

    select
        'opportunities' as source_table,
        'closed_after_as_of' as as_of_cut,
        'open at the as-of time' as effect,
        count(*) as row_count
    from {{ ref('stg_crm__opportunities') }} as opportunities
    cross join as_of
    where
        opportunities.created_at <= as_of.as_of_at
        and opportunities.is_closed
        and opportunities.closed_at > as_of.as_of_at

    union all

    select
        'ad_spend' as source_table,
        'spent_after_as_of_day' as as_of_cut,
        'left out' as effect,
        count(*) as row_count
    from {{ ref('stg_marketing__ad_spend') }} as ad_spend
    cross join as_of
    where
        as_of.is_as_of_set
        and ad_spend.spend_date > as_of.as_of_date

    union all

    select
        'campaigns' as source_table,
        'started_after_as_of' as as_of_cut,
        'cost left out' as effect,
        count(*) as row_count
    from {{ ref('stg_crm__campaigns') }} as campaigns
    cross join as_of
    where
        as_of.is_as_of_set
        and campaigns.started_at > as_of.as_of_at

    union all

    select
        'campaigns' as source_table,
        'running_at_as_of' as as_of_cut,
        'cost prorated to the days up to the as-of day' as effect,
        count(*) as row_count
    from {{ ref('stg_crm__campaigns') }} as campaigns
    cross join as_of
    where
        as_of.is_as_of_set
        and campaigns.actual_cost is not null
        and (campaigns.started_at is null or campaigns.started_at <= as_of.as_of_at)
        and cast(coalesce(campaigns.ended_at, campaigns.started_at) as date) > as_of.as_of_date

)

select * from counted

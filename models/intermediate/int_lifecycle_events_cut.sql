{{ config(materialized='view') }}
{#- Lifecycle events as of the as-of time: one row per accepted lifecycle
    event that occurred at or before it. What every stage, funnel and
    engagement-cycle model reads, so a point-in-time build (var
    attribution_as_of) sees no later stage change. Without the var the as-of
    time is the latest event in the data and nothing is cut. -#}
with

events as (

    select * from {{ ref('stg_crm__lifecycle_events') }}

),

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

final as (

    select events.*
    from events
    cross join as_of
    where events.occurred_at <= as_of.as_of_at

)

select * from final

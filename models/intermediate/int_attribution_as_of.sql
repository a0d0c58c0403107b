{#- The as-of time: journey end of open opportunities. The var
    attribution_as_of when set (a point-in-time view), else the latest event
    in the data, so repeated runs on the same data give the same numbers. -#}
with

touchpoints as (

    select max(occurred_at) as latest_at from {{ ref('stg_marketing__touchpoints') }}

),

lifecycle_events as (

    select max(occurred_at) as latest_at from {{ ref('stg_crm__lifecycle_events') }}

),

opportunities as (

    select max(coalesce(closed_at, created_at)) as latest_at from {{ ref('stg_crm__opportunities') }}

),

latest as (

    select
        greatest(
            coalesce(touchpoints.latest_at, lifecycle_events.latest_at, opportunities.latest_at),
            coalesce(lifecycle_events.latest_at, touchpoints.latest_at, opportunities.latest_at),
            coalesce(opportunities.latest_at, touchpoints.latest_at, lifecycle_events.latest_at)
        ) as latest_event_at
    from touchpoints
    cross join lifecycle_events
    cross join opportunities

),

final as (

    select
        {%- if attribution_setting('attribution_as_of') %}
        {{ attribution_timestamp_literal(attribution_setting('attribution_as_of')) }} as as_of_at,
        true as is_as_of_set,
        {%- else %}
            latest_event_at as as_of_at,
            false as is_as_of_set,
        {%- endif %}
        latest_event_at
    from latest

)

select * from final

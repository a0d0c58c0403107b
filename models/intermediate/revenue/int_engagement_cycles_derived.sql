{#- Engagement cycles from lifecycle events: a `recycled` event (a lead
    closed after its SLA) ends the contact's current cycle; the next event
    opens a new one. Cycle 1 starts at the contact's first lifecycle event
    (else its created_at). A cycle's touch window is (end of the previous
    cycle, end of this cycle], so touches before the first lead belong to
    cycle 1. Events after the as-of time are not seen
    (int_lifecycle_events_cut). One row per contact x cycle. -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

events as (

    select * from {{ ref('int_lifecycle_events_cut') }}

),

{#- Stage order breaks ties between events at the same instant. #}

numbered_events as (

    select
        contact_id,
        stage,
        occurred_at,
        cast(
            coalesce(
                sum(case when stage = 'recycled' then 1 else 0 end) over (
                    partition by contact_id
                    order by occurred_at, stage
                    rows between unbounded preceding and 1 preceding
                ),
                0
            ) + 1 as bigint
        ) as cycle_number
    from events

),

cycles_from_events as (

    select
        contact_id,
        cycle_number,
        coalesce(
            min(case when stage <> 'recycled' then occurred_at end),
            min(occurred_at)
        ) as cycle_started_at,
        max(case when stage = 'recycled' then occurred_at end) as cycle_ended_at,
        max(case when stage = 'mql' then 1 else 0 end) = 1 as reached_mql,
        max(case when stage = 'sql' then 1 else 0 end) = 1 as reached_sql,
        max(case when stage = 'opportunity' then 1 else 0 end) = 1 as reached_opportunity
    from numbered_events
    group by contact_id, cycle_number

),

cycles_without_events as (

    select
        contacts.contact_id,
        cast(1 as bigint) as cycle_number,
        contacts.created_at as cycle_started_at,
        cast(null as {{ dbt.type_timestamp() }}) as cycle_ended_at,
        false as reached_mql,
        false as reached_sql,
        false as reached_opportunity
    from contacts
    where not exists (
        select 1 from events
        where events.contact_id = contacts.contact_id
    )

),

cycles as (

    select * from cycles_from_events
    union all
    select * from cycles_without_events

),

final as (

    select
        *,
        lag(cycle_ended_at) over (partition by contact_id order by cycle_number) as window_starts_after,
        cycle_number = max(cycle_number) over (partition by contact_id) as is_current_cycle
    from cycles

)

select * from final

{#- One row per contact with the first time it reached each funnel stage
    (in any engagement cycle): lead (its first `lead` event, else its
    created_at), mql, sql, opportunity and customer. Events after the as-of
    time are not seen (int_lifecycle_events_cut). -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

events as (

    select * from {{ ref('int_lifecycle_events_cut') }}

),

first_stage_times as (

    select
        contact_id,
        min(case when stage = 'lead' then occurred_at end) as first_lead_at,
        min(case when stage = 'mql' then occurred_at end) as mql_at,
        min(case when stage = 'sql' then occurred_at end) as sql_at,
        min(case when stage = 'opportunity' then occurred_at end) as opportunity_at,
        min(case when stage = 'customer' then occurred_at end) as customer_at
    from events
    group by contact_id

),

final as (

    select
        contacts.contact_id,
        first_stage_times.mql_at,
        first_stage_times.sql_at,
        first_stage_times.opportunity_at,
        first_stage_times.customer_at,
        coalesce(first_stage_times.first_lead_at, contacts.created_at) as lead_at
    from contacts
    left join first_stage_times
        on contacts.contact_id = first_stage_times.contact_id

)

select * from final

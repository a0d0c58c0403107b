{#- One row per accepted contact with a lifecycle event at or before the
    as-of time: its current lifecycle stage (the stage of its latest event;
    events at the same time resolve to the furthest stage) and when it
    entered it. The CRM's `opportunity` stage counts as `sql` here: whether a
    deal is open is read from the opportunities themselves
    (fct_account_stage_current), and a contact whose deal was lost is back to
    a sales-qualified lead. -#}
with

events as (

    select * from {{ ref('int_lifecycle_events_cut') }}

),

contacts as (

    select * from {{ ref('int_contacts_classified') }}

),

ranked as (

    select
        events.contact_id,
        contacts.account_id,
        events.occurred_at as stage_entered_at,
        case when events.stage = 'opportunity' then 'sql' else events.stage end as current_stage,
        row_number() over (
            partition by events.contact_id
            order by
                events.occurred_at desc,
                case events.stage
                    when 'customer' then 1
                    when 'opportunity' then 2
                    when 'sql' then 3
                    when 'sal' then 4
                    when 'mql' then 5
                    when 'lead' then 6
                    when 'recycled' then 7
                    else 8
                end asc,
                events.lifecycle_event_id asc
        ) as event_rank
    from events
    inner join contacts
        on events.contact_id = contacts.contact_id

),

final as (

    select
        contact_id,
        account_id,
        current_stage,
        stage_entered_at
    from ranked
    where event_rank = 1

)

select * from final

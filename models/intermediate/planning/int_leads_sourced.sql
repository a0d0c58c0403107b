{#- One row per contact that is a lead at the as-of time: its lead time and
    cohort month, the channel of the first touch at or before the lead time
    (the contact's own first touch, else its account's first touch, else
    `(none)`), and the first time it reached each later funnel stage or any
    stage after it. Lead times and stages come from int_contact_stages_pivoted
    (lifecycle events up to the as-of time, int_lifecycle_events_cut); touches
    from int_touchpoints_resolved (up to the as-of time). The first touch at or
    before the lead time is the first touch ever when that one is at or before
    it (and there is none otherwise), so no touch is joined to a lead row by
    row. A point-in-time build (var attribution_as_of) leaves out contacts
    whose lead time is after the as-of time: they were not leads yet. The
    leads rpt_funnel_by_cohort counts. -#}
with

stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}

),

events as (

    select * from {{ ref('int_lifecycle_events_cut') }}

),

as_of as (

    select
        as_of_at,
        is_as_of_set
    from {{ ref('int_attribution_as_of') }}

),

contact_first_touches as (

    select
        contact_id,
        occurred_at,
        channel
    from (
        select
            contact_id,
            occurred_at,
            channel,
            row_number() over (partition by contact_id order by occurred_at, touchpoint_id) as touch_rank
        from touchpoints
        where contact_id is not null
    ) as ranked
    where touch_rank = 1

),

account_first_touches as (

    select
        account_id,
        occurred_at,
        channel
    from (
        select
            account_id,
            occurred_at,
            channel,
            row_number() over (partition by account_id order by occurred_at, touchpoint_id) as touch_rank
        from touchpoints
        where account_id is not null
    ) as ranked
    where touch_rank = 1

),

stages_reached as (

    {#- The first time each contact reached a stage or any stage after it in
        the funnel order mql < sal < sql < opportunity < customer (a lead that
        skips sal and goes straight to sql has progressed past mql and sal
        too). recycled, disqualified and other stages are no progression. -#}
    select
        contact_id,
        min(case when stage in ('mql', 'sal', 'sql', 'opportunity', 'customer') then occurred_at end)
            as mql_reached_at,
        min(case when stage in ('sal', 'sql', 'opportunity', 'customer') then occurred_at end) as sal_reached_at,
        min(case when stage in ('sql', 'opportunity', 'customer') then occurred_at end) as sql_reached_at,
        min(case when stage in ('opportunity', 'customer') then occurred_at end) as opportunity_reached_at
    from events
    group by contact_id

),

leads as (

    select
        stages.contact_id,
        contacts.account_id,
        stages.lead_at
    from stages
    inner join contacts
        on stages.contact_id = contacts.contact_id
    cross join as_of
    where
        not as_of.is_as_of_set
        or stages.lead_at <= as_of.as_of_at

),

final as (

    select
        leads.contact_id,
        leads.account_id,
        leads.lead_at,
        cast({{ dbt.date_trunc('month', 'leads.lead_at') }} as date) as cohort_month,
        stages_reached.mql_reached_at,
        stages_reached.sal_reached_at,
        stages_reached.sql_reached_at,
        stages_reached.opportunity_reached_at,
        case
            when contact_first_touches.occurred_at <= leads.lead_at then contact_first_touches.channel
            when account_first_touches.occurred_at <= leads.lead_at then account_first_touches.channel
            else '(none)'
        end as lead_channel,
        case
            when contact_first_touches.occurred_at <= leads.lead_at then 'contact'
            when account_first_touches.occurred_at <= leads.lead_at then 'account'
            else 'none'
        end as lead_channel_basis
    from leads
    left join contact_first_touches
        on leads.contact_id = contact_first_touches.contact_id
    left join account_first_touches
        on leads.account_id = account_first_touches.account_id
    left join stages_reached
        on leads.contact_id = stages_reached.contact_id

)

select * from final

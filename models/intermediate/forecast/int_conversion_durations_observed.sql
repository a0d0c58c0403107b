{#- One row per conversion metric x subject: the whole days from its start to
    its event, or to the as-of time when the event has not happened yet
    (censored), with the subject's channel (its account's first touch),
    segment (employee count) and opportunity type. The input of the
    Kaplan-Meier curves (int_conversion_survival_curves).
    - lead_to_opportunity, one row per account with a lead: from its first
      lead time (its contacts' earliest lead_at of int_contact_stages_pivoted:
      a contact's first `lead` event, else its creation) to its first
      opportunity's creation.
    - opportunity_to_close, one row per opportunity: creation to close, won
      or lost.
    - opportunity_to_won, one row per opportunity not lost: creation to a
      won close (a lost deal will never be won and leaves the curve).
    - first_touch_to_won, one row per touched account: its first touch to its
      first won close.
    An event before its start (data entered out of order) counts as day 0. -#}
with

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

contacts as (

    select * from {{ ref('int_contacts_classified') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where not is_created_after_as_of

),

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where account_id is not null

),

contact_lead_times as (

    select
        contact_id,
        lead_at
    from {{ ref('int_contact_stages_pivoted') }}

),

account_leads as (

    select
        contacts.account_id,
        min(contact_lead_times.lead_at) as lead_at
    from contacts
    inner join contact_lead_times
        on contacts.contact_id = contact_lead_times.contact_id
    cross join as_of
    where
        contacts.account_id is not null
        and contact_lead_times.lead_at <= as_of.as_of_at
    group by contacts.account_id

),

account_opportunities as (

    select
        account_id,
        min(created_at) as first_opportunity_at,
        min(case when is_won then closed_at end) as first_won_at
    from opportunities
    group by account_id

),

first_touches_ranked as (

    select
        account_id,
        occurred_at,
        channel,
        row_number() over (partition by account_id order by occurred_at asc, touchpoint_id asc) as touch_rank
    from touchpoints

),

first_touches as (

    select
        account_id,
        occurred_at as first_touch_at,
        channel as first_touch_channel
    from first_touches_ranked
    where touch_rank = 1

),

account_dimensions as (

    select
        accounts.account_id,
        first_touches.first_touch_at,
        coalesce(first_touches.first_touch_channel, '(no touch)') as channel,
        case
            when accounts.employee_count is null then 'unknown'
            when accounts.employee_count < 200 then 'smb'
            when accounts.employee_count < 1000 then 'mid_market'
            else 'enterprise'
        end as segment
    from accounts
    left join first_touches
        on accounts.account_id = first_touches.account_id

),

spans as (

    select
        'lead_to_opportunity' as metric,
        account_leads.account_id as subject_id,
        account_leads.account_id,
        account_leads.lead_at as started_at,
        account_opportunities.first_opportunity_at as ended_at,
        cast(null as {{ dbt.type_string() }}) as opportunity_type
    from account_leads
    left join account_opportunities
        on account_leads.account_id = account_opportunities.account_id

    union all

    select
        'opportunity_to_close' as metric,
        opportunity_id as subject_id,
        account_id,
        created_at as started_at,
        closed_at as ended_at,
        opportunity_type
    from opportunities

    union all

    select
        'opportunity_to_won' as metric,
        opportunity_id as subject_id,
        account_id,
        created_at as started_at,
        case when is_won then closed_at end as ended_at,
        opportunity_type
    from opportunities
    where is_won or not is_closed

    union all

    select
        'first_touch_to_won' as metric,
        account_dimensions.account_id as subject_id,
        account_dimensions.account_id,
        account_dimensions.first_touch_at as started_at,
        account_opportunities.first_won_at as ended_at,
        cast(null as {{ dbt.type_string() }}) as opportunity_type
    from account_dimensions
    left join account_opportunities
        on account_dimensions.account_id = account_opportunities.account_id
    where account_dimensions.first_touch_at is not null

),

final as (

    select
        spans.metric,
        spans.subject_id,
        spans.account_id,
        spans.started_at,
        spans.ended_at,
        spans.opportunity_type,
        account_dimensions.channel,
        account_dimensions.segment,
        spans.ended_at is not null as is_event,
        cast(greatest(floor((
            {{ attribution_epoch_seconds('coalesce(spans.ended_at, as_of.as_of_at)') }}
            - {{ attribution_epoch_seconds('spans.started_at') }}
        ) / 86400.0), 0) as integer) as duration_days
    from spans
    cross join as_of
    left join account_dimensions
        on spans.account_id = account_dimensions.account_id

)

select * from final

{#- Opportunities as of the as-of time, with their journey window and
    lead-creation time. An opportunity created after the as-of time or of an
    excluded type is kept and flagged, but gets no journey; models that count
    or sum opportunities leave out those created after the as-of time
    (is_created_after_as_of). An opportunity closed after the as-of time is
    treated as open at the as-of time (not won, no closed_at; amount kept).
    The lead-creation time is the earliest lead time of the opportunity's
    contacts in scope (lead_at of int_contact_stages_pivoted, which reads
    lifecycle events up to the as-of time). -#}
{%- set excluded_types = attribution_setting('attribution_excluded_opportunity_types') -%}

with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

scope_contacts as (

    select * from {{ ref('int_opportunity_contacts_scoped') }}

),

contact_lead_times as (

    select
        contact_id,
        lead_at
    from {{ ref('int_contact_stages_pivoted') }}

),

lead_creation as (

    select
        scope_contacts.opportunity_id,
        min(contact_lead_times.lead_at) as lead_created_at
    from scope_contacts
    inner join contact_lead_times
        on scope_contacts.contact_id = contact_lead_times.contact_id
    group by scope_contacts.opportunity_id

),

as_of_state as (

    select
        opportunities.*,
        as_of.as_of_at,
        opportunities.is_closed and opportunities.closed_at <= as_of.as_of_at as is_closed_as_of
    from opportunities
    cross join as_of

),

final as (

    select
        as_of_state.opportunity_id,
        as_of_state.account_id,
        as_of_state.opportunity_type,
        as_of_state.created_at,
        as_of_state.is_closed_as_of as is_closed,
        as_of_state.amount,
        lead_creation.lead_created_at,
        case when as_of_state.is_closed_as_of then as_of_state.closed_at end as closed_at,
        as_of_state.is_closed_as_of and as_of_state.is_won as is_won,
        case when as_of_state.is_closed_as_of and as_of_state.is_won then as_of_state.amount else 0 end
            as won_amount,
        {{ dbt.dateadd('day', -1 * attribution_setting('attribution_lookback_days'), 'as_of_state.created_at') }}
            as journey_start_at,
        case
            when as_of_state.is_closed_as_of then as_of_state.closed_at
            else as_of_state.as_of_at
        end as journey_end_at,
        as_of_state.created_at > as_of_state.as_of_at as is_created_after_as_of,
        case
            when as_of_state.created_at > as_of_state.as_of_at then 'created_after_as_of'
            {%- if excluded_types %}
            when as_of_state.opportunity_type in ('{{ excluded_types | join("', '") }}')
                then 'excluded_opportunity_type'
            {%- endif %}
        end as exclusion_reason
    from as_of_state
    left join lead_creation
        on as_of_state.opportunity_id = lead_creation.opportunity_id

)

select
    *,
    exclusion_reason is null as is_attributed
from final

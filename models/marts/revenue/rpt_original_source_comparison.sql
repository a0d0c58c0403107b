{#- Original source vs first touch of the engagement cycle vs the CRM's stored
    lead source: one row per channel with how many contacts and how much
    pipeline and won revenue each basis credits to it. An opportunity is
    credited through its source contact (its primary contact role, else the
    earliest created contact of its scope) and the cycle active when it was
    created. `(none)` collects what a basis cannot place. -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

contacts as (

    select * from {{ ref('dim_contacts') }}

),

cycles as (

    select * from {{ ref('fct_engagement_cycles') }}

),

contact_roles as (

    select * from {{ ref('int_opportunity_contact_roles_prepared') }}

),

scope_contacts as (

    select * from {{ ref('int_opportunity_contacts_scoped') }}

),

source_contact_candidates as (

    select
        opportunities.opportunity_id,
        scope_contacts.contact_id,
        1 as preference,
        contacts.created_at
    from opportunities
    inner join scope_contacts
        on opportunities.opportunity_id = scope_contacts.opportunity_id
    inner join contacts
        on scope_contacts.contact_id = contacts.contact_id

    union all

    select
        contact_roles.opportunity_id,
        contact_roles.contact_id,
        0 as preference,
        contacts.created_at
    from contact_roles
    inner join contacts
        on contact_roles.contact_id = contacts.contact_id
    where contact_roles.is_primary

),

source_contacts as (

    select
        opportunity_id,
        contact_id
    from (
        select
            opportunity_id,
            contact_id,
            row_number() over (
                partition by opportunity_id order by preference, created_at, contact_id
            ) as contact_rank
        from source_contact_candidates
    ) as ranked
    where contact_rank = 1

),

opportunity_cycles as (

    select
        opportunity_id,
        first_touch_channel
    from (
        select
            opportunities.opportunity_id,
            cycles.first_touch_channel,
            row_number() over (
                partition by opportunities.opportunity_id order by cycles.cycle_number desc
            ) as cycle_rank
        from opportunities
        inner join source_contacts
            on opportunities.opportunity_id = source_contacts.opportunity_id
        inner join cycles
            on
                source_contacts.contact_id = cycles.contact_id
                and (opportunities.created_at >= cycles.cycle_started_at or cycles.cycle_number = 1)
    ) as ranked
    where cycle_rank = 1

),

opportunity_bases as (

    select
        opportunities.opportunity_id,
        opportunities.amount,
        opportunities.won_amount,
        coalesce(contacts.original_source_channel, '(none)') as original_source_channel,
        coalesce(opportunity_cycles.first_touch_channel, '(none)') as cycle_first_touch_channel,
        coalesce(contacts.crm_lead_source_channel, '(none)') as crm_lead_source_channel
    from opportunities
    left join source_contacts
        on opportunities.opportunity_id = source_contacts.opportunity_id
    left join contacts
        on source_contacts.contact_id = contacts.contact_id
    left join opportunity_cycles
        on opportunities.opportunity_id = opportunity_cycles.opportunity_id

),

{%- set bases = {
    'original_source': 'original_source_channel',
    'cycle_first_touch': 'current_cycle_first_touch_channel',
    'crm_lead_source': 'crm_lead_source_channel',
} %}

credited as (

    {% for basis, contact_column in bases.items() %}
        select
            '{{ basis }}' as basis,
            {{ basis }}_channel as channel,
            1 as opportunities,
            amount as pipeline,
            won_amount as revenue,
            0 as contacts
        from opportunity_bases

        union all

        select
            '{{ basis }}' as basis,
            coalesce({{ contact_column }}, '(none)') as channel,
            0 as opportunities,
            0 as pipeline,
            0 as revenue,
            1 as contacts
        from contacts
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {% for basis in bases %}
            cast(sum(case when basis = '{{ basis }}' then contacts else 0 end) as bigint) as contacts_by_{{ basis }},
            cast(sum(case when basis = '{{ basis }}' then opportunities else 0 end) as bigint)
                as opportunities_by_{{ basis }},
            {{ attribution_sum("case when basis = '" ~ basis ~ "' then pipeline else 0 end") }}
                as pipeline_by_{{ basis }},
            {{ attribution_sum("case when basis = '" ~ basis ~ "' then revenue else 0 end") }}
                as revenue_by_{{ basis }},
        {% endfor %}
        channel
    from credited
    group by channel

)

select * from final

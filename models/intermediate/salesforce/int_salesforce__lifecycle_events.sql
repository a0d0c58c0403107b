{#- Salesforce -> the contract's lifecycle_events (text), one row per person,
    stage and time:
      - lead: the lead-creation time of every person (int_salesforce__contacts);
      - the current status of an unconverted lead, through
        seeds/salesforce_lead_statuses.csv (Salesforce keeps no time for it
        outside lead history: the lead's CreatedDate); `lead` adds nothing;
      - sql: a lead's conversion (ConvertedDate) on its contact;
      - opportunity: every contact on a contact role, at the opportunity's
        creation;
      - customer: every contact on a contact role of a won opportunity, at
        its close (the conformed close time: the closing stage's history row
        when it falls on CloseDate, else CloseDate). -#}
with

contacts as (

    select * from {{ ref('int_salesforce__contacts') }}

),

leads as (

    select * from {{ ref('stg_salesforce__lead') }}

),

people as (

    select * from {{ ref('int_salesforce__people') }}

),

lead_statuses as (

    select
        lower(trim(lead_status)) as lead_status,
        lower(trim(stage)) as stage
    from {{ ref('salesforce_lead_statuses') }}

),

roles as (

    select * from {{ ref('stg_salesforce__opportunity_contact_role') }}

),

opportunities as (

    select * from {{ ref('stg_salesforce__opportunity') }}

),

conformed_opportunities as (

    select * from {{ ref('int_salesforce__opportunities') }}

),

created as (

    select
        contact_id,
        'lead' as stage,
        created_at as occurred_at
    from contacts

),

statuses as (

    select
        leads.id as contact_id,
        lead_statuses.stage,
        {{ attribution_source_timestamp_text('leads.created_date') }} as occurred_at
    from leads
    inner join people
        on leads.id = people.source_id
    inner join lead_statuses
        on lower(trim(leads.status)) = lead_statuses.lead_status
    where not people.is_converted_lead and lead_statuses.stage <> 'lead'

),

conversions as (

    select
        people.person_id as contact_id,
        'sql' as stage,
        {{ attribution_source_timestamp_text('leads.converted_date') }} as occurred_at
    from leads
    inner join people
        on leads.id = people.source_id
    where people.is_converted_lead and leads.converted_date is not null

),

opportunity_roles as (

    select
        roles.contact_id,
        'opportunity' as stage,
        {{ attribution_source_timestamp_text('opportunities.created_date') }} as occurred_at
    from roles
    inner join opportunities
        on roles.opportunity_id = opportunities.id

),

won_roles as (

    select
        roles.contact_id,
        'customer' as stage,
        conformed_opportunities.closed_at as occurred_at
    from roles
    inner join conformed_opportunities
        on roles.opportunity_id = conformed_opportunities.opportunity_id
    where
        {{ attribution_parse_boolean('conformed_opportunities.is_won') }}
        and conformed_opportunities.closed_at is not null

),

unioned as (

    select * from created
    union all
    select * from statuses
    union all
    select * from conversions
    union all
    select * from opportunity_roles
    union all
    select * from won_roles

),

final as (

    {#- Two leads converted into one contact on one day are one conversion. -#}
    select distinct
        contact_id,
        stage,
        occurred_at
    from unioned

)

select * from final

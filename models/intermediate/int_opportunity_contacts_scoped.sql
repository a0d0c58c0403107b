{#- The contacts whose touches make an opportunity's journey (var
    attribution_journey_scope): `account` = every contact of the
    opportunity's account; `contact_roles` = the opportunity's contact roles,
    wherever their account is. -#}
{%- set scope = attribution_setting('attribution_journey_scope') -%}

with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

{% if scope == 'account' -%}
    contacts as (

        select * from {{ ref('stg_crm__contacts') }}

    ),

    scoped as (

        select
            opportunities.opportunity_id,
            contacts.contact_id,
            'account' as scope_reason
        from opportunities
        inner join contacts
            on opportunities.account_id = contacts.account_id

    )
{%- else -%}
contact_roles as (

    select * from {{ ref('stg_crm__opportunity_contact_roles') }}

),

scoped as (

    select
        opportunities.opportunity_id,
        contact_roles.contact_id,
        'contact_role' as scope_reason
    from opportunities
    inner join contact_roles
        on opportunities.opportunity_id = contact_roles.opportunity_id

)
{%- endif %}

select * from scoped

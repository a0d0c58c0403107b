{#- Contacts with their persona (first matching rule of the persona_rules
    seed on the job title) and the CRM's stored lead source as a channel
    (lead_source_channels seed, else the value lowercased with underscores). -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

persona_rules as (

    select * from {{ ref('persona_rules') }}

),

lead_source_channels as (

    select * from {{ ref('lead_source_channels') }}

),

personas as (

    select
        contact_id,
        persona
    from (
        select
            contacts.contact_id,
            persona_rules.persona,
            row_number() over (
                partition by contacts.contact_id order by persona_rules.rule_order
            ) as rule_rank
        from contacts
        inner join persona_rules
            on lower(contacts.job_title) like lower(persona_rules.job_title_pattern)
    ) as ranked
    where rule_rank = 1

),

final as (

    select
        contacts.contact_id,
        contacts.account_id,
        contacts.job_title,
        contacts.created_at,
        contacts.lead_source as crm_lead_source,
        coalesce(personas.persona, 'unknown') as persona,
        case
            when contacts.lead_source is null then null
            else coalesce(
                lead_source_channels.channel,
                replace(lower(trim(contacts.lead_source)), ' ', '_')
            )
        end as crm_lead_source_channel
    from contacts
    left join personas
        on contacts.contact_id = personas.contact_id
    left join lead_source_channels
        on lower(trim(contacts.lead_source)) = lead_source_channels.lead_source

)

select * from final

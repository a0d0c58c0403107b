{#- Salesforce contacts and unconverted leads -> the contract's contacts
    (text). A lead that is not converted into an existing contact is a person
    of its own (its id as contact id, no account: staging matches it to an
    account by its email domain). created_at is the lead-creation time: a
    contact's earliest converted lead's CreatedDate, else its own. -#}
with

contacts as (

    select * from {{ ref('stg_salesforce__contact') }}

),

leads as (

    select * from {{ ref('stg_salesforce__lead') }}

),

people as (

    select * from {{ ref('int_salesforce__people') }}

),

converted_lead_created as (

    select
        people.person_id,
        min({{ attribution_parse_timestamp('leads.created_date') }}) as lead_created_at
    from leads
    inner join people
        on leads.id = people.source_id
    where people.is_converted_lead
    group by people.person_id

),

from_contacts as (

    select
        contacts.id as contact_id,
        contacts.account_id,
        contacts.email,
        contacts.title as job_title,
        case
            when converted_lead_created.lead_created_at is not null
                then {{ dbt.cast('converted_lead_created.lead_created_at', dbt.type_string()) }}
            else {{ attribution_source_timestamp_text('contacts.created_date') }}
        end as created_at,
        contacts.lead_source
    from contacts
    left join converted_lead_created
        on contacts.id = converted_lead_created.person_id

),

from_leads as (

    select
        leads.id as contact_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        leads.email,
        leads.title as job_title,
        {{ attribution_source_timestamp_text('leads.created_date') }} as created_at,
        leads.lead_source
    from leads
    inner join people
        on leads.id = people.source_id
    where not people.is_converted_lead

),

final as (

    select * from from_contacts
    union all
    select * from from_leads

)

select * from final

{#- Salesforce: which person of the conformed contacts each contact or lead id
    is. A contact is itself. A lead converted into a contact that exists is
    that contact (Salesforce keeps the converted lead, ConvertedContactId
    names its contact); any other lead is a person of its own (its id is its
    contact id; it belongs to an account by its email domain only). -#}
with

contacts as (

    select id from {{ ref('stg_salesforce__contact') }}

),

leads as (

    select
        id,
        converted_contact_id
    from {{ ref('stg_salesforce__lead') }}

),

final as (

    select
        id as source_id,
        id as person_id,
        'contact' as source_object,
        false as is_converted_lead
    from contacts

    union all

    select
        leads.id as source_id,
        coalesce(contacts.id, leads.id) as person_id,
        'lead' as source_object,
        contacts.id is not null as is_converted_lead
    from leads
    left join contacts
        on leads.converted_contact_id = contacts.id

)

select * from final

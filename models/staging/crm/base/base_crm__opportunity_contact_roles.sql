with

source as (

    select
        {{ attribution_raw_columns('opportunity_contact_roles') }}
    from {{ attribution_input_relation('opportunity_contact_roles') }}

),

opportunities as (

    select opportunity_id from {{ ref('stg_crm__opportunities') }}

),

contacts as (

    select contact_id from {{ ref('stg_crm__contacts') }}

),

typed as (

    select
        {{ attribution_clean_text('source.opportunity_id') }} as opportunity_id,
        {{ attribution_clean_text('source.contact_id') }} as contact_id,
        {{ attribution_clean_text('source.role') }} as role,
        coalesce({{ attribution_parse_boolean('source.is_primary') }}, false) as is_primary,
        {{ attribution_clean_text('source.is_primary') }} as raw_is_primary,
        {{ attribution_raw_key_text('opportunity_contact_roles') }} as source_key,
        {{ attribution_raw_row_text('opportunity_contact_roles') }} as raw_row
    from source

),

checked as (

    select
        typed.*,
        case
            when typed.opportunity_id is null then 'missing_opportunity_id'
            when typed.contact_id is null then 'missing_contact_id'
            when opportunities.opportunity_id is null then 'unknown_opportunity_id'
            when contacts.contact_id is null then 'unknown_contact_id'
            when
                typed.raw_is_primary is not null
                and {{ attribution_parse_boolean('typed.raw_is_primary') }} is null
                then 'unparseable_is_primary'
        end as row_rejection_reason
    from typed
    left join opportunities
        on typed.opportunity_id = opportunities.opportunity_id
    left join contacts
        on typed.contact_id = contacts.contact_id

),

flagged as (

    {{ attribution_flag_rejections('checked', ['opportunity_id', 'contact_id'], 'contact_role') }}

)

select * from flagged

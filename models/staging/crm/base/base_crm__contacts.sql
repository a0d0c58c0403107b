with

source as (

    select
        {{ attribution_raw_columns('contacts') }}
    from {{ attribution_input_relation('contacts') }}

),

typed as (

    select
        {{ attribution_clean_text('contact_id') }} as contact_id,
        {{ attribution_clean_text('account_id') }} as account_id,
        lower({{ attribution_clean_text('email') }}) as email,
        {{ attribution_clean_text('job_title') }} as job_title,
        {{ attribution_parse_timestamp('created_at') }} as created_at,
        {{ attribution_clean_text('lead_source') }} as lead_source,
        {{ attribution_clean_text('created_at') }} as raw_created_at,
        {{ attribution_raw_key_text('contacts') }} as source_key,
        {{ attribution_raw_row_text('contacts') }} as raw_row
    from source

),

checked as (

    select
        *,
        case
            when contact_id is null then 'missing_contact_id'
            when raw_created_at is null then 'missing_created_at'
            when created_at is null then 'unparseable_created_at'
            when {{ attribution_is_implausible_timestamp('created_at') }} then 'implausible_created_at'
        end as row_rejection_reason
    from typed

),

flagged as (

    {{ attribution_flag_rejections('checked', ['contact_id'], 'contact_id') }}

)

select * from flagged

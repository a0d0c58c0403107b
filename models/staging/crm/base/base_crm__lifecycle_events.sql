{%- set stages = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer', 'recycled', 'disqualified'] -%}

with

source as (

    select
        {{ attribution_raw_columns('lifecycle_events') }}
    from {{ attribution_input_relation('lifecycle_events') }}

),

contacts as (

    select contact_id from {{ ref('stg_crm__contacts') }}

),

typed as (

    select
        {{ attribution_clean_text('source.contact_id') }} as contact_id,
        lower({{ attribution_clean_text('source.stage') }}) as stage,
        {{ attribution_parse_timestamp('source.occurred_at') }} as occurred_at,
        {{ attribution_clean_text('source.occurred_at') }} as raw_occurred_at,
        {{ attribution_raw_key_text('lifecycle_events') }} as source_key,
        {{ attribution_raw_row_text('lifecycle_events') }} as raw_row
    from source

),

checked as (

    select
        typed.*,
        case
            when typed.contact_id is null then 'missing_contact_id'
            when contacts.contact_id is null then 'unknown_contact_id'
            when typed.stage is null then 'missing_stage'
            when typed.stage not in ('{{ stages | join("', '") }}') then 'unknown_stage'
            when typed.raw_occurred_at is null then 'missing_occurred_at'
            when typed.occurred_at is null then 'unparseable_occurred_at'
            when {{ attribution_is_implausible_timestamp('typed.occurred_at') }} then 'implausible_occurred_at'
        end as row_rejection_reason
    from typed
    left join contacts
        on typed.contact_id = contacts.contact_id

),

flagged as (

    {{ attribution_flag_rejections('checked', ['contact_id', 'stage', 'occurred_at'], 'lifecycle_event') }}

),

{# Raw text on rejected rows only (attribution_kept_if_rejected). #}
final as (

    select
        contact_id,
        stage,
        occurred_at,
        raw_occurred_at,
        {{ attribution_kept_if_rejected('source_key') }} as source_key,
        {{ attribution_kept_if_rejected('raw_row') }} as raw_row,
        row_rejection_reason,
        copy_number,
        valid_key_copies,
        rejection_reason
    from flagged

)

select * from final

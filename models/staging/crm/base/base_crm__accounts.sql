with

source as (

    select
        {{ attribution_raw_columns('accounts') }}
    from {{ attribution_input_relation('accounts') }}

),

typed as (

    select
        {{ attribution_clean_text('account_id') }} as account_id,
        {{ attribution_clean_text('account_name') }} as account_name,
        {{ attribution_normalize_domain('domain') }} as domain,
        {{ attribution_clean_text('industry') }} as industry,
        {{ attribution_try_cast(attribution_clean_text('employee_count'), 'bigint') }} as employee_count,
        {{ attribution_parse_timestamp('created_at') }} as created_at,
        {{ attribution_clean_text('employee_count') }} as raw_employee_count,
        {{ attribution_clean_text('created_at') }} as raw_created_at,
        {{ attribution_raw_key_text('accounts') }} as source_key,
        {{ attribution_raw_row_text('accounts') }} as raw_row
    from source

),

checked as (

    select
        *,
        case
            when account_id is null then 'missing_account_id'
            when raw_created_at is null then 'missing_created_at'
            when created_at is null then 'unparseable_created_at'
            when {{ attribution_is_implausible_timestamp('created_at') }} then 'implausible_created_at'
            when raw_employee_count is not null and employee_count is null then 'unparseable_employee_count'
            when employee_count < 0 then 'negative_employee_count'
        end as row_rejection_reason
    from typed

),

flagged as (

    {{ attribution_flag_rejections('checked', ['account_id'], 'account_id') }}

)

select * from flagged

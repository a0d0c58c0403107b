with

source as (

    select
        {{ attribution_raw_columns('currency_rates') }}
    from {{ attribution_input_relation('currency_rates') }}

),

typed as (

    select
        upper({{ attribution_clean_text('currency') }}) as currency,
        {{ attribution_parse_amount('rate_to_reporting') }} as rate_to_reporting,
        {{ attribution_clean_text('rate_to_reporting') }} as raw_rate_to_reporting,
        {{ attribution_raw_key_text('currency_rates') }} as source_key,
        {{ attribution_raw_row_text('currency_rates') }} as raw_row
    from source

),

checked as (

    select
        *,
        case
            when currency is null then 'missing_currency'
            when raw_rate_to_reporting is null then 'missing_rate_to_reporting'
            when {{ attribution_amount_out_of_range('raw_rate_to_reporting') }} then 'rate_to_reporting_out_of_range'
            when rate_to_reporting is null then 'unparseable_rate_to_reporting'
            when rate_to_reporting <= 0 then 'non_positive_rate_to_reporting'
        end as row_rejection_reason
    from typed

),

flagged as (

    {{ attribution_flag_rejections('checked', ['currency'], 'currency') }}

)

select * from flagged

with

source as (

    select
        {{ attribution_raw_columns('opportunities') }}
    from {{ attribution_input_relation('opportunities') }}

),

accounts as (

    select account_id from {{ ref('stg_crm__accounts') }}

),

currency_rates as (

    select * from {{ ref('stg_crm__currency_rates') }}

),

opportunity_type_values as (

    select
        opportunity_type,
        lower(trim(source_value)) as source_value
    from {{ ref('opportunity_type_values') }}

),

typed as (

    select
        {{ attribution_clean_text('opportunity_id') }} as opportunity_id,
        {{ attribution_clean_text('account_id') }} as account_id,
        {{ attribution_parse_timestamp('created_at') }} as created_at,
        {{ attribution_parse_timestamp('closed_at') }} as closed_at,
        {{ attribution_parse_boolean('is_closed') }} as is_closed,
        {{ attribution_parse_boolean('is_won') }} as is_won,
        {{ attribution_parse_amount('amount') }} as amount,
        upper({{ attribution_clean_text('currency') }}) as currency,
        lower({{ attribution_clean_text('opportunity_type') }}) as source_opportunity_type,
        {{ attribution_clean_text('stage_name') }} as stage_name,
        {{ attribution_clean_text('lead_source') }} as lead_source,
        {{ attribution_clean_text('created_at') }} as raw_created_at,
        {{ attribution_clean_text('closed_at') }} as raw_closed_at,
        {{ attribution_clean_text('amount') }} as raw_amount,
        {{ attribution_raw_key_text('opportunities') }} as source_key,
        {{ attribution_raw_row_text('opportunities') }} as raw_row
    from source

),

checked as (

    select
        typed.*,
        currency_rates.rate_to_reporting,
        {#- A blank type takes the configured default; any other value is
            looked up in seeds/opportunity_type_values.csv. -#}
        case
            when typed.source_opportunity_type is null
                then '{{ attribution_setting('attribution_default_opportunity_type') }}'
            else opportunity_type_values.opportunity_type
        end as opportunity_type,
        {#- An open opportunity's close date is the date it is expected to
            close (Salesforce's CloseDate is always filled): kept as
            expected_close_at, never as a close. -#}
        case when not typed.is_closed then typed.closed_at end as expected_close_at,
        typed.amount * currency_rates.rate_to_reporting as amount_reporting,
        case
            when typed.opportunity_id is null then 'missing_opportunity_id'
            when typed.account_id is null then 'missing_account_id'
            when accounts.account_id is null then 'unknown_account_id'
            when typed.raw_created_at is null then 'missing_created_at'
            when typed.created_at is null then 'unparseable_created_at'
            when {{ attribution_is_implausible_timestamp('typed.created_at') }} then 'implausible_created_at'
            when typed.raw_closed_at is not null and typed.closed_at is null then 'unparseable_closed_at'
            when {{ attribution_is_implausible_timestamp('typed.closed_at') }} then 'implausible_closed_at'
            when typed.is_closed is null then 'unparseable_is_closed'
            when typed.is_won is null then 'unparseable_is_won'
            when typed.raw_amount is null then 'missing_amount'
            when {{ attribution_amount_out_of_range('typed.raw_amount') }} then 'amount_out_of_range'
            when typed.amount is null then 'unparseable_amount'
            when typed.amount < 0 then 'negative_amount'
            when typed.currency is null then 'missing_currency'
            when currency_rates.currency is null then 'unknown_currency'
            when typed.source_opportunity_type is not null and opportunity_type_values.opportunity_type is null
                then 'unknown_opportunity_type'
            when typed.is_won and not typed.is_closed then 'won_but_not_closed'
            when typed.is_closed and typed.closed_at is null then 'closed_without_closed_at'
            when typed.is_closed and typed.closed_at < typed.created_at then 'closed_before_created'
        end as row_rejection_reason
    from typed
    left join accounts
        on typed.account_id = accounts.account_id
    left join currency_rates
        on typed.currency = currency_rates.currency
    left join opportunity_type_values
        on typed.source_opportunity_type = opportunity_type_values.source_value

),

flagged as (

    {{ attribution_flag_rejections('checked', ['opportunity_id'], 'opportunity_id') }}

)

select * from flagged

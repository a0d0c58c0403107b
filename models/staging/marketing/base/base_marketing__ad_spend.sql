with

source as (

    select
        {{ attribution_raw_columns('ad_spend') }}
    from {{ attribution_input_relation('ad_spend') }}

),

currency_rates as (

    select * from {{ ref('stg_crm__currency_rates') }}

),

typed as (

    select
        cast({{ attribution_parse_timestamp('spend_date') }} as date) as spend_date,
        lower({{ attribution_clean_text('utm_source') }}) as utm_source,
        lower({{ attribution_clean_text('utm_medium') }}) as utm_medium,
        {{ attribution_clean_text('utm_campaign') }} as utm_campaign,
        {{ attribution_clean_text('campaign_id') }} as campaign_id,
        {{ attribution_parse_amount('amount') }} as amount,
        upper({{ attribution_clean_text('currency') }}) as currency,
        {{ attribution_clean_text('spend_date') }} as raw_spend_date,
        {{ attribution_clean_text('amount') }} as raw_amount,
        {{ attribution_raw_key_text('ad_spend') }} as source_key,
        {{ attribution_raw_row_text('ad_spend') }} as raw_row
    from source

),

checked as (

    select
        typed.*,
        typed.amount * currency_rates.rate_to_reporting as amount_reporting,
        case
            when typed.raw_spend_date is null then 'missing_spend_date'
            when typed.spend_date is null then 'unparseable_spend_date'
            when {{ attribution_is_implausible_timestamp('typed.spend_date') }} then 'implausible_spend_date'
            when typed.utm_campaign is null and typed.campaign_id is null then 'missing_utm_campaign_and_campaign_id'
            when typed.raw_amount is null then 'missing_amount'
            when {{ attribution_amount_out_of_range('typed.raw_amount') }} then 'amount_out_of_range'
            when typed.amount is null then 'unparseable_amount'
            when typed.amount < 0 then 'negative_amount'
            when typed.currency is null then 'missing_currency'
            when currency_rates.currency is null then 'unknown_currency'
        end as row_rejection_reason
    from typed
    left join currency_rates
        on typed.currency = currency_rates.currency

),

flagged as (

    {#- Ad spend has no natural key: several rows for one day and campaign
        are summed downstream; only identical copies are rejected. #}
    {{ attribution_flag_rejections('checked', ['raw_row'], none) }}

)

select * from flagged

with

source as (

    select
        {{ attribution_raw_columns('campaigns') }}
    from {{ attribution_input_relation('campaigns') }}

),

currency_rates as (

    select * from {{ ref('stg_crm__currency_rates') }}

),

typed as (

    select
        {{ attribution_clean_text('campaign_id') }} as campaign_id,
        {{ attribution_clean_text('campaign_name') }} as campaign_name,
        lower({{ attribution_clean_text('channel') }}) as channel_override,
        lower({{ attribution_clean_text('offer_type') }}) as offer_type,
        {{ attribution_parse_timestamp('started_at') }} as started_at,
        {{ attribution_parse_timestamp('ended_at') }} as ended_at,
        {{ attribution_parse_amount('actual_cost') }} as actual_cost,
        coalesce(
            upper({{ attribution_clean_text('currency') }}),
            '{{ attribution_setting('attribution_reporting_currency') }}'
        ) as currency,
        {{ attribution_clean_text('started_at') }} as raw_started_at,
        {{ attribution_clean_text('ended_at') }} as raw_ended_at,
        {{ attribution_clean_text('actual_cost') }} as raw_actual_cost,
        {{ attribution_raw_key_text('campaigns') }} as source_key,
        {{ attribution_raw_row_text('campaigns') }} as raw_row
    from source

),

checked as (

    select
        typed.*,
        typed.actual_cost * currency_rates.rate_to_reporting as actual_cost_reporting,
        case
            when typed.campaign_id is null then 'missing_campaign_id'
            when typed.raw_started_at is not null and typed.started_at is null then 'unparseable_started_at'
            when {{ attribution_is_implausible_timestamp('typed.started_at') }} then 'implausible_started_at'
            when typed.raw_ended_at is not null and typed.ended_at is null then 'unparseable_ended_at'
            when {{ attribution_is_implausible_timestamp('typed.ended_at') }} then 'implausible_ended_at'
            when typed.ended_at < typed.started_at then 'ended_before_started'
            when {{ attribution_amount_out_of_range('typed.raw_actual_cost') }} then 'actual_cost_out_of_range'
            when typed.raw_actual_cost is not null and typed.actual_cost is null then 'unparseable_actual_cost'
            when typed.actual_cost < 0 then 'negative_actual_cost'
            when typed.actual_cost is not null and currency_rates.currency is null then 'unknown_currency'
        end as row_rejection_reason
    from typed
    left join currency_rates
        on typed.currency = currency_rates.currency

),

flagged as (

    {{ attribution_flag_rejections('checked', ['campaign_id'], 'campaign_id') }}

)

select * from flagged

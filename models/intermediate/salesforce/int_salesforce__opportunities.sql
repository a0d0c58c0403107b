{#- Salesforce Opportunity -> the contract's opportunities (text).
      - type: passed as opportunity_type; staging maps it through
        seeds/opportunity_type_values.csv (blank: var
        attribution_default_opportunity_type);
      - close_date: a closed deal's close (the time of its closing
        OpportunityHistory row when that is the same day, since CloseDate is a
        day; never before the creation); an open deal's CloseDate is its
        expected close, which staging keeps as expected_close_at, never as a
        close;
      - amount in CurrencyIsoCode (the reporting currency for an org without
        multiple currencies). Where DatedConversionRate holds the currency,
        the amount is converted here with the rate in force on the close date
        (else the creation date), amount / rate, and written in the corporate
        currency, which currency_rates then converts (rate 1 when it is the
        reporting currency). -#}
{%- set reporting = attribution_setting('attribution_reporting_currency') -%}
with

opportunities as (

    select * from {{ ref('stg_salesforce__opportunity') }}

),

history as (

    select * from {{ ref('stg_salesforce__opportunity_history') }}

),

dated_rates as (

    select
        upper(trim(iso_code)) as iso_code,
        {{ attribution_try_cast('trim(conversion_rate)', attribution_type_double()) }} as conversion_rate,
        cast({{ attribution_parse_timestamp('start_date') }} as date) as start_date,
        cast({{ attribution_parse_timestamp('next_start_date') }} as date) as next_start_date
    from {{ ref('stg_salesforce__dated_conversion_rate') }}

),

corporate as (

    {#- The corporate currency (IsCorporate); the reporting currency when none is marked. -#}
    select coalesce(max(upper(trim(iso_code))), '{{ reporting }}') as iso_code
    from {{ ref('stg_salesforce__currency_type') }}
    where {{ attribution_parse_boolean('is_corporate') }}

),

typed as (

    select
        opportunities.*,
        {{ attribution_parse_boolean('opportunities.is_closed') }} as is_closed_value,
        {{ attribution_parse_timestamp('opportunities.created_date') }} as created_at_value,
        {{ attribution_parse_timestamp('opportunities.close_date') }} as close_date_value,
        {{ attribution_try_cast('trim(opportunities.amount)', attribution_type_double()) }} as amount_value,
        upper(trim(opportunities.currency_iso_code)) as currency_value
    from opportunities

),

closing_times as (

    {#- The latest history row in the deal's current stage: when it closed. -#}
    select
        typed.id,
        max({{ attribution_parse_timestamp('history.created_date') }}) as closed_at_value
    from typed
    inner join history
        on
            typed.id = history.opportunity_id
            and typed.stage_name = history.stage_name
    group by typed.id

),

converted as (

    select
        typed.*,
        closing_times.closed_at_value,
        dated_rates.conversion_rate as dated_rate
    from typed
    left join closing_times
        on typed.id = closing_times.id
    left join dated_rates
        on
            typed.currency_value = dated_rates.iso_code
            and cast(coalesce(typed.close_date_value, typed.created_at_value) as date) >= dated_rates.start_date
            and (
                cast(coalesce(typed.close_date_value, typed.created_at_value) as date) < dated_rates.next_start_date
                or dated_rates.next_start_date is null
            )

),

final as (

    select
        converted.id as opportunity_id,
        converted.account_id,
        {{ attribution_source_timestamp_text('converted.created_date') }} as created_at,
        case
            when
                converted.is_closed_value
                and cast(converted.closed_at_value as date) = cast(converted.close_date_value as date)
                then {{ dbt.cast('converted.closed_at_value', dbt.type_string()) }}
            when
                converted.is_closed_value
                and converted.close_date_value < converted.created_at_value
                and cast(converted.close_date_value as date) = cast(converted.created_at_value as date)
                then {{ dbt.cast('converted.created_at_value', dbt.type_string()) }}
            else {{ attribution_source_timestamp_text('converted.close_date') }}
        end as closed_at,
        converted.is_closed,
        converted.is_won,
        case
            when converted.dated_rate is not null and converted.amount_value is not null
                then {{ dbt.cast(attribution_safe_divide('converted.amount_value', 'converted.dated_rate'),
                    dbt.type_string()) }}
            else converted.amount
        end as amount,
        case
            when converted.dated_rate is not null and converted.amount_value is not null then corporate.iso_code
            else coalesce(converted.currency_iso_code, '{{ reporting }}')
        end as currency,
        converted.type as opportunity_type,
        converted.stage_name,
        converted.lead_source
    from converted
    cross join corporate

)

select * from final

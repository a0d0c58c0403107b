{#- Salesforce CurrencyType -> the contract's currency_rates (text).
    Salesforce's ConversionRate is units of the currency per one unit of the
    corporate currency (amount / rate = corporate amount), the contract's
    rate_to_reporting is the reverse: reporting amount = amount x rate. So
    rate_to_reporting = rate of the reporting currency / rate of the currency
    (1 / rate when the reporting currency is the corporate one, rate 1), at
    full precision. Opportunities converted with dated rates arrive in the
    corporate currency already (int_salesforce__opportunities). -#}
{%- set reporting = attribution_setting('attribution_reporting_currency') -%}
with

currency_types as (

    select
        upper(trim(iso_code)) as iso_code,
        {{ attribution_try_cast('trim(conversion_rate)', attribution_type_double()) }} as conversion_rate
    from {{ ref('stg_salesforce__currency_type') }}

),

reporting as (

    {#- The reporting currency's own rate; 1 when the org does not list it (then it is the corporate one). -#}
    select coalesce(max(conversion_rate), 1) as conversion_rate
    from currency_types
    where iso_code = '{{ reporting }}'

),

final as (

    select
        currency_types.iso_code as currency,
        {{ dbt.cast(attribution_safe_divide('reporting.conversion_rate', 'currency_types.conversion_rate'),
            dbt.type_string()) }} as rate_to_reporting
    from currency_types
    cross join reporting

)

select * from final

{#- The reporting currency converts at 1 even when currency_rates omits it. -#}
with

accepted as (

    select * from {{ ref('base_crm__currency_rates') }}
    where rejection_reason is null

),

rates as (

    select
        currency,
        rate_to_reporting,
        false as is_implicit
    from accepted

),

reporting_currency as (

    select
        '{{ attribution_setting('attribution_reporting_currency') }}' as currency,
        cast(1 as {{ attribution_type_double() }}) as rate_to_reporting,
        true as is_implicit

),

final as (

    select * from rates

    union all

    select * from reporting_currency
    where not exists (
        select 1 from rates
        where rates.currency = reporting_currency.currency
    )

)

select * from final

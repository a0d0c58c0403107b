{#- HubSpot -> the contract's currency_rates (text): none. HubSpot's exchange
    rates are portal settings that the connector's tables do not hold; what
    they hold is each deal's amount_in_home_currency, HubSpot's own
    conversion into the portal's home currency, which
    int_hubspot__opportunities takes as the amount in the reporting currency
    (whose rate, 1, the contract's staging adds). So the reporting currency
    is the portal's home currency (docs/hubspot.md). -#}
select
    cast(null as {{ dbt.type_string() }}) as currency,
    cast(null as {{ dbt.type_string() }}) as rate_to_reporting
where 1 = 0

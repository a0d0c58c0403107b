{#- The file touchpoints.csv|parquet beside the HubSpot tables, when there is
    one: touches HubSpot's tables do not hold (web sessions, ad clicks), in
    the contract's format, unchanged; else no row. -#}
{{ attribution_optional_contract_select('touchpoints') }}

{#- The file touchpoints.csv|parquet beside the Salesforce tables, when there
    is one: touches Salesforce does not hold (web sessions, ad clicks), in the
    contract's format, unchanged; else no row. -#}
{{ attribution_optional_contract_select('touchpoints') }}

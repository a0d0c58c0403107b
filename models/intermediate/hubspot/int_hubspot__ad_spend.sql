{#- The contract's ad_spend: the file ad_spend.csv|parquet beside the
    HubSpot tables when there is one (daily ad spend, which HubSpot's tables
    here do not hold), unchanged; else no row. -#}
{{ attribution_optional_contract_select('ad_spend') }}

{#- The contract's ad_spend: the file ad_spend.csv|parquet beside the
    Salesforce tables when there is one (daily ad spend, which Salesforce does
    not hold), unchanged; else no row. A campaign's ActualCost is its spend
    (int_salesforce__campaigns). -#}
{{ attribution_optional_contract_select('ad_spend') }}

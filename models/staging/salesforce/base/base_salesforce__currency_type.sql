{#- Every raw row of Salesforce's currency_type with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'currency_type') }}

{#- Every raw row of Salesforce's account with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'account') }}

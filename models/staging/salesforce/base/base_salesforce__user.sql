{#- Every raw row of Salesforce's user with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'user') }}

{#- Every raw row of Salesforce's contact with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'contact') }}

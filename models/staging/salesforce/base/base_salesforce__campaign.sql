{#- Every raw row of Salesforce's campaign with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'campaign') }}

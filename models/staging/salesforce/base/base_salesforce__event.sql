{#- Every raw row of Salesforce's event with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'event') }}

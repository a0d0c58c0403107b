{#- Every raw row of Salesforce's lead with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'lead') }}

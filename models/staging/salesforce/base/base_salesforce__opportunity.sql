{#- Every raw row of Salesforce's opportunity with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'opportunity') }}

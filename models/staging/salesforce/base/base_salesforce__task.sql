{#- Every raw row of Salesforce's task with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'task') }}

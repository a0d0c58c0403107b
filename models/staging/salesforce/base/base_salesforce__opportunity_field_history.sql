{#- Every raw row of Salesforce's opportunity_field_history with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'opportunity_field_history') }}

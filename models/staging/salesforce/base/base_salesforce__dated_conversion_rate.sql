{#- Every raw row of Salesforce's dated_conversion_rate with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'dated_conversion_rate') }}

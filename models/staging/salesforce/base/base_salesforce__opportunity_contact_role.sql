{#- Every raw row of Salesforce's opportunity_contact_role with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'opportunity_contact_role') }}

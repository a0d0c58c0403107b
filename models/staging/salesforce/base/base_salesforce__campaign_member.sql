{#- Every raw row of Salesforce's campaign_member with its verdict (macros/sources). -#}
{{ attribution_source_base_model('salesforce', 'campaign_member') }}

{#- Every raw row of HubSpot's deal_stage with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'deal_stage') }}

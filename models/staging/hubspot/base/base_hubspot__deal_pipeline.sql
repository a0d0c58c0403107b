{#- Every raw row of HubSpot's deal_pipeline with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'deal_pipeline') }}

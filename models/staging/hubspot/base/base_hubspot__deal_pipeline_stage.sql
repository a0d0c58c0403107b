{#- Every raw row of HubSpot's deal_pipeline_stage with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'deal_pipeline_stage') }}

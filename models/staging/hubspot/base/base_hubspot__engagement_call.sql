{#- Every raw row of HubSpot's engagement_call with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'engagement_call') }}

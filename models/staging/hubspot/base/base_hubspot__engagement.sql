{#- Every raw row of HubSpot's engagement with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'engagement') }}

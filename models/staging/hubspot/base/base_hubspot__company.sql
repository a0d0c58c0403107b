{#- Every raw row of HubSpot's company with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'company') }}

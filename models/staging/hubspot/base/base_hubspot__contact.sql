{#- Every raw row of HubSpot's contact with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'contact') }}

{#- Every raw row of HubSpot's owner with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'owner') }}

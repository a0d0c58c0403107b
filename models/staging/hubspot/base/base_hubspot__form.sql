{#- Every raw row of HubSpot's form with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'form') }}

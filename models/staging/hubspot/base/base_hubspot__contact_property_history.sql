{#- Every raw row of HubSpot's contact_property_history with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'contact_property_history') }}

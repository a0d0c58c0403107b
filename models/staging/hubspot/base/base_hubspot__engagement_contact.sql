{#- Every raw row of HubSpot's engagement_contact with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'engagement_contact') }}

{#- Every raw row of HubSpot's email_event_click with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'email_event_click') }}

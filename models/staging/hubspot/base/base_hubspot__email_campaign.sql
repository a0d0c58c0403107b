{#- Every raw row of HubSpot's email_campaign with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'email_campaign') }}
